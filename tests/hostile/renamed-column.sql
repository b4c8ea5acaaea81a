-- base: head
-- refused: open, restore
-- says: settings
ALTER TABLE settings RENAME COLUMN value TO valeur;
