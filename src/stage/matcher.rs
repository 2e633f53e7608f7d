//! Match: which claim a file belongs to, by the rules of SPEC §3 step 5, in order.
//!
//! (a) a claim id in a folder name below the kind folder, the deepest such folder winning;
//! (b) in the file name; (c) in the content; (d) a claim reference in the content. The first
//! rule that names exactly one known claim wins; two known claims at one rule is `ambiguous`;
//! nothing is `unmatched`, and the reason names every unknown claim id seen on the way, since
//! that is usually a typo or a claim not imported yet.
//!
//! Claim ids are found with the configured pattern, bounded by anything that is not a letter
//! or digit: `CLM-004217_Contoso` holds `CLM-004217`, `CLM-0042171` holds nothing. They are
//! recognised ignoring letter case (SPEC §1: `clm-004217` is `CLM-004217`) and always given
//! back in the register's spelling.

use std::collections::{BTreeSet, HashMap};

use regex::Regex;

use crate::domain::{MatchRule, Outcome, Rejection, Status, normalize_reference};

/// The claims a batch can match, loaded once from the store.
#[derive(Debug, Clone)]
pub struct KnownClaims {
    pattern: Regex,
    /// Claim id folded to lower case -> its spelling in the register, and its status.
    statuses: HashMap<String, (String, Status)>,
    /// Normalised reference -> the claims that list it.
    references: HashMap<String, BTreeSet<String>>,
}

impl KnownClaims {
    pub fn new(
        pattern: Regex,
        claims: impl IntoIterator<Item = (String, Status)>,
        references: impl IntoIterator<Item = (String, String)>,
    ) -> KnownClaims {
        let mut by_reference: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (claim_id, reference) in references {
            let norm = normalize_reference(&reference);
            if !norm.is_empty() {
                by_reference.entry(norm).or_default().insert(claim_id);
            }
        }
        KnownClaims {
            pattern,
            statuses: claims
                .into_iter()
                .map(|(id, status)| (fold(&id), (id, status)))
                .collect(),
            references: by_reference,
        }
    }

    pub fn status(&self, claim_id: &str) -> Option<Status> {
        self.statuses
            .get(&fold(claim_id))
            .map(|(_, status)| *status)
    }

    /// A claim id as the register spells it, if the claim is known.
    pub fn as_registered(&self, claim_id: &str) -> Option<&str> {
        self.statuses
            .get(&fold(claim_id))
            .map(|(id, _)| id.as_str())
    }

    /// Claim ids written in a text, in order of appearance, each once: a known one in the
    /// register's spelling, an unknown one as written.
    pub fn claim_ids_in(&self, text: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for m in self.pattern.find_iter(text) {
            let before = text.get(..m.start()).and_then(|t| t.chars().next_back());
            let after = text.get(m.end()..).and_then(|t| t.chars().next());
            let bounded = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
            let id = self.as_registered(m.as_str()).unwrap_or(m.as_str());
            if bounded(before) && bounded(after) && !found.iter().any(|f| fold(f) == fold(id)) {
                found.push(id.to_string());
            }
        }
        found
    }

    /// The known references written in a text, as the claims list them.
    pub fn references_in(&self, text: &str) -> Vec<String> {
        let tokens: Vec<&str> = reference_token()
            .find_iter(text)
            .map(|m| m.as_str())
            .collect();
        let mut found = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let mut candidates = vec![token.to_string()];
            if let Some(next) = tokens.get(i + 1) {
                candidates.push(format!("{token} {next}"));
            }
            for candidate in candidates {
                if self
                    .references
                    .contains_key(&normalize_reference(&candidate))
                    && !found.contains(&candidate)
                {
                    found.push(candidate);
                }
            }
        }
        found
    }

    /// Known claims whose references appear in a text.
    pub fn claims_referenced_in(&self, text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        if self.references.is_empty() {
            return found;
        }
        let tokens: Vec<&str> = reference_token()
            .find_iter(text)
            .map(|m| m.as_str())
            .collect();
        let mut lookup = |candidate: String| {
            if let Some(claims) = self.references.get(&candidate) {
                found.extend(claims.iter().cloned());
            }
        };
        for (i, token) in tokens.iter().enumerate() {
            lookup(normalize_reference(token));
            // "PO 14064": a reference written with a space splits into two tokens.
            if let Some(next) = tokens.get(i + 1) {
                lookup(normalize_reference(&format!("{token}{next}")));
            }
        }
        found
    }
}

/// A claim id as it is compared: letter case does not count.
fn fold(claim_id: &str) -> String {
    claim_id.to_lowercase()
}

fn reference_token() -> &'static Regex {
    static TOKEN: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    TOKEN.get_or_init(|| {
        Regex::new(r"[\p{L}\p{N}]+(?:[-/_.#][\p{L}\p{N}]+)*").expect("a valid literal pattern") // ok: literal
    })
}

/// Where a file was dropped and what it says, as the matcher needs it.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// Folder names between the kind folder and the file, outermost first.
    pub folders: &'a [String],
    pub file_name: &'a str,
    pub content: &'a [String],
}

/// The claim a file belongs to and the rule that found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub claim_id: String,
    pub rule: MatchRule,
}

/// Applies rules (a) to (d) in order.
pub fn match_claim(evidence: Evidence, known: &KnownClaims) -> Result<Matched, Rejection> {
    let mut unknown: Vec<String> = Vec::new();
    let mut decide = |ids: Vec<String>, rule: MatchRule| -> Option<Result<Matched, Rejection>> {
        let (known_ids, strangers): (Vec<String>, Vec<String>) =
            ids.into_iter().partition(|id| known.status(id).is_some());
        for id in strangers {
            if !unknown.contains(&id) {
                unknown.push(id);
            }
        }
        decide_known(known_ids, rule)
    };

    // (a) The deepest folder that names a known claim.
    for folder in evidence.folders.iter().rev() {
        if let Some(decision) = decide(known.claim_ids_in(folder), MatchRule::Folder) {
            return decision;
        }
    }
    // (b) The file name.
    if let Some(decision) = decide(known.claim_ids_in(evidence.file_name), MatchRule::Filename) {
        return decision;
    }
    // (c) The content.
    let mut in_content = Vec::new();
    for text in evidence.content {
        for id in known.claim_ids_in(text) {
            if !in_content.contains(&id) {
                in_content.push(id);
            }
        }
    }
    if let Some(decision) = decide(in_content, MatchRule::Content) {
        return decision;
    }
    // (d) A reference of a known claim in the content.
    let mut referenced = BTreeSet::new();
    for text in evidence.content {
        referenced.extend(known.claims_referenced_in(text));
    }
    if let Some(decision) = decide_known(referenced.into_iter().collect(), MatchRule::Reference) {
        return decision;
    }

    let reason = if unknown.is_empty() {
        crate::text!("reason-unmatched")
    } else {
        crate::text!(
            "reason-unmatched-unknown",
            count = unknown.len(),
            claims = unknown.join(", ")
        )
    };
    Err(Rejection::new(Outcome::Unmatched, reason))
}

/// Every known claim each rule would point at, for `inspect`: (claim id, rule).
pub fn candidates(evidence: Evidence, known: &KnownClaims) -> Vec<(String, MatchRule)> {
    let mut out: Vec<(String, MatchRule)> = Vec::new();
    let mut add = |id: String, rule: MatchRule| {
        if known.status(&id).is_some() && !out.iter().any(|(i, r)| *i == id && *r == rule) {
            out.push((id, rule));
        }
    };
    for folder in evidence.folders {
        for id in known.claim_ids_in(folder) {
            add(id, MatchRule::Folder);
        }
    }
    for id in known.claim_ids_in(evidence.file_name) {
        add(id, MatchRule::Filename);
    }
    for text in evidence.content {
        for id in known.claim_ids_in(text) {
            add(id, MatchRule::Content);
        }
        for id in known.claims_referenced_in(text) {
            add(id, MatchRule::Reference);
        }
    }
    out
}

fn decide_known(ids: Vec<String>, rule: MatchRule) -> Option<Result<Matched, Rejection>> {
    match ids.as_slice() {
        [] => None,
        [one] => Some(Ok(Matched {
            claim_id: one.clone(),
            rule,
        })),
        several => Some(Err(Rejection::new(
            Outcome::Ambiguous,
            crate::text!(
                "reason-ambiguous",
                rule = rule.as_str(),
                claims = several.join(", ")
            ),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownClaims {
        KnownClaims::new(
            regex::RegexBuilder::new("CLM-[0-9]{6}")
                .case_insensitive(true)
                .build()
                .unwrap(),
            [
                ("CLM-004217".to_string(), Status::Editing),
                ("CLM-000001".to_string(), Status::Editing),
            ],
            [
                ("CLM-004217".to_string(), "PO-14064".to_string()),
                ("CLM-000001".to_string(), "PA-2024-0001".to_string()),
            ],
        )
    }

    fn evidence<'a>(folders: &'a [String], name: &'a str, content: &'a [String]) -> Evidence<'a> {
        Evidence {
            folders,
            file_name: name,
            content,
        }
    }

    #[test]
    fn ids_are_recognised_ignoring_case_and_given_in_the_registers_spelling() {
        let k = known();
        assert_eq!(k.claim_ids_in("clm-004217 booth.png"), vec!["CLM-004217"]);
        assert_eq!(
            k.claim_ids_in("Clm-004217 and CLM-004217"),
            vec!["CLM-004217"]
        );
        assert_eq!(k.status("clm-000001"), Some(Status::Editing));
        assert_eq!(k.as_registered("cLm-000001"), Some("CLM-000001"));
        // Unknown ones are named as written, for the `unmatched` reason.
        assert_eq!(k.claim_ids_in("clm-999999"), vec!["clm-999999"]);
        let matched = match_claim(evidence(&[], "clm-004217 booth photo.png", &[]), &k).unwrap();
        assert_eq!(matched.claim_id, "CLM-004217");
    }

    #[test]
    fn ids_are_bounded_by_non_alphanumerics() {
        let k = known();
        assert_eq!(
            k.claim_ids_in("FY25/CLM-004217_Contoso"),
            vec!["CLM-004217"]
        );
        assert_eq!(k.claim_ids_in("(CLM-004217).pdf"), vec!["CLM-004217"]);
        assert!(k.claim_ids_in("CLM-0042171").is_empty());
        assert!(k.claim_ids_in("XCLM-004217").is_empty());
    }

    #[test]
    fn the_deepest_folder_with_a_known_claim_wins() {
        let folders = vec!["CLM-000001".to_string(), "CLM-004217 - event".to_string()];
        let m = match_claim(evidence(&folders, "CLM-000001.pdf", &[]), &known()).unwrap();
        assert_eq!(
            m,
            Matched {
                claim_id: "CLM-004217".into(),
                rule: MatchRule::Folder
            }
        );
    }

    #[test]
    fn two_claims_in_one_name_are_ambiguous() {
        let r = match_claim(
            evidence(&[], "CLM-000001 and CLM-004217.pdf", &[]),
            &known(),
        );
        assert_eq!(r.unwrap_err().outcome, Outcome::Ambiguous);
    }

    #[test]
    fn unknown_ids_fall_through_and_are_named() {
        let folders = vec!["CLM-997264".to_string()];
        let r = match_claim(evidence(&folders, "invoice.pdf", &[]), &known()).unwrap_err();
        assert_eq!(r.outcome, Outcome::Unmatched);
        let reason = r.reason.render(crate::lang::Lang::En);
        assert!(reason.contains("CLM-997264"), "{reason}");
        let content = vec!["Order PO 14064".to_string()];
        let m = match_claim(evidence(&folders, "invoice.pdf", &content), &known()).unwrap();
        assert_eq!(
            m,
            Matched {
                claim_id: "CLM-004217".into(),
                rule: MatchRule::Reference
            }
        );
    }

    #[test]
    fn references_need_whole_tokens() {
        let k = known();
        assert!(k.claims_referenced_in("PO-140645").is_empty());
        assert_eq!(k.claims_referenced_in("ref: po-14064.").len(), 1);
    }
}
