-- Version 2: files in quarantine, each with its outcome and reason. A row stays while the file
-- is in quarantine; `resolved_at` is set when a parked file is attached after all.

CREATE TABLE exceptions (
    exception_id    INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL,
    original_path   TEXT NOT NULL,
    kind            TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    quarantine_path TEXT NOT NULL,
    claim_id        TEXT,
    actor           TEXT NOT NULL,
    at              TEXT NOT NULL,
    note            TEXT,
    resolved_at     TEXT
) STRICT;
CREATE INDEX exceptions_file ON exceptions(sha256, original_path);
CREATE INDEX exceptions_open ON exceptions(outcome) WHERE resolved_at IS NULL;

-- Reports and duplicate checks look documents up by original path too.
CREATE INDEX documents_original_path ON documents(original_path);
