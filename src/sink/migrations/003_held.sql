-- Version 3: files (and folders) left in the inbox for a cause that waiting for their writer
-- will not cure: claimdrop may not read them, or it filed them but may not remove them. A row
-- remembers the file as it was last seen, so later passes skip it until it changes or its
-- next try is due, and it is reported once rather than on every scan.

CREATE TABLE held (
    original_path TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    cause         TEXT NOT NULL CHECK (cause IN ('unreadable', 'unremovable')),
    reason        TEXT NOT NULL,
    -- stat of the file and its folder: a chmod, chown or rewrite changes it
    fingerprint   TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    tries         INTEGER NOT NULL,
    next_try_at   TEXT NOT NULL
) STRICT;
