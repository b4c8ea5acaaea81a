-- base: empty
-- refused: open, restore
-- says: another program
-- Another program's database: the journal must not add its tables or switch it to WAL.
CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT, phone TEXT);
INSERT INTO contacts (name, phone) VALUES ('A. Friend', '+49 30 1234567');
