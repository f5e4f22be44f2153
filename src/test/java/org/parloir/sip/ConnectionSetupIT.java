package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.sip.registrar.LocationService;
import org.parloir.sip.stack.SipStackService;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.RawTcp;
import org.parloir.testing.SipUa;

/**
 * TCP and TLS connections that never deliver a complete SIP message are closed at
 * {@code parloir.sip.connection-setup-timeout} (from the accept, whatever trickles in) or, beyond
 * {@code max-incomplete-connections}, oldest first; REGISTER over TCP keeps working meanwhile.
 */
class ConnectionSetupIT {

    static final Duration SETUP_TIMEOUT = SipProfiles.SETUP_TIMEOUT;
    static final int MAX_INCOMPLETE = SipProfiles.MAX_INCOMPLETE;

    @RegisterExtension
    static final SharedServer SERVER = SipProfiles.tls();
    static ParloirServer server;
    static int tlsPort;
    static SSLContext tls;

    @BeforeAll
    static void start() throws Exception {
        server = SERVER.server();
        tlsPort = server.sipTlsPort();
        Path keystore = server.sipTlsKeyStore();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, ParloirServer.TLS_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
    }

    @Test
    void connectionsWithoutACompleteMessageCloseAtTheDeadlineAndRegisterStillWorks() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        List<RawTcp> incomplete = new ArrayList<>();
        try (RawTcp done = new RawTcp(server.sipPort()); SSLSocket handshakeOnly = tlsHandshakeOnly()) {
            // a connection that delivered one message stays, past the deadline too
            done.send(options(done, "done-1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> done.received().startsWith("SIP/2.0 200"));

            // the first line at once, then one byte of the headers every 500 ms: the deadline is not restarted
            String partial = options(done, "slow").substring(0, 60);
            String head = partial.substring(0, partial.indexOf("\r\n") + 2);
            List<RawTcp> slow = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                slow.add(new RawTcp(server.sipPort()).send(head));
            }
            AtomicInteger next = new AtomicInteger(head.length());
            trickle.scheduleAtFixedRate(() -> {
                char c = partial.charAt(Math.min(next.getAndIncrement(), partial.length() - 1));
                slow.forEach(t -> t.send(String.valueOf(c)));
            }, 500, 500, TimeUnit.MILLISECONDS);
            incomplete.addAll(slow);
            incomplete.add(new RawTcp(server.sipPort()));
            incomplete.add(new RawTcp(tlsPort));

            try (SipUa bob = new SipUa("bob", "tcp")) {
                assertThat(bob.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort())
                        .getStatusCode()).isEqualTo(200);
                server.bean(LocationService.class).remove("bob@example.org");
            }
            assertThat(incomplete).as("the register went through while they were open").noneMatch(RawTcp::closed);
            assertThat(closed(handshakeOnly)).isFalse();

            await().atMost(SETUP_TIMEOUT.plusSeconds(3)).until(() -> incomplete.stream().allMatch(RawTcp::closed)
                    && closed(handshakeOnly));
            assertThat(incomplete).allSatisfy(c -> assertThat(c.openFor())
                    .isBetween(SETUP_TIMEOUT.minusMillis(200), SETUP_TIMEOUT.plusSeconds(2)));
            assertThat(done.closed()).isFalse();
            done.send(options(done, "done-2"));
            await().atMost(Duration.ofSeconds(5)).until(() -> done.received().contains("done-2"));
            assertThat(server.bean(SipStackService.class).closedIncompleteConnections(false)).isGreaterThanOrEqualTo(13);
        } finally {
            trickle.shutdownNow();
            for (RawTcp c : incomplete) {
                c.close();
            }
        }
    }

    @Test
    void beyondTheCapTheOldestIncompleteConnectionsAreClosedAtOnce() throws Exception {
        List<RawTcp> silent = new ArrayList<>();
        try {
            await().atMost(SETUP_TIMEOUT.plusSeconds(3)).until(() -> server.bean(SipStackService.class)
                    .incompleteConnections() == 0);
            long capped = server.bean(SipStackService.class).closedIncompleteConnections(true);
            for (int i = 0; i < MAX_INCOMPLETE + 5; i++) {
                silent.add(new RawTcp(server.sipPort()));
            }
            // the blocking TCP listener accepts one at a time, in order: the five oldest make room
            await().atMost(SETUP_TIMEOUT.minusSeconds(1)).until(() -> silent.subList(0, 5).stream()
                    .allMatch(RawTcp::closed));
            assertThat(silent.subList(5, silent.size())).noneMatch(RawTcp::closed);
            assertThat(server.bean(SipStackService.class).closedIncompleteConnections(true)).isEqualTo(capped + 5);
            try (SipUa bob = new SipUa("bob", "tcp")) {
                assertThat(bob.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort())
                        .getStatusCode()).isEqualTo(200);
                server.bean(LocationService.class).remove("bob@example.org");
            }
        } finally {
            for (RawTcp c : silent) {
                c.close();
            }
        }
    }

    private static String options(RawTcp from, String callId) {
        return "OPTIONS sip:" + server.sipHostPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:" + from.localPort() + ";branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:eve@elsewhere.net>;tag=1\r\nTo: <sip:" + server.sipHostPort() + ">\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    /** TLS handshake done, then silence. */
    private static SSLSocket tlsHandshakeOnly() throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", tlsPort);
        socket.startHandshake();
        socket.setSoTimeout(50);
        return socket;
    }

    private static boolean closed(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
