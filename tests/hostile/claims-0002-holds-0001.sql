-- base: 0001
-- refused: open, restore
-- says: lacks the column span_seconds
UPDATE alembic_version SET version_num = '0002';
