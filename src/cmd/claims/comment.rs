//! `claims comment`.

use anyhow::{Result, bail};

use crate::cmd::files::after_claims_changed;
use crate::cmd::session::Session;
use crate::cmd::{now, registered};
use crate::{said, text};

/// `claims comment`: anyone may comment, on a claim or one of its documents.
pub(super) fn comment(
    session: &mut Session,
    id: String,
    text: String,
    document: Option<String>,
) -> Result<()> {
    if text.trim().is_empty() {
        bail!(said!("error-comment-empty"));
    }
    let document = document.map(|d| d.trim().to_ascii_lowercase());
    let id = registered(session.store, &id)?;
    let actor = session.caller.clone();
    session
        .store
        .add_comment(&id, &text, document.as_deref(), &actor, now()?)?;
    writeln!(session.out, "{}", text!("said-commented", claim = &id))?;
    after_claims_changed(session, false)
}
