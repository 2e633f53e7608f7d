-- Version 7: corrected fields (SPEC §1 corrections). The fields of a document a person
-- corrected, comma-separated: they win over any later reading of the document.

ALTER TABLE documents ADD COLUMN corrected TEXT NOT NULL DEFAULT '';
