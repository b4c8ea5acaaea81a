-- base: head
-- refused: open, restore
-- says: constraints of its table episodes
-- An intensity of 1000 would be accepted by the database.
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'intensity <= 10)', 'intensity <= 1000)')
 WHERE name = 'episodes';
PRAGMA writable_schema = OFF;
