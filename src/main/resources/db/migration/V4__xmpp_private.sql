-- Private XML storage (XEP-0049): one serialised element per user, element name and namespace (e.g. XEP-0048
-- bookmarks, <storage xmlns='storage:bookmarks'/>). Portable to H2 2.x and PostgreSQL.
CREATE TABLE xmpp_private (
    owner       VARCHAR(2047) NOT NULL,
    name        VARCHAR(1023) NOT NULL,
    namespace   VARCHAR(1023) NOT NULL,
    xml         VARCHAR       NOT NULL,
    updated_at  BIGINT        NOT NULL,
    PRIMARY KEY (owner, name, namespace)
);
