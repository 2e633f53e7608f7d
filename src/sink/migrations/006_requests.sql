-- Version 6: document requests (SPEC §1): a colleague asked for a document of a kind for a
-- claim. Open until a document of that kind is attached to that claim after it was asked
-- (fulfilled, naming the document), or cancelled.

CREATE TABLE requests (
    request_id          INTEGER PRIMARY KEY,
    claim_id            TEXT NOT NULL REFERENCES claims(claim_id),
    kind                TEXT NOT NULL,
    requested_from      TEXT NOT NULL,
    requested_by        TEXT NOT NULL,
    requested_at        TEXT NOT NULL,
    due                 TEXT,
    note                TEXT,
    status              TEXT NOT NULL DEFAULT 'open',
    fulfilled_by_sha256 TEXT,
    fulfilled_at        TEXT
);

CREATE INDEX requests_open ON requests (claim_id, kind) WHERE status = 'open';
