//! Who did it: the name history records as the actor.
//!
//! For a command it is the operating-system user running claimdrop; for a dropped file, the
//! owner of the file on disk. A uid with no name in the user database is recorded as the number,
//! so an entry always says somebody.

/// The user running this process.
pub fn current_user() -> String {
    user_name(uzers::get_effective_uid())
}

/// The name of a numeric user id, else the number itself.
pub fn user_name(uid: u32) -> String {
    uzers::get_user_by_uid(uid)
        .map(|user| user.name().to_string_lossy().into_owned())
        .unwrap_or_else(|| uid.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_uid_is_its_number() {
        assert_eq!(user_name(4_000_000_001), "4000000001");
    }

    #[test]
    fn the_current_user_has_a_name() {
        assert!(!current_user().is_empty());
    }
}
