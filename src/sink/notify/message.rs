//! What an event says to people: one summary line, the webhook's JSON, the e-mail's text.
//!
//! The summary is written from the event's `details` (the facts raised with it), so the words
//! can change without the outbox changing.

use serde_json::{Value, json};

use crate::domain::Event;
use crate::sink::store::OutboxEvent;

/// An event as told.
pub(crate) struct Message<'a> {
    event: &'a OutboxEvent,
    summary: String,
    /// What a receiver deduplicates on (`Idempotency-Key`, `Message-ID`, `key`).
    pub key: String,
}

impl<'a> Message<'a> {
    pub fn of(event: &'a OutboxEvent) -> Message<'a> {
        Message {
            summary: summary(event),
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

/// One line saying what happened.
fn summary(event: &OutboxEvent) -> String {
    let details = &event.details;
    let fact = |name: &str| -> String {
        match details.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    };
    let claim = event.claim_id.as_deref().unwrap_or("-");
    let actor = &event.actor;
    let aside = |text: String| {
        if text.is_empty() {
            String::new()
        } else {
            format!(": {text}")
        }
    };
    match event.event {
        Event::InfoRequested => format!(
            "{claim}: {actor} asks for more information{}",
            aside(fact("comment"))
        ),
        Event::StatusChanged => format!(
            "{claim}: status {} -> {} by {actor}{}",
            fact("from"),
            fact("to"),
            aside(fact("comment"))
        ),
        Event::DeadlineNear => format!(
            "{claim}: the submission deadline is near{}",
            aside(fact("finding"))
        ),
        Event::DeadlinePassed => format!(
            "{claim}: the submission deadline has passed{}",
            aside(fact("finding"))
        ),
        Event::DocumentRequested => {
            let due = fact("due");
            let due = if due.is_empty() {
                String::new()
            } else {
                format!(" by {due}")
            };
            format!(
                "{claim}: {} asks {} for a {} document{due}{}",
                fact("requested_by"),
                fact("requested_from"),
                fact("kind"),
                aside(fact("note"))
            )
        }
        Event::DocumentParked => format!(
            "{} went to quarantine as {}: {}",
            fact("file"),
            fact("outcome"),
            fact("reason")
        ),
        Event::RequestFulfilled => format!(
            "{claim}: request {} for a {} document was fulfilled by {actor}",
            fact("request_id"),
            fact("kind")
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
        let message = Message::of(&e);
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
    fn a_long_subject_is_cut() {
        let e = event(
            Event::DocumentParked,
            json!({"file": "x".repeat(400), "outcome": "unmatched", "reason": "r"}),
        );
        assert_eq!(Message::of(&e).subject().chars().count(), 150);
    }
}
