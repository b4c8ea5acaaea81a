-- base: head
-- refused: restore
-- says: unknown setting
INSERT INTO settings (key, value, updated) VALUES ('shell', 'rm -rf ~', '2026-01-01 00:00:00.000000');
