-- base: head
-- refused: restore
-- says: point at records
PRAGMA foreign_keys = OFF;
UPDATE intakes SET remedy_id = 99999;
