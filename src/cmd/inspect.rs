//! `inspect FILE`: what claimdrop reads in a file and where it would go; changes nothing.
//!
//! It runs the same stages as ingestion (identify, extract in a worker, `stage::decide`)
//! against the workspace's claims, read-only. Outside a workspace it still reads the file,
//! with no claims.

use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::domain::{MatchRule, Outcome};
use crate::sink::store::Opening;
use crate::stage::decide::{self, Decision, Dropped, Earlier};
use crate::stage::extract::Limits;
use crate::stage::identify;
use crate::stage::matcher::{self, Evidence, KnownClaims};
use crate::worker::{Request, Worker, WorkerLimits};
use crate::workspace::Workspace;

pub fn run(root: &Path, file: &Path, json_output: bool, every_candidate: bool) -> Result<()> {
    let workspace = Workspace::open(root).ok();
    let settings = workspace
        .as_ref()
        .map(|w| w.settings.clone())
        .unwrap_or_default();
    let store = workspace.as_ref().and_then(|w| w.reader().ok());
    let (claims, references) = match &store {
        Some(store) => store.claim_index()?,
        None => (Vec::new(), Vec::new()),
    };
    let known = KnownClaims::new(settings.claim_id_regex(), claims, references);

    let absolute = std::fs::canonicalize(file).with_context(|| file.display().to_string())?;
    let is_link = file
        .symlink_metadata()
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    let folders = folders_of(&absolute, workspace.as_ref());
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    let identified = identify::identify(&absolute, settings.limits.max_file_bytes)
        .with_context(|| format!("{}", file.display()))?;
    let (sha256, bytes, extracted) = match identified {
        Ok(identity) => {
            // Pages without text are read by OCR as filing would read them.
            let ocr = crate::pipeline::ocr_ask(&settings)?;
            let limits = match &ocr {
                Some(_) => WorkerLimits::reading_scans(&settings),
                None => WorkerLimits::reading(&settings),
            };
            let mut worker = Worker::new(
                &std::env::current_exe().with_context(|| crate::text!("error-no-self"))?,
                limits,
            );
            let reply = worker.examine(&Request {
                path: absolute.clone(),
                sniffed: identity.sniffed,
                limits: Limits {
                    max_uncompressed_bytes: settings.limits.max_uncompressed_bytes,
                },
                register: None,
                beneath: None,
                own_names: settings.organisation.names.clone(),
                ocr,
                explain: true,
            })?;
            let extracted = reply.into_document();
            (
                Some(identity.sha256),
                std::fs::metadata(&absolute)?.len(),
                extracted,
            )
        }
        Err(rejection) => (None, std::fs::metadata(&absolute)?.len(), Err(rejection)),
    };
    let extracted = if is_link {
        Err(crate::domain::Rejection::new(
            Outcome::Unsupported,
            crate::domain::Special::Link.reason(),
        ))
    } else {
        extracted
    };

    let content = extracted
        .as_ref()
        .map(|e| e.content.clone())
        .unwrap_or_default();
    let evidence = Evidence {
        folders: &folders,
        file_name: &file_name,
        content: &content,
    };
    let candidates = matcher::candidates(evidence, &known);
    // The same decision filing makes, with the same bytes attached before looked up the same way.
    let earlier = match (&store, &sha256, &extracted) {
        (Some(store), Some(sha), Ok(_)) => store.attached(sha)?.map(|a| Earlier {
            claim_id: a.claim_id,
            archive_path: a.archive_path,
        }),
        _ => None,
    };
    let dropped = Dropped {
        folders: &folders,
        file_name: &file_name,
        named: None,
        // Only what an attachment keeps depends on it, and inspect shows the whole reading.
        kind: crate::domain::Kind::Invoice,
    };
    let decision = decide::decide(extracted.clone(), dropped, &known, earlier.as_ref());
    let (outcome, claim) = (decision.outcome(), decision.claim().map(str::to_string));
    let reason = match &decision {
        Decision::Quarantine { rejection, .. } => Some(rejection.reason.to_string()),
        Decision::Attach { .. } => None,
    };

    let mut claim_ids: Vec<String> = Vec::new();
    for text in std::iter::once(&file_name)
        .chain(folders.iter())
        .chain(content.iter())
    {
        for id in known.claim_ids_in(text) {
            if !claim_ids.contains(&id) {
                claim_ids.push(id);
            }
        }
    }
    let mut found_references: Vec<String> = Vec::new();
    for text in &content {
        for reference in known.references_in(text) {
            if !found_references.contains(&reference) {
                found_references.push(reference);
            }
        }
    }
    let fields = extracted
        .as_ref()
        .map(|e| e.fields.clone())
        .unwrap_or_default();
    let report = json!({
        "path": file.display().to_string(),
        "format": extracted.as_ref().map(|e| Value::from(e.format.as_str())).unwrap_or(Value::Null),
        "sha256": sha256,
        "bytes": bytes,
        "metadata": extracted.as_ref().map(|e| Value::Object(e.metadata.clone())).unwrap_or_else(|_| json!({})),
        "fields": {
            "invoice_number": fields.invoice_number,
            "document_date": fields.text("document_date"),
            "amount": fields.text("amount"),
            "currency": fields.currency,
            "vendor": fields.vendor,
            "claim_ids": claim_ids,
            "references": found_references,
        },
        "evidence": extracted.as_ref().map(|e| serde_json::to_value(&e.evidence).unwrap_or(Value::Null)).unwrap_or_else(|_| json!({})),
        "field_candidates": extracted.as_ref().ok().filter(|_| every_candidate).map(|e| serde_json::to_value(&e.candidates).unwrap_or(Value::Null)),
        "fields_source": extracted.as_ref().map(|e| e.fields_source()).unwrap_or(""),
        "einvoice": extracted.as_ref().map(|e| e.einvoice_syntax()).unwrap_or(""),
        "einvoice_facts": extracted.as_ref().ok().and_then(|e| e.einvoice.as_ref()).map(|e| json!({
            "profile": e.profile,
            "type_code": e.type_code,
            "embedded_as": e.embedded_as,
            "references": e.references,
            "notes": e.notes,
            "mismatch": e.mismatch,
        })),
        "candidates": candidates.iter().map(|(id, rule)| json!({"claim_id": id, "rule": rule.as_str()})).collect::<Vec<_>>(),
        "text": content.join("\n"),
        "outcome": outcome.as_str(),
        "reason": reason,
        "claim_id": claim,
    });
    if json_output {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_text(&report, &candidates);
    }
    Ok(())
}

/// Rule (a) looks at folders below the drop folder; a file elsewhere offers its own folder.
fn folders_of(path: &Path, workspace: Option<&Workspace>) -> Vec<String> {
    if let Some(workspace) = workspace {
        for (root, _) in workspace.drop_folders() {
            if let Ok(rel) = path.parent().unwrap_or(path).strip_prefix(&root) {
                return rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
            }
        }
    }
    path.parent()
        .and_then(|p| p.file_name())
        .map(|n| vec![n.to_string_lossy().into_owned()])
        .unwrap_or_default()
}

fn print_text(report: &Value, candidates: &[(String, MatchRule)]) {
    let text = |key: &str| match &report[key] {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_string(),
        other => other.to_string(),
    };
    println!("{}", text("path"));
    println!("  format    {}  ({} bytes)", text("format"), text("bytes"));
    println!("  sha256    {}", text("sha256"));
    if let Value::Object(metadata) = &report["metadata"] {
        for (key, value) in metadata {
            println!("  {key:<9} {value}");
        }
    }
    for field in crate::domain::Fields::NAMES {
        let value = &report["fields"][field];
        println!(
            "  {field:<15} {}",
            if value.is_null() {
                "-".into()
            } else {
                value.to_string()
            }
        );
    }
    for (id, rule) in candidates {
        println!("  candidate {id} by {rule}");
    }
    println!(
        "  outcome   {}{}",
        text("outcome"),
        match &report["reason"] {
            Value::String(reason) => format!(": {reason}"),
            _ => String::new(),
        }
    );
}
