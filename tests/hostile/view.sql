-- base: head
-- refused: open, restore
-- says: view (everything)
CREATE VIEW everything AS SELECT * FROM episodes JOIN intakes ON intakes.episode_id = episodes.id;
