-- XMPP instant messaging data (RFC 6121, XEP-0054, XEP-0160, XEP-0191). Portable to H2 2.x and PostgreSQL.
-- Owners and contacts are bare JIDs as the protocol layer normalised them (lower case): a localpart and a domain
-- of at most 1023 characters each (RFC 7622 §3.2, §3.3). VARCHAR without a length is unbounded on PostgreSQL and
-- holds 10^9 characters on H2, well above the 256 KiB stanza limit. Times are epoch milliseconds, as in sip_binding.

-- Roster versions (RFC 6121 §2.6): one counter per owner, never deleted. Its row lock (SELECT ... FOR UPDATE)
-- serialises the owner's roster writers, so that two changes never get the same version.
CREATE TABLE xmpp_roster_version (
    owner    VARCHAR(2047) NOT NULL PRIMARY KEY,
    version  BIGINT        DEFAULT 0 NOT NULL
);

-- Roster items with the subscription states of RFC 6121 §3 and Appendix A, visible (in_roster) or kept without a
-- visible item. A removed item stays as a tombstone (removed = TRUE) with the version of its removal, so that a
-- client holding an older version is told of it (§2.6.3); re-adding the contact revives the same row.
CREATE TABLE xmpp_roster_item (
    owner              VARCHAR(2047) NOT NULL,
    contact            VARCHAR(2047) NOT NULL,
    name               VARCHAR(1023),
    subscription       VARCHAR(4)    NOT NULL,   -- none, to, from, both (§2.1.2.5)
    pending_out        BOOLEAN       NOT NULL,   -- ask='subscribe' (§2.1.2.2)
    pending_in         BOOLEAN       NOT NULL,   -- the contact's subscribe is unanswered (§3.1.3)
    pending_in_status  VARCHAR,                  -- the <status/> of that subscribe, redelivered with it
    pre_approved       BOOLEAN       NOT NULL,   -- §3.4
    in_roster          BOOLEAN       NOT NULL,
    removed            BOOLEAN       NOT NULL,
    version            BIGINT        NOT NULL,   -- the roster version of the item's last change
    PRIMARY KEY (owner, contact)
);
CREATE INDEX xmpp_roster_item_version ON xmpp_roster_item (owner, version);

-- The groups of an item (§2.1.2.4), in the user's order; a tombstone has none.
CREATE TABLE xmpp_roster_group (
    owner    VARCHAR(2047) NOT NULL,
    contact  VARCHAR(2047) NOT NULL,
    seq      INTEGER       NOT NULL,
    name     VARCHAR(1023) NOT NULL,
    PRIMARY KEY (owner, contact, seq),
    FOREIGN KEY (owner, contact) REFERENCES xmpp_roster_item (owner, contact)
);
