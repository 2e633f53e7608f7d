-- Version 9: which file on disk a document or quarantined file was filed from (device, inode
-- and change time). A copy of it still in the inbox after a crash is that very file; the same
-- bytes dropped again at the same path are a new file, a `duplicate` (issue 31).

ALTER TABLE documents ADD COLUMN source_identity TEXT;
ALTER TABLE exceptions ADD COLUMN source_identity TEXT;
