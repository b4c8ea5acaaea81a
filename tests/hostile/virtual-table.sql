-- base: head
-- refused: open, restore
-- says: table the journal does not have (search)
CREATE VIRTUAL TABLE search USING rtree(id, lo, hi);
