-- Version 5: where an e-invoice PDF's visible page contradicts its XML (SPEC §1
-- `einvoice_mismatch`), in words naming both values; NULL when they agree or the document is
-- no e-invoice.

ALTER TABLE documents ADD COLUMN einvoice_mismatch TEXT;
