-- base: head
-- refused: open, restore
-- says: (schema 0001)
-- A journal at the newest schema that says it is at the first: the first command would
-- try to migrate it again (and leave a backup each time).
UPDATE alembic_version SET version_num = '0001';
