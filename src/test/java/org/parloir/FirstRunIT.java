package org.parloir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.ParloirProcess;
import org.parloir.testing.SipUa;
import org.parloir.testing.XmppClients;

/**
 * The jar as a new user meets it: {@code java -jar parloir.jar} in an empty folder, nothing but free ports on the
 * command line. It starts on the defaults it carries (the demo directory, data under ./data), prints one banner of
 * what listens where with the generated admin password, and the demo users work on SIP and XMPP. A site file in
 * ./config and one given by {@code --spring.config.additional-location} win over the defaults.
 */
class FirstRunIT {

    private static final Pattern ADMIN = Pattern.compile("Admin: admin / (\\S+) +\\(generated");

    @TempDir
    Path dir;

    @Test
    void anEmptyFolderStartsOnTheDefaultsTheJarCarries() throws Exception {
        try (ParloirProcess server = ParloirProcess.asDownloaded(dir).start()) {
            String log = Files.readString(server.log(1));
            assertThat(log).contains("Domains: example.org (directory accounts)",
                    "Database: jdbc:h2:file:./data/parloir");
            for (String line : List.of("SIP +udp +0.0.0.0:" + server.sipPort(), "SIP +tcp +0.0.0.0:" + server.sipPort(),
                    "XMPP c2s +tcp +0.0.0.0:" + server.c2sPort() + " +STARTTLS required",
                    "XMPP c2s +tls +0.0.0.0:" + server.c2sTlsPort(), "HTTP +tcp +0.0.0.0:" + server.httpPort(),
                    "Management +tcp +0.0.0.0:" + server.managementPort())) {
                assertThat(log).containsPattern("\\n  " + line.replace(".", "\\."));
            }
            assertThat(log).containsPattern("LDAP +tcp +127\\.0\\.0\\.1:\\d+ +embedded directory");
            Matcher admin = ADMIN.matcher(log);
            assertThat(admin.find()).as("the banner gives the generated admin password:%n%s", log).isTrue();

            assertThat(dir.resolve("data")).isDirectory();
            assertThat(dir.resolve("data/parloir.mv.db")).isRegularFile();
            assertThat(server.keyStore()).isRegularFile();

            // the demo users of the directory the jar carries: bob over SIP, alice (an {SSHA} password) over XMPP
            try (SipUa bob = new SipUa("bob")) {
                assertThat(bob.register("bob", "example.org", "bob-secret", "MD5", 600,
                        "127.0.0.1:" + server.sipPort()).getStatusCode()).isEqualTo(200);
            }
            XmppClients clients = new XmppClients(server.c2sPort(), server.c2sTlsPort(), server.keyStore(),
                    "parloir");
            XMPPTCPConnection alice = clients.login(clients.starttls("example.org", "alice", "alice-secret"));
            alice.disconnect();

            assertThat(new AdminHttp(server).get("/actuator/registrations", admin.group(1)).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aSiteFileInConfigAndAnAdditionalLocationOverrideTheDefaults() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.yml"), """
                parloir:
                  domains:
                    - name: example.org
                      ldap-base: ou=people,dc=example,dc=org
                    - name: chat.example.org
                      accounts: local
                """);
        Path elsewhere = Files.writeString(Files.createTempFile("parloir-site", ".yml"), """
                parloir:
                  admin:
                    password: from-additional-location
                """);
        try (ParloirProcess server = ParloirProcess.asDownloaded(dir)
                .with("spring.config.additional-location", "file:" + elsewhere).start()) {
            String log = Files.readString(server.log(1));
            assertThat(log).contains(
                    "Domains: example.org (directory accounts), chat.example.org (local accounts)",
                    "Admin: admin  (password from parloir.admin.password)")
                    .doesNotContain("from-additional-location");
            assertThat(new AdminHttp(server).get("/actuator/registrations", "from-additional-location")
                    .statusCode()).isEqualTo(200);
        } finally {
            Files.deleteIfExists(elsewhere);
        }
    }
}
