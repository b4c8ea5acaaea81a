-- base: head
-- refused: restore
-- says: symptoms that is not a list
-- Valid to SQLite, but no command could have written it.
UPDATE episodes SET symptoms = '"nausea"';
