-- base: head
-- refused: open, restore
-- says: lacks the index ix_day_markers_day_tag
DROP INDEX ix_day_markers_day_tag;
