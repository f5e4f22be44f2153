package org.parloir.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.TestCertificates;

/**
 * TLS on every protocol from one configuration: SIP over TLS is on by default and presents the same certificate as
 * XMPP; a domain's own certificate is chosen by SNI on both; a PEM pair renewed on disk is served to new connections
 * without a restart. Real JSSE client handshakes on the real listeners.
 */
class TlsIT {

    @TempDir
    Path dir;

    @Test
    void sipOverTlsIsOnByDefaultWithTheCertificateXmppPresents() throws Exception {
        try (ParloirServer server = new ParloirServer(dir.resolve("data")).start()) {
            X509Certificate sip = peer(server.sipTlsPort(), null);
            X509Certificate xmpp = peer(server.c2sTlsPort(), null);

            assertThat(sip).isEqualTo(xmpp);
            List<Object> names = sip.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList();
            assertThat(names).contains("example.org", "*.example.org");
            assertThat(dir.resolve("data/tls-self-signed.p12")).isRegularFile();
        }
    }

    @Test
    void aDomainsOwnCertificateIsChosenBySniAndARenewalIsServedWithoutRestart() throws Exception {
        Path[] site = pem("example.org", "site");
        Path[] lab = pem("lab.example.org", "lab");
        try (ParloirServer server = new ParloirServer(dir.resolve("data"))
                .directoryDomain("example.org", "ou=people,dc=example,dc=org").localDomain("lab.example.org")
                .with("parloir.tls.certificate", site[0].toString())
                .with("parloir.tls.private-key", site[1].toString())
                .with("parloir.tls.domains.[lab.example.org].certificate", lab[0].toString())
                .with("parloir.tls.domains.[lab.example.org].private-key", lab[1].toString())
                .with("parloir.tls.reload-interval", "200ms")
                .start()) {
            for (int port : List.of(server.sipTlsPort(), server.c2sTlsPort())) {
                assertThat(cn(peer(port, "example.org"))).isEqualTo("example.org");
                assertThat(cn(peer(port, "lab.example.org"))).isEqualTo("lab.example.org");
                assertThat(cn(peer(port, "conference.lab.example.org"))).isEqualTo("lab.example.org");
                assertThat(cn(peer(port, null))).as("no SNI: the default").isEqualTo("example.org");
            }
            X509Certificate before = peer(server.c2sTlsPort(), "example.org");

            // a renewal as cert-manager does it: new files moved into place
            Path[] renewed = pem("example.org", "renewed");
            Files.move(renewed[1], site[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(renewed[0], site[0], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(peer(server.c2sTlsPort(), "example.org")).isNotEqualTo(before);
                assertThat(peer(server.sipTlsPort(), "example.org")).isNotEqualTo(before);
            });
            assertThat(cn(peer(server.sipTlsPort(), "lab.example.org"))).isEqualTo("lab.example.org");
        }
    }

    @Test
    void aBrokenRenewalKeepsTheWorkingCertificate() throws Exception {
        Path[] site = pem("example.org", "site");
        try (ParloirServer server = new ParloirServer(dir.resolve("data"))
                .with("parloir.tls.certificate", site[0].toString())
                .with("parloir.tls.private-key", site[1].toString())
                .with("parloir.tls.reload-interval", "100ms")
                .start()) {
            X509Certificate before = peer(server.sipTlsPort(), null);
            // the certificate of another key: a half-done renewal must not be served
            Path[] other = pem("example.org", "other");
            Files.copy(other[0], site[0], StandardCopyOption.REPLACE_EXISTING);
            Awaitility.await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(peer(server.sipTlsPort(), null)).isEqualTo(before));
            assertThat(peer(server.c2sTlsPort(), null)).isEqualTo(before);
        }
    }

    private Path[] pem(String domain, String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path p12 = TestCertificates.selfSignedPkcs12ForDomain(folder.resolve("c.p12"), "changeit", domain);
        return TestCertificates.toPem(p12, "changeit", folder);
    }

    private static String cn(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    /** The leaf certificate the server presents on {@code port}, asking for {@code sni} (null: no SNI). */
    private static X509Certificate peer(int port, String sni) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new AcceptAny()}, null);
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(params);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** The test reads what is presented; trust is not what it checks. */
    private static final class AcceptAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
