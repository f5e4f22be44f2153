package org.parloir.testing;

import java.nio.file.Path;

/** Domain set-ups shared by integration tests of several contexts. */
public final class TestDomains {

    private TestDomains() {
    }

    /**
     * example.org in the embedded LDAP directory (the seed's alice, bob, carol.martin), chat.test with local
     * accounts, in-band registration on without its per-address limit, short SASL failure delays.
     */
    public static ParloirServer directoryAndLocal(Path data) {
        return new ParloirServer(data)
                .with("parloir.domains[0].name", "example.org")
                .with("parloir.domains[0].ldap-base", "ou=people,dc=example,dc=org")
                .with("parloir.domains[1].name", "chat.test")
                .with("parloir.domains[1].accounts", "local")
                .with("parloir.xmpp.registration.enabled", "true")
                .with("parloir.xmpp.registration.per-address-per-minute", "1000")
                .with("parloir.xmpp.sasl.failure-delay", "10ms");
    }
}
