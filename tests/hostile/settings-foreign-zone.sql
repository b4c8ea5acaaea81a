-- base: head
-- refused: restore
-- says: setting tz
UPDATE settings SET value = 'Mars/Olympus' WHERE key = 'tz';
