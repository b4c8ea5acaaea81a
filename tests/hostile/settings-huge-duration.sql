-- base: head
-- refused: restore
-- says: min-duration
UPDATE settings SET value = '1e308' WHERE key = 'min-duration';
INSERT OR IGNORE INTO settings (key, value, updated) VALUES ('min-duration', '1e308', '2026-01-01 00:00:00.000000');
