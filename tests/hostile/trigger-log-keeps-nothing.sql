-- base: head
-- refused: open, restore
-- says: trigger (swallow_episodes)
-- `journal log` would print "Logged episode N." and keep nothing.
CREATE TRIGGER swallow_episodes AFTER INSERT ON episodes
BEGIN
    DELETE FROM episodes WHERE id = NEW.id;
END;
