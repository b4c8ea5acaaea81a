-- base: head
-- refused: open, restore
-- says: trigger (wipe_markers)
-- `journal take` would delete every day marker.
CREATE TRIGGER wipe_markers AFTER INSERT ON intakes
BEGIN
    DELETE FROM day_markers;
END;
