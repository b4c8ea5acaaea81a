-- base: empty
-- refused: open, restore
-- says: another program
-- Another program that uses Alembic too: its revision is unknown here, but it is no
-- newer journal.
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf');
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
