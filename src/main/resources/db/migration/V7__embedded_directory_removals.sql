-- Entries that Parloir deleted from its embedded LDAP directory (account removal by an administrator or by the user,
-- XEP-0077 §3.2): a tombstone row, removed = TRUE and no LDIF, so that the entry of the seed file is not restored at
-- the next start. Writing the entry again (a new registration of the name) clears the flag.
ALTER TABLE embedded_directory_entry ADD COLUMN removed BOOLEAN DEFAULT FALSE NOT NULL;
