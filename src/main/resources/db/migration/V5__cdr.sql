-- Call-detail records: one row per call attempt the server routed (org.parloir.cdr.api.CallDetail). Portable to
-- H2 2.x and PostgreSQL. record_id is the UUID given when the record was taken: a record replayed from the disk
-- spool after its first write did commit is recognised and not inserted twice. Ids come from a sequence (not an
-- identity column) so that inserts are batched; its increment is the JPA allocation size.
CREATE SEQUENCE cdr_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE cdr (
    id                 BIGINT        NOT NULL PRIMARY KEY,
    record_id          VARCHAR(36)   NOT NULL,
    call_id            VARCHAR(255),
    caller_aor         VARCHAR(512),             -- From address of record, as sent
    caller_identity    VARCHAR(512),             -- authenticated identity, null when anonymous
    dialled_uri        VARCHAR(512),             -- Request-URI as sent
    translated_number  VARCHAR(64),              -- E.164 number routed to (directory or PSTN)
    route              VARCHAR(16),              -- LOCAL, DIRECTORY, PSTN, REMOTE, NONE
    gateway            VARCHAR(255),
    start_time         TIMESTAMP WITH TIME ZONE,
    answer_time        TIMESTAMP WITH TIME ZONE,
    end_time           TIMESTAMP WITH TIME ZONE,
    status             INTEGER       NOT NULL,   -- final SIP status given to the caller
    hung_up_by         VARCHAR(16),              -- CALLER, CALLEE, SERVER
    radius_session_id  VARCHAR(255),             -- Acct-Session-Id
    duration_seconds   BIGINT        NOT NULL,   -- answer to end, 0 when unanswered
    CONSTRAINT cdr_record_id UNIQUE (record_id)
);
-- the admin queries: newest first within a time range; a caller; a number
CREATE INDEX cdr_start_time ON cdr (start_time);
CREATE INDEX cdr_caller_identity ON cdr (caller_identity, start_time);
CREATE INDEX cdr_translated_number ON cdr (translated_number, start_time);
