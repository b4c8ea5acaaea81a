-- base: head
-- refused: restore
-- says: 'dose'
UPDATE intakes SET dose = 1e308;
