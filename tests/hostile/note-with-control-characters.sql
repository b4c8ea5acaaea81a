-- base: head
-- refused: restore
-- says: control characters
UPDATE episodes SET note = 'bell' || char(7) || ' and escape' || char(27) || '[31m';
