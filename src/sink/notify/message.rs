//! What an event says to people: one summary line, the webhook's JSON, the e-mail's text.
//!
//! The summary is written from the event's `details` (the facts raised with it), so the words
//! can change without the outbox changing.

use serde_json::{Value, json};

use crate::domain::Event;
use crate::lang::Lang;
use crate::sink::store::OutboxEvent;

/// An event as told.
pub(crate) struct Message<'a> {
    event: &'a OutboxEvent,
    summary: String,
    /// What a receiver deduplicates on (`Idempotency-Key`, `Message-ID`, `key`).
    pub key: String,
}

impl<'a> Message<'a> {
    pub fn of(event: &'a OutboxEvent, lang: Lang) -> Message<'a> {
        Message {
            summary: summary(event, lang),
            key: event.key.clone(),
            event,
        }
    }

    /// The webhook's body (SPEC §5a), with the key beside.
    pub fn json(&self) -> Value {
        json!({
            "event": self.event.event.as_str(),
            "claim_id": self.event.claim_id,
            "at": self.event.at,
            "actor": self.event.actor,
            "summary": self.summary,
            "details": self.event.details,
            "key": self.key,
        })
    }

    pub fn subject(&self) -> String {
        let mut subject = format!("[claimdrop] {}", self.summary);
        if subject.chars().count() > 150 {
            subject = subject.chars().take(149).collect::<String>() + "…";
        }
        subject
    }

    pub fn text(&self) -> String {
        let mut text = format!("{}\n\n", self.summary);
        if let Some(claim) = &self.event.claim_id {
            text.push_str(&format!("claim:  {claim}\n"));
        }
        text.push_str(&format!(
            "event:  {}\nat:     {}\nby:     {}\n",
            self.event.event, self.event.at, self.event.actor
        ));
        if let Value::Object(details) = &self.event.details {
            for (name, value) in details {
                match value {
                    Value::Null => {}
                    Value::String(s) => text.push_str(&format!("{name}: {s}\n")),
                    other => text.push_str(&format!("{name}: {other}\n")),
                }
            }
        }
        text.push_str(&format!("\nkey:    {}\n", self.key));
        text
    }
}

/// One line saying what happened, in the workspace's language.
fn summary(event: &OutboxEvent, lang: Lang) -> String {
    let details = &event.details;
    let fact = |name: &str| -> String {
        match details.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    };
    let claim = event.claim_id.as_deref().unwrap_or("-").to_string();
    let actor = event.actor.clone();
    let aside = |name: &str| {
        let text = fact(name);
        if text.is_empty() {
            String::new()
        } else {
            let colon = if lang == Lang::Fr { " : " } else { ": " };
            format!("{colon}{text}")
        }
    };
    let say = |id: &str, args: Vec<(&str, String)>| {
        let args: Vec<(&str, fluent_bundle::FluentValue)> =
            args.into_iter().map(|(k, v)| (k, v.into())).collect();
        lang.text(id, &args)
    };
    match event.event {
        Event::InfoRequested => say(
            "notify-info-requested",
            vec![
                ("claim", claim),
                ("actor", actor),
                ("aside", aside("comment")),
            ],
        ),
        Event::StatusChanged => say(
            "notify-status-changed",
            vec![
                ("claim", claim),
                ("from", fact("from")),
                ("to", fact("to")),
                ("actor", actor),
                ("aside", aside("comment")),
            ],
        ),
        Event::DeadlineNear => say(
            "notify-deadline-near",
            vec![("claim", claim), ("aside", aside("finding"))],
        ),
        Event::DeadlinePassed => say(
            "notify-deadline-passed",
            vec![("claim", claim), ("aside", aside("finding"))],
        ),
        Event::DocumentRequested => {
            let due = fact("due");
            let due = if due.is_empty() {
                String::new()
            } else {
                say("notify-due", vec![("due", due)])
            };
            say(
                "notify-document-requested",
                vec![
                    ("claim", claim),
                    ("by", fact("requested_by")),
                    ("from", fact("requested_from")),
                    ("kind", fact("kind")),
                    ("due", due),
                    ("aside", aside("note")),
                ],
            )
        }
        Event::DocumentParked => say(
            "notify-document-parked",
            vec![
                ("file", fact("file")),
                ("outcome", fact("outcome")),
                ("reason", fact("reason")),
            ],
        ),
        Event::RequestFulfilled => say(
            "notify-request-fulfilled",
            vec![
                ("claim", claim),
                ("request", fact("request_id")),
                ("kind", fact("kind")),
                ("actor", actor),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: Event, details: Value) -> OutboxEvent {
        OutboxEvent {
            event_id: 7,
            event: kind,
            claim_id: Some("CLM-000001".into()),
            at: "2026-12-03T10:00:00Z".into(),
            actor: "rita".into(),
            users: vec!["ann".into()],
            details,
            key: "claimdrop-ab-7".into(),
        }
    }

    #[test]
    fn a_request_for_information_says_what_is_wanted() {
        let e = event(
            Event::InfoRequested,
            json!({"from": "submitted", "to": "info_requested", "comment": "the invoice of May"}),
        );
        let message = Message::of(&e, Lang::En);
        assert_eq!(
            message.json()["summary"],
            "CLM-000001: rita asks for more information: the invoice of May"
        );
        assert!(message.text().contains("key:    claimdrop-ab-7"));
        let json = message.json();
        let keys: Vec<&str> = json
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "event", "claim_id", "at", "actor", "summary", "details", "key"
            ]
        );
    }

    #[test]
    fn events_are_told_in_the_workspaces_language() {
        let e = event(
            Event::DocumentRequested,
            json!({"requested_by": "rita", "requested_from": "sam", "kind": "proof",
                   "due": "2024-12-01", "note": "the photos"}),
        );
        assert_eq!(
            Message::of(&e, Lang::En).json()["summary"],
            "CLM-000001: rita asks sam for a proof document by 2024-12-01: the photos"
        );
        let french = Message::of(&e, Lang::Fr);
        assert_eq!(
            french.json()["summary"],
            "CLM-000001 : rita demande à sam un document de type proof pour le 2024-12-01 : the photos"
        );
        // The codes a receiver reads stay English.
        assert_eq!(french.json()["event"], "document_requested");
        assert!(
            french
                .subject()
                .starts_with("[claimdrop] CLM-000001 : rita demande")
        );
    }

    #[test]
    fn a_long_subject_is_cut() {
        let e = event(
            Event::DocumentParked,
            json!({"file": "x".repeat(400), "outcome": "unmatched", "reason": "r"}),
        );
        assert_eq!(Message::of(&e, Lang::En).subject().chars().count(), 150);
    }
}
