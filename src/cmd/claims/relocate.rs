//! `claims move` and `claims detach`: a misfiled document to another claim, or out of its
//! claim to quarantine; file and record together (see `sink::commit`).

use anyhow::{Result, bail};

use super::one_document;
use crate::cmd::files::after_claims_changed;
use crate::cmd::session::Session;
use crate::cmd::{now, registered};
use crate::{said, text};

/// `claims move`: an attached document to another claim, file and record together.
pub(super) fn move_to(
    session: &mut Session,
    sha256: String,
    to: String,
    comment: Option<String>,
) -> Result<()> {
    let actor = session.require_admin("claims move")?;
    let sha256 = one_document(session, &sha256)?;
    let to = registered(session.store, &to)?;
    let target = session
        .store
        .claim(&to)?
        .ok_or_else(|| said!("claim-missing", claim = &to))?;
    if !target.status.accepts_documents() {
        bail!(said!(
            "error-claim-closed",
            claim = &to,
            status = target.status.as_str()
        ));
    }
    let from = session
        .store
        .placed(&sha256)?
        .map(|p| p.claim_id)
        .unwrap_or_default();
    if from == to {
        bail!(said!("error-already-there", claim = &to));
    }
    let filer = crate::sink::commit::Filer::new(session.workspace);
    let archive_path = filer.move_document(
        session.store,
        &sha256,
        &to,
        comment.as_deref(),
        &actor,
        now()?,
    )?;
    writeln!(
        session.out,
        "{}",
        text!("said-moved", from = &from, to = &to, path = &archive_path)
    )?;
    after_claims_changed(session, false)
}

/// `claims detach`: an attached document out of its claim, to quarantine.
pub(super) fn detach(session: &mut Session, sha256: String, comment: String) -> Result<()> {
    let actor = session.require_admin("claims detach")?;
    if comment.trim().is_empty() {
        bail!(said!("error-detach-comment"));
    }
    let sha256 = one_document(session, &sha256)?;
    let from = session
        .store
        .placed(&sha256)?
        .map(|p| p.claim_id)
        .unwrap_or_default();
    let filer = crate::sink::commit::Filer::new(session.workspace);
    let quarantined =
        filer.detach_document(session.store, &sha256, comment.trim(), &actor, now()?)?;
    writeln!(
        session.out,
        "{}",
        text!("said-detached", from = &from, path = &quarantined)
    )?;
    after_claims_changed(session, false)
}
