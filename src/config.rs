//! `claimdrop.toml` -> validated [`Settings`].
//!
//! Every key is optional and has the default that `config/claimdrop.toml` documents (a unit test
//! keeps the two equal). Parsing goes through `serde_path_to_error` so that an unknown key or a
//! bad value is reported with its full dotted name (`watch.mode`), and values serde cannot judge
//! (a regex, a cron expression, a delimiter) are checked right after, naming the key the same way.

use crate::text;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::{DateOrder, Event, Kind, Role};

/// The default configuration, as `init` writes it (with the initialising user as admin).
pub const DEFAULT_TOML: &str = include_str!("../config/claimdrop.toml");

/// The file name of the configuration inside a workspace.
pub const FILE_NAME: &str = "claimdrop.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: {key}: {message}")]
    Invalid {
        file: PathBuf,
        key: String,
        message: crate::lang::Text,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub paths: Paths,
    /// Folder name under the inbox -> what its files are.
    pub kinds: BTreeMap<String, Kind>,
    pub matching: Matching,
    pub watch: Watch,
    pub schedule: Schedule,
    pub rules: Rules,
    pub limits: Limits,
    pub reports: Reports,
    pub roles: Roles,
    pub organisation: Organisation,
    pub registers: Registers,
    pub ui: Ui,
    pub notify: Notify,
    pub ocr: Ocr,
    pub store: StoreSettings,
    /// User name -> e-mail address, for notifications.
    pub people: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Paths {
    pub inbox: PathBuf,
    pub archive: PathBuf,
    pub quarantine: PathBuf,
    pub reports: PathBuf,
    pub database: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Matching {
    pub claim_id_pattern: String,
    /// The pattern compiled, once per configuration read.
    #[serde(skip)]
    compiled: Compiled,
}

/// A regex compiled on first use and kept with the settings it came from; settings compare
/// by what they say, so it never makes two configurations differ.
#[derive(Debug, Clone, Default)]
struct Compiled(std::sync::OnceLock<regex::Regex>);

impl PartialEq for Compiled {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchMode {
    /// Change events where the platform gives them, with a periodic rescan behind them.
    Auto,
    Notify,
    /// Scanning only: network shares deliver no change events.
    Poll,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Watch {
    pub mode: WatchMode,
    pub poll_interval_secs: u64,
    pub settle_ms: u64,
    pub ignore: Vec<String>,
}

/// Cron expressions (5 or 6 fields); an empty string turns a job off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Schedule {
    pub scan: String,
    pub reports: String,
    pub deadlines: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    pub deadline_days: u32,
    pub deadline_warning_days: u32,
    pub retention_months: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_uncompressed_bytes: u64,
    pub document_timeout_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reports {
    pub delimiter: String,
    pub bom: bool,
    /// `claimdrop.xlsx` beside the CSVs.
    pub xlsx: bool,
    /// `summary.html` and `claims/<id>.html`.
    pub html: bool,
}

/// What people read: the language of messages, reason texts, `next_step`, the HTML and the
/// notifications. `None`: from the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ui {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<crate::lang::Lang>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Roles {
    pub global_admins: Vec<String>,
    pub incentives_admins: Vec<String>,
}

/// Who the partner is: its own company names are the party its invoices are billed to, never
/// their vendor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Organisation {
    pub names: Vec<String>,
}

/// OCR of scanned pages and images (SPEC §3 step 4, §5 `[ocr]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ocr {
    pub enabled: OcrSwitch,
    /// Tesseract language codes; those not installed are left out (and said so at start).
    pub languages: Vec<String>,
    /// Pages read per document.
    pub max_pages: u32,
    /// The time one document's OCR may take, all its pages together.
    pub timeout_secs: u64,
}

impl Default for Ocr {
    fn default() -> Self {
        Ocr {
            enabled: OcrSwitch::Auto,
            languages: ["eng", "fra", "deu", "spa", "ita", "nld"]
                .map(String::from)
                .to_vec(),
            max_pages: 10,
            timeout_secs: 300,
        }
    }
}

/// `[ocr] enabled`: `"auto"` (where Tesseract is installed), `true` (refuse to start without
/// it) or `false`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OcrSwitch {
    #[default]
    Auto,
    On,
    Off,
}

impl Serialize for OcrSwitch {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OcrSwitch::Auto => s.serialize_str("auto"),
            OcrSwitch::On => s.serialize_bool(true),
            OcrSwitch::Off => s.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for OcrSwitch {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Given {
            Flag(bool),
            Word(String),
        }
        match Given::deserialize(d)? {
            Given::Flag(true) => Ok(OcrSwitch::On),
            Given::Flag(false) => Ok(OcrSwitch::Off),
            Given::Word(word) => match word.as_str() {
                "auto" => Ok(OcrSwitch::Auto),
                "true" => Ok(OcrSwitch::On),
                "false" => Ok(OcrSwitch::Off),
                other => Err(serde::de::Error::custom(format!(
                    "expected \"auto\", true or false, not {other:?}"
                ))),
            },
        }
    }
}

/// Where the claim store is (SPEC §5 `[store]`, §7): the workspace's SQLite file unless `url`
/// names a PostgreSQL database shared by several daemons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreSettings {
    /// Empty: the SQLite file `paths.database`; else `postgres://user@host[:port]/db`.
    pub url: String,
    /// The database password, alone in a file (relative paths are the workspace's).
    pub password_file: PathBuf,
    /// How long a daemon's claim on a file lasts without being renewed.
    pub lease_secs: u64,
}

impl Default for StoreSettings {
    fn default() -> Self {
        StoreSettings {
            url: String::new(),
            password_file: PathBuf::new(),
            lease_secs: 60,
        }
    }
}

impl StoreSettings {
    /// Whether the store is a shared PostgreSQL database.
    pub fn is_shared(&self) -> bool {
        is_postgres_url(&self.url)
    }
}

/// Whether a URL names a PostgreSQL database.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// How claim registers are read (SPEC §3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Registers {
    pub date_order: DateOrder,
}

/// Where notifications go (SPEC §5a). An empty `webhook_url` or `smtp_host` turns that
/// channel off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Notify {
    pub webhook_url: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_from: String,
    pub smtp_starttls: bool,
    pub smtp_user: String,
    pub smtp_password_file: PathBuf,
    /// Which events are told; all by default.
    pub events: Vec<Event>,
    /// The wait before the first retry of a failed delivery; it doubles each time, up to an
    /// hour.
    pub retry_secs: u64,
    /// Attempts before a delivery is given up (`failed`).
    pub max_attempts: u32,
}

impl Default for Notify {
    fn default() -> Self {
        Notify {
            webhook_url: String::new(),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_from: "claimdrop@localhost".into(),
            smtp_starttls: true,
            smtp_user: String::new(),
            smtp_password_file: PathBuf::new(),
            events: Event::ALL.to_vec(),
            retry_secs: 60,
            max_attempts: 10,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let kinds = [
            ("invoices", Kind::Invoice),
            ("csr", Kind::Csr),
            ("proof", Kind::Proof),
            ("metrics", Kind::Metrics),
            ("claims", Kind::Register),
        ]
        .into_iter()
        .map(|(folder, kind)| (folder.to_string(), kind))
        .collect();
        Settings {
            paths: Paths::default(),
            kinds,
            matching: Matching::default(),
            watch: Watch::default(),
            schedule: Schedule::default(),
            rules: Rules::default(),
            limits: Limits::default(),
            reports: Reports::default(),
            roles: Roles::default(),
            organisation: Organisation::default(),
            registers: Registers::default(),
            ui: Ui::default(),
            notify: Notify::default(),
            ocr: Ocr::default(),
            store: StoreSettings::default(),
            people: BTreeMap::new(),
        }
    }
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            inbox: "inbox".into(),
            archive: "archive".into(),
            quarantine: "quarantine".into(),
            reports: "reports".into(),
            database: "claimdrop.db".into(),
        }
    }
}

impl Default for Matching {
    fn default() -> Self {
        Matching {
            claim_id_pattern: "CLM-[0-9]{6}".into(),
            compiled: Compiled::default(),
        }
    }
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            mode: WatchMode::Auto,
            poll_interval_secs: 30,
            settle_ms: 2000,
            ignore: [
                "~$*",
                ".~lock.*#",
                "*.part",
                "*.crdownload",
                "*.tmp",
                ".*",
                "Thumbs.db",
                "desktop.ini",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        }
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            scan: "*/5 * * * *".into(),
            reports: "0 * * * *".into(),
            deadlines: "0 6 * * *".into(),
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            deadline_days: 45,
            deadline_warning_days: 10,
            retention_months: 24,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 * 1024 * 1024,
            max_uncompressed_bytes: 100 * 1024 * 1024,
            document_timeout_secs: 30,
        }
    }
}

impl Default for Reports {
    fn default() -> Self {
        Reports {
            delimiter: ",".into(),
            bom: true,
            xlsx: true,
            html: true,
        }
    }
}

impl Settings {
    /// The language people read: `[ui] language`, else the locale of the environment.
    pub fn lang(&self) -> crate::lang::Lang {
        self.ui
            .language
            .unwrap_or_else(crate::lang::Lang::from_environment)
    }

    /// Reads `claimdrop.toml` from a workspace; defaults when the file is absent.
    pub fn load(workspace: &Path) -> Result<Settings, ConfigError> {
        let file = workspace.join(FILE_NAME);
        match std::fs::read_to_string(&file) {
            Ok(text) => Settings::parse(&text, &file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(source) => Err(ConfigError::Read { file, source }),
        }
    }

    /// Parses and validates configuration text; `file` only names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Settings, ConfigError> {
        let invalid = |key: String, message: crate::lang::Text| ConfigError::Invalid {
            file: file.to_path_buf(),
            key,
            message,
        };
        let deserializer = toml::Deserializer::parse(text)
            .map_err(|e| invalid(line_of(text, e.span()), plain(e.message())))?;
        let settings: Settings = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            invalid(key, plain(inner.message()))
        })?;
        settings
            .validate()
            .map_err(|(key, message)| invalid(key.to_string(), message))?;
        Ok(settings)
    }

    /// Checks the values serde accepted but the domain may not.
    fn validate(&self) -> Result<(), (&'static str, crate::lang::Text)> {
        match regex::Regex::new(&self.matching.claim_id_pattern) {
            Err(e) => {
                return Err((
                    "matching.claim_id_pattern",
                    text!("config-not-regex", error = e.to_string()),
                ));
            }
            Ok(re) if re.is_match("") => {
                return Err(("matching.claim_id_pattern", text!("config-matches-empty")));
            }
            Ok(_) => {}
        }
        if self.kinds.is_empty() {
            return Err(("kinds", text!("config-no-kinds")));
        }
        for folder in self.kinds.keys() {
            if folder.is_empty() || folder.contains(['/', '\\']) || folder == ".." {
                return Err(("kinds", text!("config-not-folder", folder = folder)));
            }
        }
        // claimdrop's own folders stay apart from the inbox and from each other: an archive or
        // quarantine inside the inbox would be taken for drops, its files filed again on every
        // pass, and an inbox inside one of them swept with it.
        let at = |path: &Path| lexical(&Path::new("/workspace").join(path));
        let paths = &self.paths;
        let inbox = at(&paths.inbox);
        let folders = [
            ("paths.inbox", inbox.clone()),
            ("paths.archive", at(&paths.archive)),
            ("paths.quarantine", at(&paths.quarantine)),
            ("paths.reports", at(&paths.reports)),
        ];
        for (index, (first, a)) in folders.iter().enumerate() {
            for (second, b) in folders.iter().skip(index + 1) {
                if a.starts_with(b) || b.starts_with(a) {
                    return Err((second, text!("config-overlaps", first = *first)));
                }
            }
        }
        if at(&paths.database).starts_with(&inbox) {
            return Err(("paths.database", text!("config-database-in-inbox")));
        }
        if self.watch.poll_interval_secs == 0 {
            return Err(("watch.poll_interval_secs", text!("config-at-least-1")));
        }
        for pattern in &self.watch.ignore {
            if let Err(e) = globset::Glob::new(pattern) {
                return Err((
                    "watch.ignore",
                    text!(
                        "config-not-pattern",
                        pattern = pattern,
                        error = e.to_string()
                    ),
                ));
            }
        }
        for (key, expression) in [
            ("schedule.scan", &self.schedule.scan),
            ("schedule.reports", &self.schedule.reports),
            ("schedule.deadlines", &self.schedule.deadlines),
        ] {
            if let Err(error) = parse_cron(expression) {
                return Err((
                    key,
                    text!("config-not-cron", expression = expression, error = error),
                ));
            }
        }
        if self.rules.deadline_days == 0 {
            return Err(("rules.deadline_days", text!("config-at-least-1")));
        }
        for (key, value) in [
            ("limits.max_file_bytes", self.limits.max_file_bytes),
            (
                "limits.max_uncompressed_bytes",
                self.limits.max_uncompressed_bytes,
            ),
            (
                "limits.document_timeout_secs",
                self.limits.document_timeout_secs,
            ),
            ("ocr.max_pages", u64::from(self.ocr.max_pages)),
            ("ocr.timeout_secs", self.ocr.timeout_secs),
        ] {
            if value == 0 {
                return Err((key, text!("config-over-0")));
            }
        }
        self.delimiter().ok_or_else(|| {
            (
                "reports.delimiter",
                text!("config-delimiter", delimiter = &self.reports.delimiter),
            )
        })?;
        let notify = &self.notify;
        let url = &notify.webhook_url;
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return Err((
                "notify.webhook_url",
                text!("config-not-url", url = &notify.webhook_url),
            ));
        }
        if !notify.smtp_host.is_empty() {
            if notify.smtp_port == 0 {
                return Err(("notify.smtp_port", text!("config-not-port")));
            }
            if notify
                .smtp_from
                .parse::<lettre::message::Mailbox>()
                .is_err()
            {
                return Err((
                    "notify.smtp_from",
                    text!("config-not-address", address = &notify.smtp_from),
                ));
            }
        }
        let store = &self.store;
        if !store.url.is_empty() && !store.is_shared() {
            return Err(("store.url", text!("config-store-url")));
        }
        if store.lease_secs < 5 {
            return Err(("store.lease_secs", text!("config-store-lease")));
        }
        if notify.smtp_user.is_empty() != notify.smtp_password_file.as_os_str().is_empty() {
            return Err(("notify.smtp_password_file", text!("config-smtp-pair")));
        }
        if notify.retry_secs == 0 {
            return Err(("notify.retry_secs", text!("config-at-least-1")));
        }
        if notify.max_attempts == 0 {
            return Err(("notify.max_attempts", text!("config-at-least-1")));
        }
        for (user, address) in &self.people {
            if address.parse::<lettre::Address>().is_err() {
                return Err((
                    "people",
                    text!("config-person-address", user = user, address = address),
                ));
            }
        }
        Ok(())
    }

    /// The report delimiter as the one byte the csv writer wants.
    pub fn delimiter(&self) -> Option<u8> {
        match self.reports.delimiter.as_bytes() {
            [byte] if !matches!(byte, b'"' | b'\n' | b'\r') && byte.is_ascii() => Some(*byte),
            _ => None,
        }
    }

    /// The role a user holds; everybody not named is an `incentives_user`.
    pub fn role_of(&self, user: &str) -> Role {
        if self.roles.global_admins.iter().any(|u| u == user) {
            Role::GlobalAdmin
        } else if self.roles.incentives_admins.iter().any(|u| u == user) {
            Role::IncentivesAdmin
        } else {
            Role::IncentivesUser
        }
    }

    /// No admin named anywhere: a workspace nobody has claimed yet.
    pub fn has_no_admins(&self) -> bool {
        self.roles.global_admins.is_empty() && self.roles.incentives_admins.is_empty()
    }

    /// The claim id pattern, matching ignoring letter case (SPEC §1). Where it may stand
    /// (word boundaries) is the matcher's business: `\b` would not split `CLM-004217_Contoso`.
    /// The claim id pattern, compiled once (a clone shares the compiled program).
    pub fn claim_id_regex(&self) -> regex::Regex {
        self.matching
            .compiled
            .0
            .get_or_init(|| {
                // ok: `parse` rejected an invalid pattern, and the default one is valid.
                claim_id_regex(&self.matching.claim_id_pattern)
                    .expect("claim_id_pattern was validated") // ok: validated
            })
            .clone()
    }
}

/// A message of a library (toml, serde), as it said it.
fn plain(message: &str) -> crate::lang::Text {
    text!("plain", text = message)
}

/// A claim id pattern as claimdrop matches it: ignoring letter case (SPEC §1).
pub fn claim_id_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
}

/// Parses a schedule entry; an empty one is "off".
/// `path` with its `.` and `..` parts resolved as written, without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => resolved.push(other),
        }
    }
    resolved
}

pub fn parse_cron(expression: &str) -> Result<Option<croner::Cron>, String> {
    if expression.trim().is_empty() {
        return Ok(None);
    }
    use std::str::FromStr;
    croner::Cron::from_str(expression)
        .map(Some)
        .map_err(|e| e.to_string())
}

fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            format!("line {}", before.lines().count().max(1))
        }
        None => "syntax".to_string(),
    }
}

/// The default configuration with the given user made the first global admin.
pub fn default_toml_for(admin: &str) -> String {
    let quoted = toml::Value::String(admin.to_string()).to_string();
    DEFAULT_TOML.replacen(
        "global_admins = []",
        &format!("global_admins = [{quoted}]"),
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, String> {
        Settings::parse(text, Path::new("claimdrop.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn the_documented_file_holds_exactly_the_defaults() {
        assert_eq!(parse(DEFAULT_TOML).unwrap(), Settings::default());
    }

    #[test]
    fn claimdrops_own_folders_stay_out_of_the_inbox() {
        // Found in issue 7's second half: a quarantine inside the inbox was filed again on
        // every pass, doubling itself.
        let err = parse("[paths]\nquarantine = \"inbox/invoices/q\"\n").unwrap_err();
        assert!(
            err.contains("paths.quarantine") && err.contains("paths.inbox"),
            "{err}"
        );
        let err =
            parse("[paths]\ninbox = \"data\"\narchive = \"data/../data/kept\"\n").unwrap_err();
        assert!(err.contains("paths.archive"), "{err}");
        let err = parse("[paths]\ninbox = \".\"\n").unwrap_err();
        assert!(err.contains("overlaps paths.inbox"), "{err}");
        let err = parse("[paths]\ndatabase = \"inbox/store.db\"\n").unwrap_err();
        assert!(err.contains("paths.database"), "{err}");
        assert!(
            parse("[paths]\nreports = \"../shared-reports\"\narchive = \"/srv/archive\"\n").is_ok()
        );
    }

    #[test]
    fn every_default_key_is_written_in_the_documented_file() {
        let documented: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
        let defaults = toml::Table::try_from(Settings::default()).unwrap();
        for (section, value) in defaults {
            let Some(table) = value.as_table() else {
                continue;
            };
            for key in table.keys() {
                assert!(
                    documented.get(&section).and_then(|s| s.get(key)).is_some(),
                    "{section}.{key} missing from config/claimdrop.toml"
                );
            }
        }
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        assert_eq!(parse("").unwrap(), Settings::default());
    }

    #[test]
    fn a_misspelt_key_is_named() {
        let err = parse("[watch]\nsettle_msec = 10\n").unwrap_err();
        assert!(err.contains("watch.settle_msec"), "{err}");
        let err = parse("[pathz]\ninbox = \"in\"\n").unwrap_err();
        assert!(err.contains("pathz"), "{err}");
    }

    #[test]
    fn a_bad_value_is_named() {
        let err = parse("[watch]\nmode = \"sometimes\"\n").unwrap_err();
        assert!(err.contains("watch.mode"), "{err}");
        let err = parse("[rules]\ndeadline_days = -3\n").unwrap_err();
        assert!(err.contains("rules.deadline_days"), "{err}");
        let err = parse("[kinds]\ninvoices = \"receipt\"\n").unwrap_err();
        assert!(err.contains("kinds.invoices"), "{err}");
    }

    #[test]
    fn values_serde_cannot_judge_are_checked() {
        for (text, key) in [
            (
                "[matching]\nclaim_id_pattern = \"CLM-(\"\n",
                "matching.claim_id_pattern",
            ),
            (
                "[matching]\nclaim_id_pattern = \"x*\"\n",
                "matching.claim_id_pattern",
            ),
            ("[schedule]\nscan = \"every minute\"\n", "schedule.scan"),
            ("[reports]\ndelimiter = \";;\"\n", "reports.delimiter"),
            ("[limits]\nmax_file_bytes = 0\n", "limits.max_file_bytes"),
            (
                "[watch]\npoll_interval_secs = 0\n",
                "watch.poll_interval_secs",
            ),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn broken_toml_names_the_line() {
        let err = parse("[paths]\ninbox = \n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn a_schedule_can_be_turned_off() {
        let settings = parse("[schedule]\nscan = \"\"\n").unwrap();
        assert_eq!(parse_cron(&settings.schedule.scan), Ok(None));
    }

    #[test]
    fn roles_come_from_the_lists() {
        let settings =
            parse("[roles]\nglobal_admins = [\"ana\"]\nincentives_admins = [\"bo\"]\n").unwrap();
        assert_eq!(settings.role_of("ana"), Role::GlobalAdmin);
        assert_eq!(settings.role_of("bo"), Role::IncentivesAdmin);
        assert_eq!(settings.role_of("cy"), Role::IncentivesUser);
    }

    #[test]
    fn init_names_its_user_as_global_admin() {
        let text = default_toml_for("jo \"the\" admin");
        let settings = parse(&text).unwrap();
        assert_eq!(settings.roles.global_admins, vec!["jo \"the\" admin"]);
    }
}
