package org.parloir.testing;

/** {@link SharedServer} profiles shared by test classes of different packages, each defined once here. */
public final class Profiles {

    private Profiles() {
    }

    /**
     * Both digest challenges, SHA-256 first (RFC 8760), for the directory domain example.org (embedded LDAP) and
     * the domain of local accounts chat.test (realm "Chat Accounts"); the defaults offer one MD5 challenge.
     */
    public static SharedServer sha256AndLocalAccounts() {
        return SharedServer.profile("sha-256-local-accounts", s -> s
                .directoryDomain("example.org", "ou=people,dc=example,dc=org")
                .localDomain("chat.test").with("parloir.domains[1].realm", "Chat Accounts")
                .with("parloir.sip.auth.domains[example.org].algorithms", "SHA-256,MD5")
                .with("parloir.sip.auth.domains[chat.test].algorithms", "SHA-256,MD5"));
    }
}
