//! The two ways out: a JSON POST to the webhook (ureq) and an e-mail over SMTP (lettre).
//!
//! A failure says whether trying again can help: a receiver that refuses the message itself
//! (an HTTP 4xx other than 408 and 429, an SMTP 5xx) refuses it for good, anything else (no
//! connection, a timeout, a 5xx, an SMTP 4xx) is worth another attempt later. A failure to
//! reach the server at all marks the channel down for the rest of the pass.

use std::time::Duration;

use lettre::Transport;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;

use super::message::Message;
use crate::config::Notify;
use crate::sink::store::Due;

pub(crate) const WEBHOOK: &str = "webhook";
pub(crate) const EMAIL: &str = "email";

/// How long one attempt may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Why an attempt did not deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub message: String,
    /// The receiver refused the message itself: trying again cannot help.
    pub permanent: bool,
    /// The server could not be reached: its other messages wait for the next pass.
    pub unreachable: bool,
}

impl Failure {
    fn retry(message: String) -> Failure {
        Failure {
            message,
            permanent: false,
            unreachable: false,
        }
    }
}

/// The channels of one pass, built once.
pub(super) struct Channels<'a> {
    notify: &'a Notify,
    http: ureq::Agent,
    /// Built at the first e-mail: reading the password file is needed only then.
    smtp: Option<Result<SmtpTransport, String>>,
}

impl<'a> Channels<'a> {
    pub fn new(notify: &'a Notify) -> Channels<'a> {
        let http = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .user_agent(concat!("claimdrop/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Channels {
            notify,
            http,
            smtp: None,
        }
    }

    pub fn send(&mut self, due: &Due, message: &Message) -> Result<(), Failure> {
        match due.channel.as_str() {
            WEBHOOK => self.post(&due.recipient, message),
            EMAIL => self.mail(&due.recipient, message),
            other => Err(Failure {
                message: format!("unknown channel {other}"),
                permanent: true,
                unreachable: false,
            }),
        }
    }

    fn post(&self, url: &str, message: &Message) -> Result<(), Failure> {
        let body = message.json().to_string();
        let response = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", &message.key)
            .send(body.as_bytes());
        match response {
            Ok(response) => {
                let status = response.status().as_u16();
                match status {
                    200..=299 => Ok(()),
                    408 | 429 | 500..=599 => Err(Failure::retry(format!("HTTP {status}"))),
                    _ => Err(Failure {
                        message: format!("HTTP {status}: refused"),
                        permanent: true,
                        unreachable: false,
                    }),
                }
            }
            Err(e) => Err(Failure {
                message: format!("{url}: {e}"),
                permanent: false,
                unreachable: true,
            }),
        }
    }

    fn mail(&mut self, to: &str, message: &Message) -> Result<(), Failure> {
        let notify = self.notify;
        let transport = self
            .smtp
            .get_or_insert_with(|| transport(notify))
            .as_ref()
            .map_err(|e| Failure {
                message: e.clone(),
                permanent: false,
                unreachable: true,
            })?;
        let from: Mailbox = notify.smtp_from.parse().map_err(|e| Failure {
            message: format!("smtp_from: {e}"),
            permanent: true,
            unreachable: false,
        })?;
        let to: Mailbox = to.parse().map_err(|e| Failure {
            message: format!("{to}: {e}"),
            permanent: true,
            unreachable: false,
        })?;
        let email = lettre::Message::builder()
            .from(from)
            .to(to)
            .subject(message.subject())
            .message_id(Some(format!("<{}@claimdrop>", message.key)))
            .header(ContentType::TEXT_PLAIN)
            .body(message.text())
            .map_err(|e| Failure {
                message: format!("cannot write the e-mail: {e}"),
                permanent: true,
                unreachable: false,
            })?;
        transport.send(&email).map(|_| ()).map_err(|e| {
            let permanent = e.is_permanent();
            Failure {
                message: format!("{}:{}: {e}", notify.smtp_host, notify.smtp_port),
                permanent,
                // A server that answered (even "try later") is up; one that did not is down.
                unreachable: !permanent && !e.is_transient(),
            }
        })
    }
}

/// The SMTP connection settings: STARTTLS required when asked, login when a user is set.
fn transport(notify: &Notify) -> Result<SmtpTransport, String> {
    let builder = if notify.smtp_starttls {
        SmtpTransport::starttls_relay(&notify.smtp_host)
            .map_err(|e| format!("{}: {e}", notify.smtp_host))?
    } else {
        SmtpTransport::builder_dangerous(&notify.smtp_host)
    };
    let mut builder = builder.port(notify.smtp_port).timeout(Some(TIMEOUT));
    if !notify.smtp_user.is_empty() {
        let password = std::fs::read_to_string(&notify.smtp_password_file).map_err(|e| {
            format!(
                "smtp_password_file {}: {e}",
                notify.smtp_password_file.display()
            )
        })?;
        builder = builder.credentials(Credentials::new(
            notify.smtp_user.clone(),
            password.trim_end_matches(['\r', '\n']).to_string(),
        ));
    }
    Ok(builder.build())
}
