package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jxmpp.jid.parts.Localpart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.XmppClients;

/**
 * Logins with Smack over real sockets: each SASL mechanism, STARTTLS and direct TLS, wrong passwords, in-band
 * registration on a local-accounts domain, and users of the LDAP directory.
 */
class XmppLoginIT {

    @TempDir
    static Path data;
    static ParloirServer server;
    static XmppClients clients;

    @BeforeAll
    static void start() throws Exception {
        server = XmppTestServers.twoDomains(data).start();
        clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void directoryUserLogsInWithPlainOverStartTls() throws Exception {
        XMPPTCPConnection c = clients.login(clients.starttls("example.org", "alice", "alice-secret")
                .addEnabledSaslMechanism("PLAIN").setResource("desk"));
        try {
            assertThat(c.isSecureConnection()).isTrue();
            assertThat(c.getUser().toString()).isEqualTo("alice@example.org/desk");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void directoryUserLogsInOverDirectTls() throws Exception {
        XMPPTCPConnection c = clients.login(clients.directTls("example.org", "bob", "bob-secret")
                .addEnabledSaslMechanism("PLAIN"));
        try {
            assertThat(c.getUser().asBareJid().toString()).isEqualTo("bob@example.org");
            assertThat(c.getUser().getResourceOrEmpty().toString()).startsWith("parloir-");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void wrongPasswordIsNotAuthorized() throws Exception {
        assertThatThrownBy(() -> clients.login(clients.starttls("example.org", "alice", "wrong")
                .addEnabledSaslMechanism("PLAIN")))
                .isInstanceOf(SASLErrorException.class).hasMessageContaining("not-authorized");
        // and the right one still works right after
        clients.login(clients.starttls("example.org", "alice", "alice-secret").addEnabledSaslMechanism("PLAIN"))
                .disconnect();
    }

    @Test
    void directoryDomainDoesNotOfferScramAndRefusesPlainWithoutTls() throws Exception {
        XMPPTCPConnectionConfiguration.Builder plainText = clients.starttls("example.org", "alice", "alice-secret")
                .setSecurityMode(SecurityMode.disabled);
        // TLS is required: without it no mechanism is offered at all
        assertThatThrownBy(() -> clients.login(plainText)).isInstanceOf(Exception.class);
    }

    @Test
    void registeredLocalAccountLogsInWithEachMechanism() throws Exception {
        XMPPTCPConnection anonymous = new XMPPTCPConnection(clients.starttls("chat.test", null, null).build());
        anonymous.connect();
        AccountManager accounts = AccountManager.getInstance(anonymous);
        assertThat(accounts.supportsAccountCreation()).isTrue();
        accounts.createAccount(Localpart.from("dora"), "dora-pass");
        assertThatThrownBy(() -> accounts.createAccount(Localpart.from("dora"), "other"))
                .hasMessageContaining("conflict");
        anonymous.disconnect();

        for (String mechanism : new String[] {"SCRAM-SHA-1", "PLAIN"}) {
            XMPPTCPConnection c = clients.login(clients.starttls("chat.test", "dora", "dora-pass")
                    .addEnabledSaslMechanism(mechanism));
            assertThat(c.getUser().asBareJid().toString()).isEqualTo("dora@chat.test");
            c.disconnect();
            assertThatThrownBy(() -> clients.login(clients.starttls("chat.test", "dora", "wrong")
                    .addEnabledSaslMechanism(mechanism))).isInstanceOf(SASLErrorException.class);
        }
        // the same over direct TLS (XEP-0368)
        clients.login(clients.directTls("chat.test", "dora", "dora-pass").addEnabledSaslMechanism("SCRAM-SHA-1"))
                .disconnect();
        // SCRAM-SHA-256 (Smack has only SHA-1): the ongres SCRAM client over a raw TLS socket
        assertThat(ScramSha256Login.login(server.c2sPort(), clients.sslContext(), "chat.test", "dora", "dora-pass"))
                .isEqualTo("success");
        assertThat(ScramSha256Login.login(server.c2sPort(), clients.sslContext(), "chat.test", "dora", "nope"))
                .isEqualTo("not-authorized");
        assertThat(ScramSha256Login.loginDirectTls(server.c2sTlsPort(), clients.sslContext(), "chat.test", "dora",
                "dora-pass")).isEqualTo("success");
    }

    @Test
    void passwordChangeInBand() throws Exception {
        XMPPTCPConnection anonymous = new XMPPTCPConnection(clients.starttls("chat.test", null, null).build());
        anonymous.connect();
        AccountManager.getInstance(anonymous).createAccount(Localpart.from("eve"), "first");
        anonymous.disconnect();
        XMPPTCPConnection eve = clients.login(clients.starttls("chat.test", "eve", "first"));
        AccountManager.getInstance(eve).changePassword("second");
        eve.disconnect();
        clients.login(clients.starttls("chat.test", "eve", "second")).disconnect();
        assertThatThrownBy(() -> clients.login(clients.starttls("chat.test", "eve", "first")))
                .isInstanceOf(SASLErrorException.class);
    }

    @Test
    void registrationInTheExternalStyleDirectoryIsAllowedOnlyForTheEmbeddedOne() throws Exception {
        // the embedded directory is writable: registration on example.org creates an LDAP entry
        XMPPTCPConnection anonymous = new XMPPTCPConnection(clients.starttls("example.org", null, null).build());
        anonymous.connect();
        AccountManager.getInstance(anonymous).createAccount(Localpart.from("frank"), "frank-pass");
        anonymous.disconnect();
        clients.login(clients.starttls("example.org", "frank", "frank-pass").addEnabledSaslMechanism("PLAIN"))
                .disconnect();
    }
}
