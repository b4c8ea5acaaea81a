-- base: head
-- refused: open, restore
-- says: index the journal does not have (ix_one_dose_per_remedy)
-- A second dose of any remedy would fail to save.
CREATE UNIQUE INDEX ix_one_dose_per_remedy ON intakes (remedy_id);
