-- Version 10: the reviewer's question kept with its claim (issue 31). It is the first comment
-- after the claim's latest move into `info_requested`; it was found by reading the history's
-- audit text, and is now set as the comment is recorded. Claims waiting on a question now
-- get it from their history, once.

ALTER TABLE claims ADD COLUMN question TEXT;

UPDATE claims SET question = (
    SELECT h.details FROM history h
    WHERE h.claim_id = claims.claim_id AND h.action = 'comment_added'
      AND h.seq > (SELECT MAX(s.seq) FROM history s
                   WHERE s.claim_id = claims.claim_id AND s.action = 'status_changed'
                     AND s.details LIKE '% -> info_requested%')
    ORDER BY h.seq LIMIT 1)
WHERE status = 'info_requested';
