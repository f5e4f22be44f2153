package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import java.net.InetAddress;
import java.nio.file.Path;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.directory.api.UserDirectory;
import org.parloir.core.UserAddress;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;

/**
 * {@code parloir.ldap.url} replaces the embedded directory: a separate LDAP server that refuses anonymous
 * access, another domain and base, and other attribute names (a site schema), reached with a bind DN.
 */
class ExternalDirectoryIT {

    @TempDir
    static Path data;
    static InMemoryDirectoryServer ldap;
    static ParloirServer server;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=univ,dc=test");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ext", InetAddress.getLoopbackAddress(),
                0, null));
        config.addAdditionalBindCredentials("cn=parloir,dc=univ,dc=test", "bind-secret");
        config.setAuthenticationRequiredOperationTypes(java.util.EnumSet.allOf(
                com.unboundid.ldap.sdk.OperationType.class));
        config.setSchema(null); // a site schema: attribute names of its own
        ldap = new InMemoryDirectoryServer(config);
        ldap.add(new Entry("dn: dc=univ,dc=test", "objectClass: top", "objectClass: domain", "dc: univ"));
        ldap.add(new Entry("dn: ou=staff,dc=univ,dc=test", "objectClass: top", "objectClass: organizationalUnit",
                "ou: staff"));
        ldap.add(new Entry("dn: login=dmartin,ou=staff,dc=univ,dc=test", "objectClass: top", "objectClass: person",
                "login: dmartin", "sn: Martin", "cn: Denis Martin", "email: denis.martin@univ.test",
                "phone: +33 4 76 00 00 01", "sipSecret: denis-secret", "userPassword: denis-secret"));
        // a second department under its own branch, with attribute names of its own
        ldap.add(new Entry("dn: ou=lab,dc=univ,dc=test", "objectClass: top", "objectClass: organizationalUnit",
                "ou: lab"));
        ldap.add(new Entry("dn: account=eli,ou=lab,dc=univ,dc=test", "objectClass: top", "objectClass: person",
                "account: eli", "sn: Lab", "cn: Eli Lab", "mailAddress: eli@lab.univ.test", "tel: +33 4 76 00 00 02",
                "userPassword: eli-secret"));
        ldap.startListening();
        server = new ParloirServer(data)
                .directoryDomain("univ.test", "ou=staff,dc=univ,dc=test")
                .with("parloir.domains[0].realm", "univ.test")
                .with("parloir.sip.auth.algorithms", "SHA-256,MD5") // the SHA-256 HA1 of the uid, offered first
                .with("parloir.ldap.url", "ldap://127.0.0.1:" + ldap.getListenPort())
                .with("parloir.ldap.bind-dn", "cn=parloir,dc=univ,dc=test")
                .with("parloir.ldap.bind-password", "bind-secret")
                .with("parloir.ldap.mapping.mail", "email")
                .with("parloir.ldap.mapping.uid", "login")
                .with("parloir.ldap.mapping.telephone-number", "phone")
                .with("parloir.ldap.mapping.password", "sipSecret")
                .with("parloir.xmpp.registration.enabled", "true")
                .directoryDomain("lab.univ.test", "ou=lab,dc=univ,dc=test")
                .with("parloir.ldap.domain-mappings[lab.univ.test].mail", "mailAddress")
                .with("parloir.ldap.domain-mappings[lab.univ.test].uid", "account")
                .with("parloir.ldap.domain-mappings[lab.univ.test].telephone-number", "tel")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        ldap.shutDown(true);
    }

    @Test
    void usersComeFromTheConfiguredDirectoryWithItsMapping() throws Exception {
        var user = server.bean(UserDirectory.class).findUser(new UserAddress("denis.martin", "univ.test"))
                .toCompletableFuture().get();
        assertThat(user).hasValueSatisfying(u -> {
            assertThat(u.uid()).isEqualTo("dmartin");
            assertThat(u.telephoneNumber()).isEqualTo("+33 4 76 00 00 01");
        });
        // the seed users of the embedded directory are not there: it did not start
        assertThat(server.bean(UserDirectory.class).findUser(new UserAddress("alice", "example.org"))
                .toCompletableFuture().get()).isEmpty();
    }

    @Test
    void registerWithTheDirectoryUidAsDigestUsername() throws Exception {
        try (SipUa phone = new SipUa("denis")) {
            Response ok = phone.registerAs("denis.martin", "dmartin", "univ.test", "denis-secret", "SHA-256", 600,
                    server.sipHostPort());
            assertThat(ok.getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void eachDomainHasItsOwnMappingAndTheirUsersChatOverXmpp() throws Exception {
        var eli = server.bean(UserDirectory.class).findUser(new UserAddress("eli", "lab.univ.test"))
                .toCompletableFuture().get();
        assertThat(eli).hasValueSatisfying(u -> {
            assertThat(u.uid()).isEqualTo("eli");
            assertThat(u.telephoneNumber()).isEqualTo("+33 4 76 00 00 02");
        });
        org.parloir.testing.XmppClients clients = new org.parloir.testing.XmppClients(server,
                data.resolve("tls-self-signed.p12"));
        var denis = clients.login(clients.starttls("univ.test", "denis.martin", "denis-secret")
                .addEnabledSaslMechanism("PLAIN"));
        var lab = clients.login(clients.starttls("lab.univ.test", "eli", "eli-secret").addEnabledSaslMechanism("PLAIN"));
        java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        lab.addAsyncStanzaListener(st -> got.add(((org.jivesoftware.smack.packet.Message) st).getBody()),
                st -> st instanceof org.jivesoftware.smack.packet.Message m && m.getBody() != null);
        denis.sendStanza(denis.getStanzaFactory().buildMessageStanza()
                .to(org.jxmpp.jid.impl.JidCreate.bareFrom("eli@lab.univ.test"))
                .ofType(org.jivesoftware.smack.packet.Message.Type.chat).setBody("hello lab").build());
        assertThat(got.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello lab");
        denis.disconnect();
        lab.disconnect();
        // registration is on, but this directory is read-only: not advertised, and refused (XEP-0077 not-allowed)
        var anonymous = new org.jivesoftware.smack.tcp.XMPPTCPConnection(clients.starttls("univ.test", null, null).build());
        anonymous.connect();
        var accounts = org.jivesoftware.smackx.iqregister.AccountManager.getInstance(anonymous);
        org.assertj.core.api.Assertions.assertThatThrownBy(accounts::supportsAccountCreation)
                .hasMessageContaining("not-allowed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                accounts.createAccount(org.jxmpp.jid.parts.Localpart.from("mallory"), "pw"))
                .hasMessageContaining("not-allowed");
        anonymous.disconnect();
    }

    @Test
    void accountsOfAnExternalDirectoryAreNeitherCreatedChangedNorDeletedHere() throws Exception {
        org.parloir.testing.AdminHttp http = new org.parloir.testing.AdminHttp(server);
        for (var refused : java.util.List.of(
                http.post("/actuator/accounts", "{\"address\":\"newbie@univ.test\",\"password\":\"newbie-pw\"}"),
                http.post("/actuator/accounts/dmartin@univ.test", "{\"password\":\"other\"}"),
                http.delete("/actuator/accounts/denis.martin@univ.test"))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .contains("json"));
            assertThat(refused.body()).contains("external LDAP directory").contains("univ.test");
        }
        // nothing changed: the directory's password still works
        assertThat(server.bean(org.parloir.directory.api.PasswordVerifier.class)
                .verifyPassword(new UserAddress("denis.martin", "univ.test"), "denis-secret").toCompletableFuture()
                .get()).isTrue();
        // nor can the user delete themselves in-band (XEP-0077 §3.2)
        org.parloir.testing.XmppClients clients = new org.parloir.testing.XmppClients(server,
                data.resolve("tls-self-signed.p12"));
        var denis = clients.login(clients.starttls("univ.test", "denis.martin", "denis-secret")
                .addEnabledSaslMechanism("PLAIN"));
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    org.jivesoftware.smackx.iqregister.AccountManager.getInstance(denis).deleteAccount())
                    .hasMessageContaining("not-allowed");
            assertThat(denis.isConnected()).isTrue();
        } finally {
            denis.disconnect();
        }
    }
}
