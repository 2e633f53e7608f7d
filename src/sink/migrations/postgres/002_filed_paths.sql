-- Where files were filed, looked up by path: daemons sharing the store choose a file's name
-- in the archive or quarantine among the names the store has recorded (another daemon's file
-- may be recorded and not yet in place), and a filing whose name was recorded meanwhile is
-- refused under the filing lock (SPEC §7).
CREATE INDEX documents_archive_path ON documents(archive_path);
CREATE INDEX exceptions_quarantine_path ON exceptions(quarantine_path) WHERE resolved_at IS NULL;
