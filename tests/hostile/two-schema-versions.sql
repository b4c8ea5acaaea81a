-- base: head
-- refused: open, restore
-- says: unreadable
INSERT INTO alembic_version (version_num) VALUES ('0001');
