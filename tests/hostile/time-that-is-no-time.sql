-- base: head
-- refused: restore
-- says: cannot be read
UPDATE intakes SET at = 'yesterday-ish';
