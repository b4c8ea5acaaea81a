-- base: head
-- refused: open, restore
-- says: intakes.dose
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'dose FLOAT', 'dose TEXT') WHERE name = 'intakes';
PRAGMA writable_schema = OFF;
