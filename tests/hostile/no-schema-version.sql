-- base: head
-- refused: open, restore
-- says: no schema version
DELETE FROM alembic_version;
