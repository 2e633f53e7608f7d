//! The language of the co-op programme: claims, their status lifecycle, document kinds, roles
//! and history actions.
//!
//! Everything here is plain data with no I/O, so every other layer (stages, sinks, commands)
//! can share it. The status lifecycle is a table, not a tangle of `match` arms: one place to
//! read it, and the refusal message is derived from the same table.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a claim stands in the programme's review process (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Editing,
    Submitted,
    InReview,
    InfoRequested,
    Approved,
    Rejected,
    Disputed,
    Paid,
}

/// Every allowed move, from -> to. Anything not listed is refused.
const TRANSITIONS: &[(Status, Status)] = &[
    (Status::Editing, Status::Submitted),
    (Status::Submitted, Status::InReview),
    (Status::Submitted, Status::InfoRequested),
    (Status::Submitted, Status::Rejected),
    (Status::InReview, Status::Approved),
    (Status::InReview, Status::InfoRequested),
    (Status::InReview, Status::Rejected),
    (Status::InfoRequested, Status::Submitted),
    (Status::Approved, Status::Paid),
    (Status::Rejected, Status::Disputed),
    (Status::Disputed, Status::Approved),
    (Status::Disputed, Status::Rejected),
    (Status::Disputed, Status::InfoRequested),
];

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Editing,
        Status::Submitted,
        Status::InReview,
        Status::InfoRequested,
        Status::Approved,
        Status::Rejected,
        Status::Disputed,
        Status::Paid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Editing => "editing",
            Status::Submitted => "submitted",
            Status::InReview => "in_review",
            Status::InfoRequested => "info_requested",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Disputed => "disputed",
            Status::Paid => "paid",
        }
    }

    /// The statuses this one may move to, in lifecycle order.
    pub fn next(self) -> Vec<Status> {
        TRANSITIONS
            .iter()
            .filter(|(from, _)| *from == self)
            .map(|(_, to)| *to)
            .collect()
    }

    /// Checks one move against the lifecycle table.
    pub fn transition(self, to: Status) -> Result<Status, TransitionRefused> {
        if TRANSITIONS.contains(&(self, to)) {
            Ok(to)
        } else {
            Err(TransitionRefused {
                from: self,
                to,
                allowed: self.next(),
            })
        }
    }

    /// Documents may be attached only while the partner is still working on the claim.
    pub fn accepts_documents(self) -> bool {
        matches!(self, Status::Editing | Status::InfoRequested)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Status {
    type Err = crate::lang::Text;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                crate::text!("status-unknown", status = s, known = names.join(", "))
            })
    }
}

/// A refused status change; its message names where the claim is and where it may go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text())]
pub struct TransitionRefused {
    pub from: Status,
    pub to: Status,
    pub allowed: Vec<Status>,
}

impl TransitionRefused {
    pub fn text(&self) -> crate::lang::Text {
        let (from, to) = (self.from.as_str(), self.to.as_str());
        if self.allowed.is_empty() {
            return crate::text!("status-refused-final", from = from, to = to);
        }
        let allowed: Vec<&str> = self.allowed.iter().map(|s| s.as_str()).collect();
        crate::text!(
            "status-refused",
            from = from,
            to = to,
            allowed = allowed.join(", ")
        )
    }
}

/// The suffix that makes a file another file's explanatory note (SPEC §2): `x.pdf.note.txt`.
pub const NOTE_SUFFIX: &str = ".note.txt";
/// The suffix of the text that says why a file is in quarantine: `x.pdf.reason.txt`.
pub const REASON_SUFFIX: &str = ".reason.txt";
/// The texts that may travel beside a filed file, named after it.
pub const COMPANION_SUFFIXES: [&str; 2] = [NOTE_SUFFIX, REASON_SUFFIX];

/// What a candidate is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Link,
    Pipe,
    Socket,
    Device,
}

impl Special {
    pub fn of(file_type: std::fs::FileType) -> Option<Special> {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_symlink() {
            Some(Special::Link)
        } else if file_type.is_fifo() {
            Some(Special::Pipe)
        } else if file_type.is_socket() {
            Some(Special::Socket)
        } else if file_type.is_block_device() || file_type.is_char_device() {
            Some(Special::Device)
        } else {
            None
        }
    }

    /// Why it is not read.
    pub fn reason(self) -> crate::lang::Text {
        match self {
            Special::Link => crate::text!("reason-link"),
            Special::Pipe => crate::text!("reason-pipe"),
            Special::Socket => crate::text!("reason-socket"),
            Special::Device => crate::text!("reason-device"),
        }
    }
}

/// How a date written with the day and month in numbers is read (`[registers] date_order`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// 31/01/2025: Europe, and most of the world.
    #[default]
    Dmy,
    /// 01/31/2025: the United States.
    Mdy,
}

/// What a drop folder holds; the folder, not the file, decides it (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Invoice,
    Csr,
    Proof,
    Metrics,
    Register,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::Csr => "csr",
            Kind::Proof => "proof",
            Kind::Metrics => "metrics",
            Kind::Register => "register",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        [
            Kind::Invoice,
            Kind::Csr,
            Kind::Proof,
            Kind::Metrics,
            Kind::Register,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Who may do what (SPEC §1). Ordered: a higher role can do all a lower one can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    IncentivesUser,
    IncentivesAdmin,
    GlobalAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::IncentivesUser => "incentives_user",
            Role::IncentivesAdmin => "incentives_admin",
            Role::GlobalAdmin => "global_admin",
        }
    }

    pub fn is_admin(self) -> bool {
        self >= Role::IncentivesAdmin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The fixed names of history actions (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ClaimCreated,
    ClaimUpdated,
    StatusChanged,
    CommentAdded,
    DocumentAttached,
    DocumentDuplicate,
    DocumentParked,
    DocumentRetried,
    DeadlineWarning,
    DocumentRequested,
    RequestFulfilled,
    RequestCancelled,
    DocumentCorrected,
    DocumentMoved,
    DocumentDetached,
    NoteAdded,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ClaimCreated => "claim_created",
            Action::ClaimUpdated => "claim_updated",
            Action::StatusChanged => "status_changed",
            Action::CommentAdded => "comment_added",
            Action::DocumentAttached => "document_attached",
            Action::DocumentDuplicate => "document_duplicate",
            Action::DocumentParked => "document_parked",
            Action::DocumentRetried => "document_retried",
            Action::DeadlineWarning => "deadline_warning",
            Action::DocumentRequested => "document_requested",
            Action::RequestFulfilled => "request_fulfilled",
            Action::RequestCancelled => "request_cancelled",
            Action::DocumentCorrected => "document_corrected",
            Action::DocumentMoved => "document_moved",
            Action::DocumentDetached => "document_detached",
            Action::NoteAdded => "note_added",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What people are told about (SPEC §5a): each event goes to the outbox in the transaction of
/// the change that caused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    InfoRequested,
    StatusChanged,
    DeadlineNear,
    DeadlinePassed,
    DocumentRequested,
    DocumentParked,
    RequestFulfilled,
}

impl Event {
    pub const ALL: [Event; 7] = [
        Event::InfoRequested,
        Event::StatusChanged,
        Event::DeadlineNear,
        Event::DeadlinePassed,
        Event::DocumentRequested,
        Event::DocumentParked,
        Event::RequestFulfilled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::InfoRequested => "info_requested",
            Event::StatusChanged => "status_changed",
            Event::DeadlineNear => "deadline_near",
            Event::DeadlinePassed => "deadline_passed",
            Event::DocumentRequested => "document_requested",
            Event::DocumentParked => "document_parked",
            Event::RequestFulfilled => "request_fulfilled",
        }
    }

    pub fn parse(text: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == text)
    }

    /// The event a move into `to` sends: a request for information is its own event.
    pub fn of_status(to: Status) -> Event {
        if to == Status::InfoRequested {
            Event::InfoRequested
        } else {
            Event::StatusChanged
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where a dropped file ends (SPEC §3): attached, or in quarantine under one of these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Attached,
    Duplicate,
    Unmatched,
    Ambiguous,
    ClaimLocked,
    Unreadable,
    Encrypted,
    Unsupported,
    Empty,
    Forbidden,
    /// Taken off its claim by an admin (`claims detach`).
    Detached,
}

impl Outcome {
    pub const ALL: [Outcome; 11] = [
        Outcome::Attached,
        Outcome::Duplicate,
        Outcome::Unmatched,
        Outcome::Ambiguous,
        Outcome::ClaimLocked,
        Outcome::Unreadable,
        Outcome::Encrypted,
        Outcome::Unsupported,
        Outcome::Empty,
        Outcome::Forbidden,
        Outcome::Detached,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Attached => "attached",
            Outcome::Duplicate => "duplicate",
            Outcome::Unmatched => "unmatched",
            Outcome::Ambiguous => "ambiguous",
            Outcome::ClaimLocked => "claim_locked",
            Outcome::Unreadable => "unreadable",
            Outcome::Encrypted => "encrypted",
            Outcome::Unsupported => "unsupported",
            Outcome::Empty => "empty",
            Outcome::Forbidden => "forbidden",
            Outcome::Detached => "detached",
        }
    }

    /// The outcome a name stands for (`as_str`'s inverse).
    pub fn parse(name: &str) -> Option<Outcome> {
        [
            Outcome::Attached,
            Outcome::Duplicate,
            Outcome::Unmatched,
            Outcome::Ambiguous,
            Outcome::ClaimLocked,
            Outcome::Unreadable,
            Outcome::Encrypted,
            Outcome::Unsupported,
            Outcome::Empty,
            Outcome::Forbidden,
            Outcome::Detached,
        ]
        .into_iter()
        .find(|o| o.as_str() == name)
    }

    /// Parked files wait in quarantine for a claim to appear or reopen, and are retried.
    pub fn is_parked(self) -> bool {
        matches!(
            self,
            Outcome::Unmatched | Outcome::Ambiguous | Outcome::ClaimLocked
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A file that ends somewhere other than the archive, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Rejection {
    pub outcome: Outcome,
    /// For the person who finds the file in quarantine: rendered in the workspace's language
    /// when the file is parked.
    pub reason: crate::lang::Text,
    /// It ends before its format says it does (a PDF without its end-of-file marker): a file
    /// still being written looks like that too.
    #[serde(default)]
    pub ends_early: bool,
}

impl Rejection {
    pub fn new(outcome: Outcome, reason: crate::lang::Text) -> Rejection {
        Rejection {
            outcome,
            reason,
            ends_early: false,
        }
    }

    /// Unreadable because it ends early.
    pub fn ends_early(reason: crate::lang::Text) -> Rejection {
        Rejection {
            outcome: Outcome::Unreadable,
            reason,
            ends_early: true,
        }
    }
}

/// Which rule of SPEC §3 step 5 found the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchRule {
    Folder,
    Filename,
    Content,
    Reference,
    /// Named by a person (`retry PATH --claim ID`).
    Manual,
}

impl MatchRule {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchRule::Folder => "folder",
            MatchRule::Filename => "filename",
            MatchRule::Content => "content",
            MatchRule::Reference => "reference",
            MatchRule::Manual => "manual",
        }
    }

    pub fn parse(name: &str) -> Option<MatchRule> {
        [
            MatchRule::Folder,
            MatchRule::Filename,
            MatchRule::Content,
            MatchRule::Reference,
            MatchRule::Manual,
        ]
        .into_iter()
        .find(|rule| rule.as_str() == name)
    }
}

impl fmt::Display for MatchRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What a claim still lacks or gets wrong (SPEC §1 core requirement checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingCode {
    MissingInvoiceOrCsr,
    MissingProof,
    DocumentOutsideUsagePeriod,
    CurrencyMismatch,
    ClaimedExceedsFunds,
    DuplicateInvoiceNumber,
    DeadlineNear,
    DeadlinePassed,
    FieldsUnread,
    EinvoiceMismatch,
}

impl FindingCode {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::MissingInvoiceOrCsr => "missing_invoice_or_csr",
            FindingCode::MissingProof => "missing_proof",
            FindingCode::DocumentOutsideUsagePeriod => "document_outside_usage_period",
            FindingCode::CurrencyMismatch => "currency_mismatch",
            FindingCode::ClaimedExceedsFunds => "claimed_exceeds_funds",
            FindingCode::DuplicateInvoiceNumber => "duplicate_invoice_number",
            FindingCode::DeadlineNear => "deadline_near",
            FindingCode::DeadlinePassed => "deadline_passed",
            FindingCode::FieldsUnread => "fields_unread",
            FindingCode::EinvoiceMismatch => "einvoice_mismatch",
        }
    }
}

impl FindingCode {
    /// Every code, in the order they are listed.
    pub const ALL: [FindingCode; 10] = [
        FindingCode::MissingInvoiceOrCsr,
        FindingCode::MissingProof,
        FindingCode::DocumentOutsideUsagePeriod,
        FindingCode::CurrencyMismatch,
        FindingCode::ClaimedExceedsFunds,
        FindingCode::DuplicateInvoiceNumber,
        FindingCode::DeadlineNear,
        FindingCode::DeadlinePassed,
        FindingCode::FieldsUnread,
        FindingCode::EinvoiceMismatch,
    ];

    pub fn parse(code: &str) -> Option<FindingCode> {
        FindingCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// Whether it refuses `claims submit` (SPEC §1), unless forced.
    pub fn refuses_submit(self) -> bool {
        !matches!(
            self,
            FindingCode::DeadlineNear | FindingCode::DeadlinePassed
        )
    }
}

/// One finding on a claim, with what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: FindingCode,
    /// In the workspace's language where people read it (`claims.csv`, `claims show`); in
    /// English in the history.
    pub details: crate::lang::Text,
}

/// The facts of an attached document that the checks read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub claim_id: String,
    pub kind: Kind,
    pub name: String,
    pub document_date: Option<NaiveDate>,
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub vendor: Option<String>,
    pub invoice_number: Option<String>,
    /// Where an e-invoice's page contradicts its XML, in words.
    pub einvoice_mismatch: Option<String>,
    /// It has pages without a text layer that OCR did not read, and why.
    pub unread_scan: Option<UnreadScan>,
}

/// Why a scan's pages were not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadScan {
    /// OCR is off, or Tesseract is not installed.
    Off,
    /// OCR ran and could read none of its pages (`metadata.ocr.error` says why).
    Failed,
}

/// The key a vendor's invoice number is compared by: case, spaces and punctuation ignored.
pub fn invoice_key(document: &DocumentFacts) -> Option<(String, String)> {
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let number = squash(document.invoice_number.as_deref()?);
    if number.is_empty() {
        return None;
    }
    let vendor = squash(document.vendor.as_deref().unwrap_or(""));
    Some((vendor, number))
}

/// `funds_claimed` (SPEC §1), the one place it is computed: the grand totals of a claim's
/// invoices and CSRs in the claim's currency, each vendor + invoice number counted once (a
/// re-saved or re-scanned copy is the same invoice); a credit note's negative total lowers it.
/// `documents` are the claim's own.
pub fn funds_claimed(currency: &str, documents: &[DocumentFacts]) -> Decimal {
    let mut counted = std::collections::HashSet::new();
    documents
        .iter()
        .filter(|d| matches!(d.kind, Kind::Invoice | Kind::Csr))
        .filter(|d| d.currency.as_deref() == Some(currency))
        .filter(|d| invoice_key(d).is_none_or(|key| counted.insert((d.kind, key))))
        .filter_map(|d| d.amount)
        .sum()
}

/// How long an original is kept: `months` after the activity it proves (the document's own
/// date, else the claim's usage end). Read dates and corrected dates go through this one rule.
pub fn retain_until(
    document_date: Option<NaiveDate>,
    usage_end: Option<NaiveDate>,
    months: u32,
) -> Option<NaiveDate> {
    document_date
        .or(usage_end)
        .and_then(|d| d.checked_add_months(chrono::Months::new(months)))
}

/// The submission deadline: `deadline_days` after the end of the usage period.
pub fn deadline(usage_end: NaiveDate, deadline_days: u32) -> NaiveDate {
    usage_end
        .checked_add_days(chrono::Days::new(u64::from(deadline_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The facts that define a claim, as a register row or `claims create` gives them.
/// Validated on construction (see `stage::claim_input`), so a value of this type is sound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ClaimInput {
    pub claim_id: String,
    pub program: String,
    pub activity: String,
    pub location: String,
    pub usage_start: NaiveDate,
    pub usage_end: NaiveDate,
    pub currency: String,
    pub funds_total: Decimal,
    pub references: Vec<String>,
    /// Register only: a reviewer's decision carried by the register.
    pub status: Option<Status>,
    pub funds_approved: Option<Decimal>,
    pub comment: Option<String>,
}

/// A register row with the spreadsheet row it came from, for messages.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct RegisterRow {
    pub row: usize,
    pub claim: ClaimInput,
}

/// References compare without case or separators: `PO-14064` = `po 14064`.
pub fn normalize_reference(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A claim as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub claim_id: String,
    pub program: String,
    pub activity: String,
    pub location: String,
    pub status: Status,
    pub currency: String,
    pub usage_start: NaiveDate,
    pub usage_end: NaiveDate,
    pub funds_total: Decimal,
    pub funds_approved: Option<Decimal>,
    pub references: Vec<String>,
}

/// Amounts are written the way finance reads them: `.` and exactly two decimals, halves rounded
/// away from zero (commercial rounding, not the banker's).
pub fn money(amount: Decimal) -> String {
    let mut rounded =
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded.to_string()
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sniffed {
    Pdf,
    /// xlsx, xlsm, ods, or another ZIP container (docx...): the worker looks inside.
    Zip,
    /// xls, an encrypted OOXML package, or another OLE2 file (doc...): the worker looks inside.
    Ole2,
    Png,
    Jpeg,
    Tiff,
    Gif,
    Webp,
    /// Text that opens with markup: an XML e-invoice, perhaps; the worker parses it.
    Xml,
    /// Readable text: a CSV export, perhaps.
    Text,
    /// A Windows or Unix program.
    Executable,
    Unknown,
}

/// A file's identity: its hash, its size and what its bytes start with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identified {
    pub sha256: String,
    pub bytes: u64,
    pub sniffed: Sniffed,
}

/// The business fields of SPEC §3 step 4 as a reader found them, typed; `None` where the
/// document does not say (or the reader was not sure).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub invoice_number: Option<String>,
    pub document_date: Option<NaiveDate>,
    /// The grand total, tax included, its scale as read (two decimals from a page, as written
    /// in an e-invoice's XML).
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub vendor: Option<String>,
}

impl Fields {
    /// The names of the fields, as `inspect` and the evidence name them.
    pub const NAMES: [&'static str; 5] = [
        "invoice_number",
        "document_date",
        "amount",
        "currency",
        "vendor",
    ];

    /// A field as text (`2024-01-31`, `1234.56`), by its name.
    pub fn text(&self, name: &str) -> Option<String> {
        match name {
            "invoice_number" => self.invoice_number.clone(),
            "document_date" => self.document_date.map(|d| d.to_string()),
            "amount" => self.amount.map(|a| a.to_string()),
            "currency" => self.currency.clone(),
            "vendor" => self.vendor.clone(),
            _ => None,
        }
    }

    /// Empties a field, by its name.
    pub fn clear(&mut self, name: &str) {
        match name {
            "invoice_number" => self.invoice_number = None,
            "document_date" => self.document_date = None,
            "amount" => self.amount = None,
            "currency" => self.currency = None,
            "vendor" => self.vendor = None,
            _ => {}
        }
    }
}

/// What the reading of a document comes to, as it is filed: its facts typed, the reader's
/// work done (the stage makes it, the commit records it).
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRead {
    /// `pdf`, `xlsx`, ... as `documents.csv` says it.
    pub format: String,
    pub pages: Option<u32>,
    pub invoice_number: Option<String>,
    pub document_date: Option<NaiveDate>,
    /// The grand total, tax included, as read (its scale kept).
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub vendor: Option<String>,
    /// SPEC §6 `fields_source`.
    pub fields_source: String,
    /// The e-invoice syntax, empty for other documents.
    pub einvoice: String,
    /// Where an e-invoice's page contradicts its XML, in words.
    pub einvoice_mismatch: Option<String>,
    /// `inspect --json`'s metadata, as JSON.
    pub metadata: String,
}

/// The same bytes, attached before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub claim_id: String,
    pub archive_path: String,
}

/// Where an examined file goes.
#[derive(Debug)]
pub enum Decision {
    /// Attached to `claim`, found by `rule`, with what was read.
    Attach {
        claim: String,
        rule: MatchRule,
        read: Box<DocumentRead>,
    },
    /// Quarantined (or parked) for `rejection`; `claim` is the claim it concerns, if any, for
    /// the claim's history and `exceptions.csv`.
    Quarantine {
        rejection: Rejection,
        claim: Option<String>,
    },
}

impl Decision {
    /// The outcome of SPEC §6 this decision ends in.
    pub fn outcome(&self) -> Outcome {
        match self {
            Decision::Attach { .. } => Outcome::Attached,
            Decision::Quarantine { rejection, .. } => rejection.outcome,
        }
    }

    /// The claim the file goes to or concerns.
    pub fn claim(&self) -> Option<&str> {
        match self {
            Decision::Attach { claim, .. } => Some(claim),
            Decision::Quarantine { claim, .. } => claim.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_is_allowed() {
        let mut status = Status::Editing;
        for next in [
            Status::Submitted,
            Status::InReview,
            Status::Approved,
            Status::Paid,
        ] {
            status = status.transition(next).unwrap();
        }
        assert_eq!(status, Status::Paid);
    }

    #[test]
    fn disputes_end_in_a_decision() {
        let disputed = Status::Rejected.transition(Status::Disputed).unwrap();
        for end in [Status::Approved, Status::Rejected, Status::InfoRequested] {
            assert!(disputed.transition(end).is_ok(), "disputed -> {end}");
        }
        assert!(disputed.transition(Status::Paid).is_err());
    }

    #[test]
    fn exactly_the_table_is_allowed() {
        let mut allowed = 0;
        for from in Status::ALL {
            for to in Status::ALL {
                let ok = from.transition(to).is_ok();
                let expected = TRANSITIONS.contains(&(from, to));
                assert_eq!(ok, expected, "{from} -> {to}");
                allowed += usize::from(ok);
            }
        }
        assert_eq!(allowed, 13);
        assert!(Status::Paid.next().is_empty());
    }

    #[test]
    fn a_refusal_names_the_current_status_and_the_way_on() {
        let refused = Status::Editing.transition(Status::Approved).unwrap_err();
        let en = crate::lang::Lang::En;
        assert_eq!(
            refused.text().render(en),
            "status is editing; it cannot change to approved (allowed next: submitted)"
        );
        let final_state = Status::Paid.transition(Status::Editing).unwrap_err();
        assert!(final_state.text().render(en).contains("none, it is final"));
        let french = refused.text().render(crate::lang::Lang::Fr);
        assert!(french.contains("suivants permis : submitted"), "{french}");
    }

    #[test]
    fn statuses_parse_from_their_names_only() {
        assert_eq!("in_review".parse::<Status>(), Ok(Status::InReview));
        assert_eq!(
            "Info requested".parse::<Status>(),
            Ok(Status::InfoRequested)
        );
        assert!("done".parse::<Status>().is_err());
    }

    #[test]
    fn only_editing_and_info_requested_take_documents() {
        let open: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| s.accepts_documents())
            .collect();
        assert_eq!(open, vec![Status::Editing, Status::InfoRequested]);
    }

    #[test]
    fn money_has_two_decimals() {
        assert_eq!(money(Decimal::new(35800, 0)), "35800.00");
        assert_eq!(money(Decimal::new(12345, 3)), "12.35");
    }
}
