-- Local accounts (parloir.domains[].accounts: local), created by registration (XEP-0077). Only salted or hashed
-- forms of the password are kept: SCRAM keys (RFC 5802 §3, RFC 7677; base64) and digest HA1 (RFC 3261 §22.4,
-- RFC 8760; hex of H(local_part:realm:password)).
CREATE TABLE account (
    domain                  VARCHAR(253)  NOT NULL,
    local_part              VARCHAR(1023) NOT NULL,  -- as registered
    local_key               VARCHAR(1023) NOT NULL,  -- lower-cased local_part: lookups ignore case
    display_name            VARCHAR(255),
    telephone_number        VARCHAR(64),
    scram_sha1_salt         VARCHAR(128),
    scram_sha1_iterations   INTEGER,
    scram_sha1_stored_key   VARCHAR(64),
    scram_sha1_server_key   VARCHAR(64),
    scram_sha256_salt       VARCHAR(128),
    scram_sha256_iterations INTEGER,
    scram_sha256_stored_key VARCHAR(64),
    scram_sha256_server_key VARCHAR(64),
    ha1_md5                 VARCHAR(32),
    ha1_sha256              VARCHAR(64),
    created_at              BIGINT        NOT NULL,  -- epoch milliseconds
    PRIMARY KEY (domain, local_part),
    CONSTRAINT account_local_key UNIQUE (domain, local_key)
);
