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

    /**
     * XMPP on two domains: example.org in the embedded LDAP directory and chat.test with local accounts and in-band
     * registration (fast, many per test); the site routing region of the packed defaults (FR).
     */
    public static SharedServer xmppTwoDomains() {
        return SharedServer.profile("xmpp-two-domains", s -> s
                .directoryDomain("example.org", "ou=people,dc=example,dc=org")
                .localDomain("chat.test")
                .with("parloir.xmpp.registration.enabled", "true")
                .with("parloir.xmpp.registration.per-address-per-minute", "1000")
                .with("parloir.xmpp.sasl.failure-delay", "10ms")
                // the PSTN gateway of bridged calls (a test starts baresip or SIPp on its port when it needs it)
                .with("parloir.bridge.media.address", "127.0.0.1")
                .gateway(GatewaySpec.named("gw").rewrite("+33", "0")));
    }
}
