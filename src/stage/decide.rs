//! The decision: where an examined file goes, as a value.
//!
//! One function owns the rules of SPEC §3 step 5 onwards, in their order: a file that could
//! not be read is quarantined for that reason; the same bytes already attached are a
//! `duplicate`; otherwise the matcher names the claim, and a claim that takes no documents
//! now parks the file as `claim_locked`. Ingestion and `inspect` both call it, so what
//! `inspect` says a file would do is what filing it does. The stage decides only: what came
//! before (the bytes already attached) is looked up by the caller and handed in, and the
//! commit is the sink's (`sink::commit`).

use crate::domain::{Kind, MatchRule, Outcome, Rejection};
use crate::stage::extract::Extracted;
use crate::stage::matcher::{self, Evidence, KnownClaims};

/// Where a file was dropped: what rules (a) and (b) read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dropped<'a> {
    /// Folder names between the kind folder and the file, outermost first.
    pub folders: &'a [String],
    pub file_name: &'a str,
    /// The claim a person named for it (`retry PATH --claim ID`): it replaces the matcher.
    pub named: Option<&'a str>,
    /// The kind of its drop folder: what of its reading an attachment keeps.
    pub kind: Kind,
}

pub(crate) use crate::domain::{Decision, Earlier};

/// Decides where a file goes from what was read of it (`read`), where it was dropped, the
/// claims known, and the attachment of the same bytes made before, if any.
pub(crate) fn decide(
    read: Result<Extracted, Rejection>,
    dropped: Dropped,
    known: &KnownClaims,
    earlier: Option<&Earlier>,
) -> Decision {
    let extracted = match read {
        Ok(extracted) => extracted,
        // Unread, but its folder or name may still say whose it is.
        Err(rejection) => {
            let claim = matcher::match_claim(evidence(dropped, &[]), known)
                .ok()
                .map(|m| m.claim_id);
            return Decision::Quarantine { rejection, claim };
        }
    };
    if let Some(earlier) = earlier {
        return Decision::Quarantine {
            rejection: Rejection::new(
                Outcome::Duplicate,
                crate::text!(
                    "reason-duplicate",
                    claim = &earlier.claim_id,
                    archived = &earlier.archive_path
                ),
            ),
            claim: Some(earlier.claim_id.clone()),
        };
    }
    let matched = match dropped.named {
        Some(named) => match known.as_registered(named) {
            Some(claim_id) => matcher::Matched {
                claim_id: claim_id.to_string(),
                rule: MatchRule::Manual,
            },
            None => {
                return Decision::Quarantine {
                    rejection: Rejection::new(
                        Outcome::Unmatched,
                        crate::text!("reason-named-claim-missing", claim = named),
                    ),
                    claim: None,
                };
            }
        },
        None => match matcher::match_claim(evidence(dropped, &extracted.content), known) {
            Ok(matched) => matched,
            Err(rejection) => {
                return Decision::Quarantine {
                    rejection,
                    claim: None,
                };
            }
        },
    };
    match known.status(&matched.claim_id) {
        Some(status) if !status.accepts_documents() => Decision::Quarantine {
            rejection: Rejection::new(
                Outcome::ClaimLocked,
                crate::text!(
                    "reason-claim-locked",
                    claim = &matched.claim_id,
                    status = status.as_str()
                ),
            ),
            claim: Some(matched.claim_id),
        },
        _ => Decision::Attach {
            claim: matched.claim_id,
            rule: matched.rule,
            read: Box::new(extracted.document_read(dropped.kind)),
        },
    }
}

fn evidence<'a>(dropped: Dropped<'a>, content: &'a [String]) -> Evidence<'a> {
    Evidence {
        folders: dropped.folders,
        file_name: dropped.file_name,
        content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn known(status: Status) -> KnownClaims {
        KnownClaims::new(
            crate::config::Settings::default().claim_id_regex(),
            vec![("CLM-100001".to_string(), status)],
            Vec::new(),
        )
    }

    fn read() -> Result<Extracted, Rejection> {
        Ok(Extracted::new(crate::stage::extract::Format::Pdf))
    }

    const DROPPED: Dropped = Dropped {
        folders: &[],
        file_name: "CLM-100001 invoice.pdf",
        named: None,
        kind: Kind::Invoice,
    };

    #[test]
    fn a_claim_a_person_names_replaces_the_matcher() {
        let dropped = Dropped {
            folders: &[],
            file_name: "invoice.pdf",
            named: Some("clm-100001"),
            kind: Kind::Invoice,
        };
        let decision = decide(read(), dropped, &known(Status::Editing), None);
        assert!(matches!(
            decision,
            Decision::Attach { ref claim, rule: MatchRule::Manual, .. } if claim == "CLM-100001"
        ));
        let unknown = Dropped {
            named: Some("CLM-999999"),
            ..dropped
        };
        let decision = decide(read(), unknown, &known(Status::Editing), None);
        assert_eq!(decision.outcome(), Outcome::Unmatched);
        let locked = decide(read(), dropped, &known(Status::Submitted), None);
        assert_eq!(locked.outcome(), Outcome::ClaimLocked);
    }

    #[test]
    fn a_named_claim_that_takes_documents_gets_the_file() {
        let decision = decide(read(), DROPPED, &known(Status::Editing), None);
        assert!(matches!(
            decision,
            Decision::Attach { ref claim, rule: MatchRule::Filename, .. } if claim == "CLM-100001"
        ));
    }

    #[test]
    fn the_same_bytes_again_are_a_duplicate_of_the_earlier_claim() {
        let earlier = Earlier {
            claim_id: "CLM-100002".to_string(),
            archive_path: "archive/CLM-100002/invoice/a.pdf".to_string(),
        };
        let decision = decide(read(), DROPPED, &known(Status::Editing), Some(&earlier));
        assert_eq!(decision.outcome(), Outcome::Duplicate);
        assert_eq!(decision.claim(), Some("CLM-100002"));
    }

    #[test]
    fn a_submitted_claim_parks_the_file() {
        let decision = decide(read(), DROPPED, &known(Status::Submitted), None);
        assert_eq!(decision.outcome(), Outcome::ClaimLocked);
        assert_eq!(decision.claim(), Some("CLM-100001"));
    }

    #[test]
    fn an_unread_file_keeps_its_reason_and_the_claim_its_name_gives() {
        let rejection = Rejection::new(Outcome::Unreadable, crate::text!("reason-empty"));
        let decision = decide(Err(rejection), DROPPED, &known(Status::Editing), None);
        assert_eq!(decision.outcome(), Outcome::Unreadable);
        assert_eq!(decision.claim(), Some("CLM-100001"));
    }

    #[test]
    fn a_file_naming_no_claim_is_unmatched() {
        let dropped = Dropped {
            folders: &[],
            file_name: "invoice.pdf",
            named: None,
            kind: Kind::Invoice,
        };
        let decision = decide(read(), dropped, &known(Status::Editing), None);
        assert_eq!(decision.outcome(), Outcome::Unmatched);
        assert_eq!(decision.claim(), None);
    }
}
