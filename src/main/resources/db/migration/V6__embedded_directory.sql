-- Entries that Parloir itself wrote into its embedded LDAP directory (in-band registrations, password changes): the
-- whole entry as LDIF, one row per entry, its key the normalised DN. The embedded directory lives in memory; at
-- every start it is seeded from the LDIF file and then these rows replace or add their entries, so an account
-- that was answered "registered" survives a restart or a crash (issue 9). Times are epoch milliseconds.
CREATE TABLE embedded_directory_entry (
    dn_key      VARCHAR(2047) NOT NULL PRIMARY KEY,
    ldif        VARCHAR       NOT NULL,
    updated_at  BIGINT        NOT NULL
);
