-- Version 4: where a document's fields came from (SPEC §6 `fields_source`: `xml`, `text`,
-- `form`, `cells`, `corrected`), and which e-invoice syntax it carries (`einvoice`, filled by
-- the e-invoice reader). Rows filed before are left empty: nobody recorded it then.

ALTER TABLE documents ADD COLUMN einvoice TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN fields_source TEXT NOT NULL DEFAULT '';
