-- base: head
-- refused: open, restore
-- says: lacks the column note
-- Every later command would fail with "no such column".
ALTER TABLE episodes DROP COLUMN note;
