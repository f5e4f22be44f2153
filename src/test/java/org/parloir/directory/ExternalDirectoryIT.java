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
                "phone: +33 4 76 00 00 01", "sipSecret: denis-secret"));
        ldap.startListening();
        server = new ParloirServer(data)
                .with("parloir.domains[0].name", "univ.test")
                .with("parloir.domains[0].realm", "univ.test")
                .with("parloir.domains[0].ldap-base", "ou=staff,dc=univ,dc=test")
                .with("parloir.ldap.url", "ldap://127.0.0.1:" + ldap.getListenPort())
                .with("parloir.ldap.bind-dn", "cn=parloir,dc=univ,dc=test")
                .with("parloir.ldap.bind-password", "bind-secret")
                .with("parloir.ldap.mapping.mail", "email")
                .with("parloir.ldap.mapping.uid", "login")
                .with("parloir.ldap.mapping.telephone-number", "phone")
                .with("parloir.ldap.mapping.password", "sipSecret")
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
}
