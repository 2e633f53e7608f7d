-- Version 1: claims, their references, documents, findings and the append-only history.
-- Money is TEXT holding an exact decimal; dates are ISO YYYY-MM-DD; times RFC 3339 UTC.

CREATE TABLE claims (
    claim_id       TEXT PRIMARY KEY,
    program        TEXT NOT NULL,
    activity       TEXT NOT NULL DEFAULT '',
    location       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    currency       TEXT NOT NULL,
    usage_start    TEXT NOT NULL,
    usage_end      TEXT NOT NULL,
    funds_total    TEXT NOT NULL,
    funds_approved TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX claims_status ON claims(status);

-- References (PO, pre-approval, invoice numbers) identify a claim inside documents.
-- `norm` is the reference upper-cased with separators removed, for lookups.
CREATE TABLE claim_references (
    claim_id  TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    reference TEXT NOT NULL,
    norm      TEXT NOT NULL,
    PRIMARY KEY (claim_id, reference)
) STRICT;
CREATE INDEX claim_references_norm ON claim_references(norm);

CREATE TABLE documents (
    document_id    INTEGER PRIMARY KEY,
    sha256         TEXT NOT NULL UNIQUE,
    claim_id       TEXT NOT NULL REFERENCES claims(claim_id),
    kind           TEXT NOT NULL,
    original_name  TEXT NOT NULL,
    original_path  TEXT NOT NULL,
    bytes          INTEGER NOT NULL,
    format         TEXT NOT NULL,
    pages          INTEGER,
    invoice_number TEXT,
    document_date  TEXT,
    amount         TEXT,
    currency       TEXT,
    vendor         TEXT,
    matched_by     TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    actor          TEXT NOT NULL,
    archive_path   TEXT NOT NULL,
    note           TEXT,
    retain_until   TEXT NOT NULL,
    metadata       TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX documents_claim ON documents(claim_id, kind);

CREATE TABLE findings (
    claim_id TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    details  TEXT NOT NULL DEFAULT '',
    since    TEXT NOT NULL,
    PRIMARY KEY (claim_id, code)
) STRICT;

-- Append-only: every entry carries the hash of the one before it and of its own content,
-- so an edit made behind claimdrop's back breaks the chain (`claimdrop verify`).
CREATE TABLE history (
    seq             INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    claim_id        TEXT,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    document_sha256 TEXT,
    details         TEXT NOT NULL DEFAULT '',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
) STRICT;
CREATE INDEX history_claim ON history(claim_id, seq);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: entries are never updated');
END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only: entries are never deleted');
END;
