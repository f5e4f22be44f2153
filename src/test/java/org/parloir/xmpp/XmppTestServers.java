package org.parloir.xmpp;

import java.nio.file.Path;
import org.parloir.testing.ParloirServer;

/** Server set-ups shared by the XMPP integration tests. */
final class XmppTestServers {

    private XmppTestServers() {
    }

    /** example.org in the embedded LDAP directory, chat.test with local accounts, in-band registration on. */
    static ParloirServer twoDomains(Path data) {
        return org.parloir.testing.TestDomains.directoryAndLocal(data);
    }

    /** Same domains and XMPP ports as {@code from}, for a restart on the same data. */
    static void copyXmppSettings(ParloirServer from, ParloirServer to) {
        to.with("parloir.domains[0].name", "example.org")
                .with("parloir.domains[0].ldap-base", "ou=people,dc=example,dc=org")
                .with("parloir.domains[1].name", "chat.test")
                .with("parloir.domains[1].accounts", "local")
                .with("parloir.xmpp.registration.enabled", "true")
                .with("parloir.xmpp.c2s-port", Integer.toString(from.c2sPort()))
                .with("parloir.xmpp.c2s-tls-port", Integer.toString(from.c2sTlsPort()));
    }
}
