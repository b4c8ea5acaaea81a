-- base: head
-- refused: open, restore
-- says: table the journal does not have (exfiltrate)
CREATE TABLE exfiltrate (copied TEXT);
