-- SIP registrations (RFC 3261 §10): one row per contact of an address-of-record.
CREATE TABLE sip_binding (
    aor         VARCHAR(255)  NOT NULL,
    contact     VARCHAR(1024) NOT NULL,
    q           REAL          NOT NULL,
    expires_at  BIGINT        NOT NULL,   -- epoch milliseconds
    call_id     VARCHAR(255)  NOT NULL,
    cseq        BIGINT        NOT NULL,
    path        VARCHAR(4000),            -- Path header values, newline-separated, top first
    received    VARCHAR(255),             -- transport:host:port the REGISTER came from
    user_agent  VARCHAR(255),
    updated_at  BIGINT        NOT NULL,
    PRIMARY KEY (aor, contact)
);
CREATE INDEX sip_binding_expires_at ON sip_binding (expires_at);
