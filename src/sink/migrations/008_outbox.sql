-- Version 8: notifications (SPEC §5a). An event is written to the outbox in the transaction of
-- the change that caused it, naming the users it concerns; the notifier later turns it into
-- deliveries (one per channel and recipient, with the configuration of that moment) and works
-- them off, retrying with backoff. `origin` makes an event's key unique beyond this store.

CREATE TABLE outbox (
    event_id   INTEGER PRIMARY KEY,
    event      TEXT NOT NULL,
    claim_id   TEXT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    users      TEXT NOT NULL,
    details    TEXT NOT NULL,
    expanded   INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX outbox_unexpanded ON outbox (event_id) WHERE expanded = 0;

CREATE TABLE deliveries (
    event_id   INTEGER NOT NULL REFERENCES outbox(event_id),
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending',
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_at    TEXT NOT NULL,
    PRIMARY KEY (event_id, channel, recipient)
);

CREATE INDEX deliveries_due ON deliveries (next_at) WHERE status = 'pending';

CREATE TABLE outbox_origin (origin TEXT NOT NULL);
INSERT INTO outbox_origin (origin) VALUES (lower(hex(randomblob(8))));
