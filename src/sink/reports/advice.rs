//! What a person should do, in words: a claim's `next_step`, what it still lacks, and the
//! `action` for a parked file. Worked out from the claim's status and findings, the facts the
//! reports already hold, and said in the configured language; the codes stay beside them.

use super::ClaimRow;
use crate::domain::{Outcome, Status};
use crate::lang::{FluentValue, Lang};

/// Findings that mean a document is missing (the rest mean something attached needs a look).
const MISSING: &[&str] = &["missing_invoice_or_csr", "missing_proof"];
/// Findings about time, said by the deadline itself rather than as a problem.
const TIMING: &[&str] = &["deadline_near", "deadline_passed"];

/// One finding code in words ("a proof of execution").
pub fn lack(lang: Lang, code: &str) -> String {
    lang.word(&format!("lack-{code}"))
}

/// One finding of a claim in words: what could not be read names its documents and fields,
/// and the command that enters them.
pub fn lack_of(lang: Lang, row: &ClaimRow, code: &str) -> String {
    match row.unread.as_deref() {
        Some(documents) if code == "fields_unread" => lang.text(
            "lack-fields_unread-named",
            &[("documents", documents.into())],
        ),
        _ => lack(lang, code),
    }
}

/// The one sentence of `next_step`.
pub fn next_step(lang: Lang, row: &ClaimRow) -> String {
    let deadline = row.deadline.to_string();
    let late = row.findings.iter().any(|c| c == "deadline_passed");
    let missing: Vec<String> = row
        .findings
        .iter()
        .filter(|c| MISSING.contains(&c.as_str()))
        .map(|c| lack(lang, c))
        .collect();
    let problems: Vec<String> = row
        .findings
        .iter()
        .filter(|c| !MISSING.contains(&c.as_str()) && !TIMING.contains(&c.as_str()))
        .map(|c| lack_of(lang, row, c))
        .collect();
    let text = |id: &str, args: &[(&str, FluentValue)]| lang.text(id, args);
    let step = match row.status {
        Status::Editing if !missing.is_empty() => text(
            if late { "next-add-late" } else { "next-add" },
            &[
                ("missing", join(lang, &missing).into()),
                ("deadline", deadline.as_str().into()),
            ],
        ),
        Status::Editing if !problems.is_empty() => text(
            if late { "next-fix-late" } else { "next-fix" },
            &[
                ("problems", join(lang, &problems).into()),
                ("deadline", deadline.as_str().into()),
            ],
        ),
        Status::Editing => text(
            if late {
                "next-submit-late"
            } else {
                "next-submit"
            },
            &[("deadline", deadline.as_str().into())],
        ),
        Status::InfoRequested => match row.reviewer_question.as_deref().map(str::trim) {
            Some(question) if !question.is_empty() => {
                text("next-answer", &[("question", question.into())])
            }
            _ => lang.word("next-answer-plain"),
        },
        Status::Submitted | Status::InReview => lang.word("next-wait-review"),
        Status::Approved => text(
            "next-wait-payment",
            &[
                (
                    "amount",
                    row.funds_approved.as_deref().unwrap_or("0.00").into(),
                ),
                ("currency", row.currency.as_str().into()),
            ],
        ),
        Status::Disputed => lang.word("next-disputed"),
        Status::Paid => return lang.word("next-paid"),
        Status::Rejected => return lang.word("next-rejected"),
    };
    if row.open_requests == 0 {
        step
    } else {
        let waiting = text(
            "next-requests",
            &[("count", i64::from(row.open_requests).into())],
        );
        format!("{step} {waiting}")
    }
}

/// "a, b and c" in the language's words.
fn join(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => {
            let first =
                init.iter()
                    .skip(1)
                    .fold(init.first().cloned().unwrap_or_default(), |acc, item| {
                        lang.text(
                            "list-more",
                            &[("first", acc.into()), ("last", item.as_str().into())],
                        )
                    });
            lang.text(
                "list-two",
                &[("first", first.into()), ("last", last.as_str().into())],
            )
        }
    }
}

/// What a person should do about a file in `exceptions.csv` (SPEC §6 `action`).
pub fn action(lang: Lang, outcome: Outcome) -> String {
    lang.word(&format!("action-{}", outcome.as_str()))
}

/// The action for a file claimdrop may not read, held in the inbox.
pub fn held_unreadable(lang: Lang) -> String {
    lang.word("action-held-unreadable")
}

/// A status as people read it ("information requested").
pub fn status(lang: Lang, status: Status) -> String {
    lang.word(&format!("status-{}", status.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn claim(status: Status, findings: &[&str]) -> ClaimRow {
        let date = NaiveDate::from_ymd_opt(2024, 12, 15).unwrap_or_default();
        ClaimRow {
            claim_id: "CLM-1".into(),
            program: "P".into(),
            activity: String::new(),
            location: String::new(),
            status,
            currency: "EUR".into(),
            usage_start: date,
            usage_end: date,
            deadline: date,
            funds_total: "100.00".into(),
            funds_claimed: "0.00".into(),
            funds_approved: Some("80.00".into()),
            invoices: 0,
            csrs: 0,
            proofs: 0,
            metrics: 0,
            findings: findings.iter().map(|f| f.to_string()).collect(),
            unread: None,
            last_activity_at: None,
            funds_remaining: "100.00".into(),
            open_requests: 0,
            references: Vec::new(),
            reviewer_question: None,
        }
    }

    #[test]
    fn a_claim_in_editing_is_told_what_to_add_and_by_when() {
        let row = claim(
            Status::Editing,
            &["deadline_near", "missing_invoice_or_csr", "missing_proof"],
        );
        assert_eq!(
            next_step(Lang::En, &row),
            "Add an invoice or a CSR and a proof of execution before 2024-12-15, then submit."
        );
        let fr = next_step(Lang::Fr, &row);
        assert!(fr.starts_with("Ajouter une facture"), "{fr}");
        assert!(
            fr.contains(" et une preuve de réalisation avant le 2024-12-15"),
            "{fr}"
        );
    }

    #[test]
    fn what_was_not_read_is_named_with_the_command_that_enters_it() {
        let mut row = claim(Status::Editing, &["fields_unread"]);
        // Without the details (an older store), the general words.
        assert!(next_step(Lang::En, &row).contains("could not be read"));
        row.unread = Some("invoice scan.pdf: document_date not read".into());
        let step = next_step(Lang::En, &row);
        assert!(
            step.contains("invoice scan.pdf: document_date not read"),
            "{step}"
        );
        assert!(step.contains("claims correct"), "{step}");
        assert!(!step.contains("amount could not"), "{step}");
        let fr = next_step(Lang::Fr, &row);
        assert!(
            fr.contains("claims correct") && fr.contains("scan.pdf"),
            "{fr}"
        );
    }

    #[test]
    fn three_items_read_as_a_list() {
        let items = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(join(Lang::En, &items), "a, b and c");
        assert_eq!(join(Lang::Fr, &items), "a, b et c");
    }

    #[test]
    fn every_status_and_finding_has_words_in_both_languages() {
        use crate::domain::FindingCode;
        for lang in [Lang::En, Lang::Fr] {
            for each in Status::ALL {
                let mut row = claim(each, &["deadline_passed", "duplicate_invoice_number"]);
                row.open_requests = 2;
                row.reviewer_question = Some("the booth photo".into());
                let step = next_step(lang, &row);
                assert!(!step.contains('{') && !step.contains("next-"), "{step}");
                assert!(!status(lang, each).starts_with("status-"));
            }
            for code in FindingCode::ALL {
                assert!(!lack(lang, code.as_str()).starts_with("lack-"), "{code:?}");
            }
            for outcome in Outcome::ALL {
                assert!(!action(lang, outcome).starts_with("action-"), "{outcome:?}");
            }
        }
    }

    #[test]
    fn the_reviewer_question_is_repeated_to_whoever_answers() {
        let mut row = claim(Status::InfoRequested, &["missing_proof"]);
        row.reviewer_question = Some("  the invoice of the second booth ".into());
        row.open_requests = 1;
        assert_eq!(
            next_step(Lang::En, &row),
            "The reviewer asks: the invoice of the second booth — answer, then submit again. \
             One requested document is still awaited."
        );
    }
}
