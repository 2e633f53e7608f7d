//! Notifications (issue 16, SPEC §5a): events go to the outbox with their cause and are told
//! by webhook (a real HTTP listener on loopback) and e-mail (a real aiosmtpd process), retried
//! across server outages and restarts, and listed in notifications.csv.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Nobody, Workspace, appears, corpus, whoami};
use mailparse::MailHeaderMap;

/// What the webhook listener received: headers (lower-case names) and the JSON body.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: serde_json::Value,
}

/// A loopback HTTP listener answering every POST with `answer` (0: never answers).
struct Hook {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    answer: Arc<AtomicU16>,
}

impl Hook {
    fn start(answer: u16) -> Hook {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/claims", listener.local_addr().expect("addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(AtomicU16::new(answer));
        {
            let received = Arc::clone(&received);
            let answer = Arc::clone(&answer);
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let received = Arc::clone(&received);
                    let answer = Arc::clone(&answer);
                    std::thread::spawn(move || serve(stream, &received, &answer));
                }
            });
        }
        Hook {
            url,
            received,
            answer,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits up to 30 s for at least `n` requests.
    fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the webhook got {:?}, not {n} requests", self.received());
    }
}

fn serve(stream: TcpStream, received: &Mutex<Vec<Received>>, answer: &AtomicU16) {
    let mut reader = BufReader::new(stream);
    let mut headers = HashMap::new();
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || !line.starts_with("POST /claims ") {
        return;
    }
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_lowercase(), value.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    received.lock().expect("lock").push(Received {
        headers,
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    });
    let status = answer.load(Ordering::SeqCst);
    if status == 0 {
        // Holds the request: the sender is killed while it waits.
        std::thread::sleep(Duration::from_secs(120));
        return;
    }
    let mut stream = reader.into_inner();
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// An aiosmtpd process on a loopback port, writing what it receives into a maildir.
struct Smtp {
    port: u16,
    maildir: tempfile::TempDir,
    child: Option<std::process::Child>,
}

impl Smtp {
    /// A port for the server, which is not started yet. None (after `skip`): no aiosmtpd.
    fn reserve() -> Option<Smtp> {
        let python = python();
        let has = std::process::Command::new(&python)
            .args(["-c", "import aiosmtpd"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !has {
            common::skip("no aiosmtpd for the SMTP tests (pip install aiosmtpd)");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        Some(Smtp {
            port,
            maildir: tempfile::tempdir().expect("maildir"),
            child: None,
        })
    }

    fn started() -> Option<Smtp> {
        let mut smtp = Smtp::reserve()?;
        smtp.start();
        Some(smtp)
    }

    fn start(&mut self) {
        let child = std::process::Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(self.maildir.path().join("mail"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every message received, as its raw text.
    fn mails(&self) -> Vec<String> {
        let new = self.maildir.path().join("mail/new");
        let mut mails: Vec<String> = std::fs::read_dir(new)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        mails.sort();
        mails
    }

    fn wait_for(&self, n: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(40);
        while Instant::now() < deadline {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{} mails arrived, not {n}", self.mails().len());
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn python() -> PathBuf {
    std::env::var_os("CLAIMDROP_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// Replaces the `[notify]` and `[people]` sections `init` wrote (the file's last two).
fn configure(ws: &Workspace, notify: &str, people: &[(&str, &str)]) {
    let path = ws.join("claimdrop.toml");
    let text = std::fs::read_to_string(&path).expect("config");
    let head = text.split("\n[notify]").next().expect("head").to_string();
    let people: String = people
        .iter()
        .map(|(user, address)| format!("{user} = \"{address}\"\n"))
        .collect();
    std::fs::write(
        &path,
        format!("{head}\n[notify]\n{notify}\n[people]\n{people}"),
    )
    .expect("write config");
}

fn smtp_keys(smtp: &Smtp) -> String {
    format!(
        "smtp_host = \"127.0.0.1\"\nsmtp_port = {}\nsmtp_starttls = false\nsmtp_from = \"claimdrop@desk.test\"\n",
        smtp.port
    )
}

fn notifications(ws: &Workspace) -> Vec<HashMap<String, String>> {
    ws.report_or_empty("notifications.csv")
}

/// Waits up to 40 s until notifications.csv shows `status` for every row of `channel`.
fn settled(ws: &Workspace, channel: &str, status: &str) -> Vec<HashMap<String, String>> {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let rows: Vec<_> = notifications(ws)
            .into_iter()
            .filter(|r| r["channel"] == channel)
            .collect();
        if !rows.is_empty() && rows.iter().all(|r| r["status"] == status) {
            return rows;
        }
        assert!(
            Instant::now() < deadline,
            "{channel} never all {status}: {rows:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The header `name` of a raw mail, unfolded and decoded.
fn header(mail: &str, name: &str) -> String {
    mailparse::parse_mail(mail.as_bytes())
        .ok()
        .and_then(|m| m.headers.get_first_value(name))
        .unwrap_or_default()
}

/// The text of a raw mail, decoded.
fn body(mail: &str) -> String {
    mailparse::parse_mail(mail.as_bytes())
        .and_then(|m| m.get_body())
        .unwrap_or_default()
}

fn events(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| r.body["event"].as_str().unwrap_or("").to_string())
        .collect()
}

const INVOICE: &str = "inbox/invoices/CLM-879149/TreyResearch invoice INV004121.pdf";
const PHOTO: &str = "inbox/proof/CLM-293473/image12.png";

/// Drops a file of the dev corpus at `rel`.
fn drop_from_corpus(ws: &Workspace, source: &str, rel: &str) -> PathBuf {
    ws.drop_file(
        rel,
        &std::fs::read(corpus().join(source)).expect("corpus file"),
    )
}

/// Drops a file as `nobody` would have (owned by uid 65534): its owner is its actor.
fn drop_as_nobody(ws: &Workspace, source: &str, rel: &str) -> PathBuf {
    let path = drop_from_corpus(ws, source, rel);
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).expect("chown");
    path
}

#[test]
fn a_reviewer_asking_for_information_tells_the_partner_by_webhook_and_mail() {
    let Some(_nobody) = Nobody::new() else { return };
    let Some(smtp) = Smtp::started() else { return };
    let hook = Hook::start(200);
    let ws = Workspace::new();
    let me = whoami();
    configure(
        &ws,
        &format!("webhook_url = \"{}\"\n{}", hook.url, smtp_keys(&smtp)),
        &[("nobody", "partner@desk.test"), (&me, "admin@desk.test")],
    );
    ws.create_claim("CLM-004217");
    // The partner's documents: nobody owns them, so nobody is one of the claim's people.
    drop_as_nobody(&ws, INVOICE, "inbox/invoices/CLM-004217/invoice.pdf");
    drop_as_nobody(&ws, PHOTO, "inbox/proof/CLM-004217/booth.png");
    assert_eq!(ws.run(&["run"]).0, 0);
    assert_eq!(ws.run(&["claims", "submit", "CLM-004217", "--force"]).0, 0);
    let (code, _, err) = ws.run(&["claims", "review", "CLM-004217", "--status", "in_review"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = ws.run(&[
        "claims",
        "review",
        "CLM-004217",
        "--status",
        "info_requested",
        "--comment",
        "the invoice of the second booth",
    ]);
    assert_eq!(code, 0, "{err}");

    // Delivered by the commands themselves (no daemon runs), each exactly once.
    let received = hook.wait_for(3);
    assert_eq!(
        events(&received),
        ["status_changed", "status_changed", "info_requested"]
    );
    let info = &received[2].body;
    assert_eq!(info["claim_id"], "CLM-004217");
    assert_eq!(info["actor"], me);
    assert_eq!(info["at"], "2024-11-20T09:00:00Z");
    assert_eq!(info["details"]["from"], "in_review");
    assert_eq!(info["details"]["to"], "info_requested");
    assert_eq!(
        info["details"]["comment"],
        "the invoice of the second booth"
    );
    assert!(
        info["summary"]
            .as_str()
            .unwrap()
            .contains("asks for more information: the invoice of the second booth"),
        "{info}"
    );
    let keys: Vec<&str> = received
        .iter()
        .map(|r| r.headers["idempotency-key"].as_str())
        .collect();
    assert_eq!(keys[2], info["key"]);
    assert!(keys[0] != keys[1] && keys[1] != keys[2], "{keys:?}");
    assert_eq!(
        received[2].headers["content-type"], "application/json",
        "{:?}",
        received[2].headers
    );

    // The partner is mailed; the reviewer is not told of their own decisions.
    let mails = smtp.wait_for(3);
    assert!(mails.iter().all(|m| header(m, "To") == "partner@desk.test"));
    assert!(
        mails
            .iter()
            .all(|m| header(m, "From") == "claimdrop@desk.test")
    );
    let info_mail = mails
        .iter()
        .find(|m| header(m, "Subject").contains("asks for more information"))
        .expect("the info_requested mail");
    assert!(body(info_mail).contains("the invoice of the second booth"));
    assert_eq!(
        header(info_mail, "Message-ID"),
        format!("<{}@claimdrop>", info["key"].as_str().unwrap())
    );

    let rows = settled(&ws, "email", "delivered");
    assert_eq!(rows.len(), 3);
    let rows = settled(&ws, "webhook", "delivered");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["event"], "info_requested");
    assert_eq!(rows[2]["claim_id"], "CLM-004217");
    assert_eq!(rows[2]["recipient"], hook.url);
    assert_eq!(rows[2]["attempts"], "1");
    assert_eq!(rows[2]["last_error"], "");
    // Nothing is sent twice: another run has nothing left to deliver.
    assert_eq!(ws.run(&["run"]).0, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(hook.received().len(), 3);
    assert_eq!(smtp.mails().len(), 3);
}

#[test]
fn requests_tell_the_person_asked_and_their_fulfilment_tells_who_asked() {
    let Some(smtp) = Smtp::started() else { return };
    let ws = Workspace::new();
    let me = whoami();
    configure(
        &ws,
        &smtp_keys(&smtp),
        &[("ana", "ana@desk.test"), (&me, "me@desk.test")],
    );
    ws.create_claim("CLM-004217");
    let (code, _, err) = ws.run(&[
        "claims",
        "request",
        "CLM-004217",
        "--kind",
        "proof",
        "--from",
        "ana",
        "--note",
        "the booth photo",
    ]);
    assert_eq!(code, 0, "{err}");
    let mails = smtp.wait_for(1);
    assert_eq!(header(&mails[0], "To"), "ana@desk.test");
    assert!(
        header(&mails[0], "Subject").contains(&format!("{me} asks ana for a proof document")),
        "{}",
        mails[0]
    );
    assert!(body(&mails[0]).contains("the booth photo"));

    drop_from_corpus(&ws, PHOTO, "inbox/proof/CLM-004217/booth.png");
    assert_eq!(ws.run(&["run"]).0, 0);
    let mails = smtp.wait_for(2);
    let fulfilled = mails
        .iter()
        .find(|m| header(m, "Subject").contains("was fulfilled"))
        .expect("the request_fulfilled mail");
    assert_eq!(header(fulfilled, "To"), "me@desk.test");
    let rows = settled(&ws, "email", "delivered");
    assert_eq!(
        rows.iter().map(|r| r["event"].as_str()).collect::<Vec<_>>(),
        ["document_requested", "request_fulfilled"]
    );
}

#[test]
fn a_file_sent_to_quarantine_tells_its_owner_why() {
    let Some(smtp) = Smtp::started() else { return };
    let hook = Hook::start(200);
    let ws = Workspace::new();
    let me = whoami();
    configure(
        &ws,
        &format!(
            "webhook_url = \"{}\"\nevents = [\"document_parked\"]\n{}",
            hook.url,
            smtp_keys(&smtp)
        ),
        &[(&me, "me@desk.test")],
    );
    ws.create_claim("CLM-004217");
    ws.drop_file(
        "inbox/invoices/CLM-999999/quote.pdf",
        b"%PDF-1.4 not really",
    );
    drop_from_corpus(&ws, PHOTO, "inbox/proof/CLM-004217/booth.png");
    assert_eq!(ws.run(&["run"]).0, 0);
    let received = hook.wait_for(1);
    assert_eq!(events(&received), ["document_parked"]);
    let parked = &received[0].body;
    assert_eq!(parked["actor"], me);
    assert_eq!(
        parked["details"]["file"],
        "inbox/invoices/CLM-999999/quote.pdf"
    );
    let outcome = parked["details"]["outcome"].as_str().unwrap().to_string();
    let quarantined = parked["details"]["quarantine_path"].as_str().unwrap();
    assert!(ws.join(quarantined).exists(), "{parked}");
    assert!(quarantined.starts_with(&format!("quarantine/{outcome}/")));
    let mails = smtp.wait_for(1);
    assert_eq!(header(&mails[0], "To"), "me@desk.test");
    assert!(
        header(&mails[0], "Subject").contains("went to quarantine as"),
        "{}",
        mails[0]
    );
    // The attached proof told nobody: only the chosen event is sent.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(hook.received().len(), 1);
}

#[test]
fn a_refused_webhook_is_given_up_and_a_failing_one_after_max_attempts() {
    let hook = Hook::start(400);
    let ws = Workspace::new();
    configure(
        &ws,
        &format!(
            "webhook_url = \"{}\"\nretry_secs = 1\nmax_attempts = 2\n",
            hook.url
        ),
        &[],
    );
    ws.create_claim("CLM-004217");
    assert_eq!(ws.run(&["claims", "submit", "CLM-004217", "--force"]).0, 0);
    let rows = settled(&ws, "webhook", "failed");
    assert_eq!(rows[0]["attempts"], "1");
    assert_eq!(rows[0]["last_error"], "HTTP 400: refused");

    // A server error is tried again, up to max_attempts.
    hook.answer.store(503, Ordering::SeqCst);
    let (code, _, err) = ws.run(&["claims", "review", "CLM-004217", "--status", "in_review"]);
    assert_eq!(code, 0, "{err}");
    let second = |ws: &Workspace| notifications(ws).into_iter().nth(1).expect("second row");
    assert_eq!(second(&ws)["status"], "pending");
    assert_eq!(second(&ws)["last_error"], "HTTP 503");
    std::thread::sleep(Duration::from_millis(2100));
    assert_eq!(ws.run(&["run"]).0, 0);
    let row = second(&ws);
    assert_eq!(
        (row["status"].as_str(), row["attempts"].as_str()),
        ("failed", "2")
    );
    assert_eq!(hook.received().len(), 3);
}

#[test]
fn mail_waits_for_a_stopped_server_and_filing_does_not() {
    let Some(mut smtp) = Smtp::reserve() else {
        return;
    };
    let ws = Workspace::new();
    let me = whoami();
    configure(
        &ws,
        // The daemon runs on the real clock, where this claim's deadline has passed.
        &format!(
            "{}retry_secs = 1\nevents = [\"status_changed\"]\n",
            smtp_keys(&smtp)
        ),
        &[(&me, "me@desk.test")],
    );
    ws.create_claim("CLM-004217");
    let daemon = common::watch(&ws);
    // Through the daemon's socket, while no mail server listens.
    let (code, out, err) = ws.run(&["claims", "submit", "CLM-004217", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "CLM-004217: editing -> submitted\n");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let rows = notifications(&ws);
        if rows
            .first()
            .is_some_and(|r| r["status"] == "pending" && r["attempts"] != "0")
        {
            assert!(!rows[0]["last_error"].is_empty(), "{rows:?}");
            break;
        }
        assert!(Instant::now() < deadline, "no failed attempt: {rows:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Files dropped meanwhile are filed without waiting for the mail.
    ws.create_claim_for("CLM-004218", ("2024-09-01", "2024-10-31"), "1000", &[]);
    for name in ["a", "b", "c"] {
        ws.drop_file(
            &format!("inbox/metrics/CLM-004218/{name}.csv"),
            format!("clicks,{name}\n1,2\n").as_bytes(),
        );
    }
    for name in ["a", "b", "c"] {
        assert!(
            appears(&ws.join(&format!("archive/CLM-004218/metrics/{name}.csv"))),
            "{name}.csv was not filed while the mail server was down"
        );
    }
    assert!(smtp.mails().is_empty());
    smtp.start();
    let mails = smtp.wait_for(1);
    assert!(header(&mails[0], "Subject").contains("status editing -> submitted"));
    let rows = settled(&ws, "email", "delivered");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0]["attempts"].parse::<u32>().unwrap() >= 2);
    assert_eq!(daemon.stop(), Some(0));
    assert_eq!(smtp.mails().len(), 1, "sent once");
}

#[test]
fn an_event_in_flight_when_the_daemon_is_killed_is_delivered_after_restart() {
    // The listener takes the first POST and never answers it: the daemon is killed while the
    // delivery is in flight.
    let hook = Hook::start(0);
    let ws = Workspace::new();
    configure(
        &ws,
        &format!(
            "webhook_url = \"{}\"\nevents = [\"status_changed\"]\n",
            hook.url
        ),
        &[],
    );
    ws.create_claim("CLM-004217");
    let mut daemon = common::watch(&ws);
    assert_eq!(ws.run(&["claims", "submit", "CLM-004217", "--force"]).0, 0);
    let first = hook.wait_for(1);
    let _ = daemon.0.kill();
    let _ = daemon.0.wait();
    drop(daemon);
    hook.answer.store(200, Ordering::SeqCst);
    let _ = std::fs::remove_file(ws.join(".claimdrop.sock"));
    let daemon = common::watch(&ws);
    let all = hook.wait_for(2);
    // The same event again, with the same key: a receiver that saw it drops the repeat.
    assert_eq!(all[1].body, first[0].body);
    assert_eq!(
        all[1].headers["idempotency-key"],
        first[0].headers["idempotency-key"]
    );
    let rows = settled(&ws, "webhook", "delivered");
    assert_eq!(rows.len(), 1);
    assert_eq!(daemon.stop(), Some(0));
    assert_eq!(hook.received().len(), 2);
}

#[test]
fn an_event_raised_and_killed_before_any_attempt_is_delivered_after_restart() {
    // No receiver at first: the event waits in the outbox; then the daemon dies by SIGKILL.
    let ws = Workspace::new();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    configure(
        &ws,
        &format!(
            "webhook_url = \"http://127.0.0.1:{port}/claims\"\nretry_secs = 3600\nevents = [\"status_changed\"]\n"
        ),
        &[],
    );
    ws.create_claim("CLM-004217");
    let mut daemon = common::watch(&ws);
    assert_eq!(ws.run(&["claims", "submit", "CLM-004217", "--force"]).0, 0);
    let deadline = Instant::now() + Duration::from_secs(20);
    let tried = |ws: &Workspace| {
        notifications(ws)
            .first()
            .is_some_and(|r| r["attempts"] == "1")
    };
    while !tried(&ws) {
        assert!(Instant::now() < deadline, "{:?}", notifications(&ws));
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = daemon.0.kill();
    let _ = daemon.0.wait();
    drop(daemon);
    // The receiver comes up at the address; a restarted daemon retries when the delivery is
    // due, which a run forces here by making it due now.
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("the same port");
    let received = Arc::new(Mutex::new(Vec::new()));
    {
        let received = Arc::clone(&received);
        let answer = Arc::new(AtomicU16::new(200));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                serve(stream, &received, &answer);
            }
        });
    }
    make_due(&ws.join("claimdrop.db"));
    let _ = std::fs::remove_file(ws.join(".claimdrop.sock"));
    let daemon = common::watch(&ws);
    let rows = settled(&ws, "webhook", "delivered");
    assert_eq!(rows[0]["attempts"], "2");
    assert_eq!(daemon.stop(), Some(0));
    let got = received.lock().unwrap().clone();
    assert_eq!(events(&got), ["status_changed"]);
}

/// Makes every pending delivery due now (as the passing of its backoff would).
fn make_due(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("db");
    conn.execute(
        "UPDATE deliveries SET next_at = '2000-01-01T00:00:00Z' WHERE status = 'pending'",
        [],
    )
    .expect("update");
}

#[test]
fn a_deadline_coming_near_is_told_once() {
    let hook = Hook::start(200);
    let ws = Workspace::new();
    configure(&ws, &format!("webhook_url = \"{}\"\n", hook.url), &[]);
    // The fixed clock says 2024-11-20; deadlines are 45 days after the usage end: 2024-11-15
    // (passed), 2024-12-14 (24 days ahead: not near), 2024-11-24 (near).
    ws.create_claim_for("CLM-000001", ("2024-09-01", "2024-10-01"), "100", &[]);
    ws.create_claim_for("CLM-000002", ("2024-09-01", "2024-10-30"), "100", &[]);
    ws.create_claim_for("CLM-000003", ("2024-09-01", "2024-10-10"), "100", &[]);
    assert_eq!(ws.run(&["run"]).0, 0);
    assert_eq!(ws.run(&["run"]).0, 0);
    let received = hook.wait_for(2);
    std::thread::sleep(Duration::from_millis(300));
    let mut told: Vec<(String, String)> = hook
        .received()
        .iter()
        .map(|r| {
            (
                r.body["claim_id"].as_str().unwrap().to_string(),
                r.body["event"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    told.sort();
    assert_eq!(
        told,
        [
            ("CLM-000001".to_string(), "deadline_passed".to_string()),
            ("CLM-000003".to_string(), "deadline_near".to_string())
        ],
        "{received:?}"
    );
}

#[test]
fn a_bad_notify_setting_is_refused_naming_its_key() {
    let ws = Workspace::new();
    for (notify, key) in [
        ("webhook_url = \"ftp://x\"\n", "notify.webhook_url"),
        ("events = [\"document_lost\"]\n", "notify.events"),
        ("smtp_user = \"u\"\n", "notify.smtp_password_file"),
        ("retry_secs = 0\n", "notify.retry_secs"),
    ] {
        configure(&ws, notify, &[]);
        let (code, _, err) = ws.run(&["claims", "list"]);
        assert_eq!(code, 1, "{notify}");
        assert!(err.contains(key), "{notify}: {err}");
    }
    configure(&ws, "", &[("ana", "not an address")]);
    let (code, _, err) = ws.run(&["claims", "list"]);
    assert_eq!(code, 1);
    assert!(err.contains("people") && err.contains("ana"), "{err}");
}
