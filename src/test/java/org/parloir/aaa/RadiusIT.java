package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.FilterId;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessReject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.AuthorizationResult;
import org.parloir.aaa.api.CallAccounting;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.aaa.api.DigestResponse;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;
import org.parloir.testing.DigestClient;
import org.parloir.testing.FreePorts;
import org.parloir.testing.FreeRadius;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The aaa context, wired by {@link AaaConfiguration} from properties, against a real FreeRADIUS 3.2 (users and
 * digest policy in src/test/resources/freeradius): authorisation with policy attributes, rejects, RFC 5090 digest
 * verified by FreeRADIUS, no server answering, failover, accounting records written by FreeRADIUS.
 */
class RadiusIT {

    private static final String SECRET = "parloir-test-secret";
    private static final String REALM = "example.org";
    private static final E164 NATIONAL = new E164("+33123456789");

    @TempDir
    static Path work;
    static FreeRadius radius;
    static final List<DatagramSocket> silentSockets = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        radius = FreeRadius.start(work.resolve("freeradius"), SECRET);
    }

    @AfterAll
    static void stop() {
        silentSockets.forEach(DatagramSocket::close);
        if (radius != null) {
            radius.close();
        }
    }

    @Test
    void acceptCarriesThePolicyOfItsFilterIdSessionTimeoutAndClass() {
        run(List.of(live()), context -> {
            AuthorizationResult result = authorize(context, callOf("alice", NATIONAL, Optional.empty()));

            assertThat(result).isInstanceOfSatisfying(AuthorizationResult.Accept.class, accept -> {
                assertThat(accept.policy().filterId()).contains("national");
                assertThat(accept.policy().allowedPrefixes()).containsExactly("+33");
                assertThat(accept.policy().maxDuration()).contains(Duration.ofHours(1));
                assertThat(accept.policy().callClass()).hasValueSatisfying(
                        c -> assertThat(new String(c, StandardCharsets.US_ASCII)).isEqualTo("staff"));
            });
            assertThat(count(context, "parloir.aaa.radius.requests", "outcome", "accept")).isEqualTo(1);
        });
    }

    @Test
    void anAcceptedUserMayNotDialOutsideHisPolicy() {
        run(List.of(live()), context -> assertThat(authorize(context,
                callOf("alice", new E164("+441632960000"), Optional.empty())))
                .isInstanceOfSatisfying(AuthorizationResult.Reject.class,
                        r -> assertThat(r.reason()).contains("national")));
    }

    @Test
    void accessRejectGivesItsReplyMessage() {
        run(List.of(live()), context -> {
            assertThat(authorize(context, callOf("mallory", NATIONAL, Optional.empty())))
                    .isEqualTo(new AuthorizationResult.Reject("no outside calls"));
            assertThat(count(context, "parloir.aaa.radius.requests", "outcome", "reject")).isEqualTo(1);
        });
    }

    @Test
    void aFilterIdWeDoNotKnowRefusesTheCall() {
        run(List.of(live()), context -> assertThat(authorize(context, callOf("eve", NATIONAL, Optional.empty())))
                .isEqualTo(new AuthorizationResult.Reject("unknown call policy intergalactic")));
    }

    @Test
    void digestIsVerifiedByFreeRadius() throws Exception {
        DigestResponse right = digest("bob", "bobs secret", "auth", null);
        DigestResponse wrong = digest("bob", "not bobs secret", "auth", null);
        run(List.of(live()), context -> {
            assertThat(authorize(context, callOf("bob", NATIONAL, Optional.of(right))))
                    .isInstanceOfSatisfying(AuthorizationResult.Accept.class, accept -> {
                        assertThat(accept.policy().filterId()).contains("national");
                        assertThat(accept.policy().maxDuration()).contains(Duration.ofMinutes(10));
                    });
            assertThat(authorize(context, callOf("bob", NATIONAL, Optional.of(wrong))))
                    .isInstanceOf(AuthorizationResult.Reject.class);
        });
    }

    @Test
    void digestWithIntegrityProtectionIsVerifiedOnTheBodyHash() throws Exception {
        byte[] sdp = "v=0\r\no=bob 1 1 IN IP4 192.0.2.1\r\n".getBytes(StandardCharsets.UTF_8);
        DigestResponse authInt = digest("bob", "bobs secret", "auth-int", sdp);
        DigestResponse otherBody = new DigestResponse(authInt.username(), authInt.realm(), authInt.nonce(),
                authInt.uri(), authInt.method(), authInt.response(), authInt.algorithm(), authInt.qop(),
                authInt.cnonce(), authInt.nonceCount(), authInt.opaque(), "v=1\r\n".getBytes(StandardCharsets.UTF_8));
        run(List.of(live()), context -> {
            assertThat(authorize(context, callOf("bob", NATIONAL, Optional.of(authInt))))
                    .isInstanceOf(AuthorizationResult.Accept.class);
            assertThat(authorize(context, callOf("bob", NATIONAL, Optional.of(otherBody))))
                    .isInstanceOf(AuthorizationResult.Reject.class);
        });
    }

    @Test
    void noServerAnsweringMakesAuthorisationUnavailable() {
        String silent = silent();
        run(List.of(silent), context -> {
            assertThat(authorize(context, callOf("alice", NATIONAL, Optional.empty())))
                    .isInstanceOf(AuthorizationResult.Unavailable.class);
            assertThat(count(context, "parloir.aaa.radius.failures", "server", accessPort(silent))).isEqualTo(1);
            assertThat(count(context, "parloir.aaa.radius.requests", "outcome", "timeout")).isEqualTo(1);
        });
    }

    @Test
    void silentAndClosedServersFailOverToTheNextInOrder() {
        String silent = silent();
        String closed = closed();
        run(List.of(silent, closed, live()), context -> {
            assertThat(authorize(context, callOf("alice", NATIONAL, Optional.empty())))
                    .isInstanceOf(AuthorizationResult.Accept.class);
            assertThat(count(context, "parloir.aaa.radius.requests", "server", accessPort(silent))).isEqualTo(1);
            assertThat(count(context, "parloir.aaa.radius.requests", "outcome", "timeout")).isEqualTo(1);
            assertThat(count(context, "parloir.aaa.radius.failures", "server", accessPort(closed))).isEqualTo(1);
            assertThat(count(context, "parloir.aaa.radius.requests", "server", "127.0.0.1:" + radius.authPort()))
                    .isEqualTo(1);
        });
    }

    @Test
    void forgedAnswersAreDiscardedAndTheRealOneAwaited() throws Exception {
        Packet accept = new AccessAccept(List.of(new MessageAuthenticator(), new FilterId(new TextData("national"))));
        Packet forged = new AccessReject(List.of(new MessageAuthenticator()));
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET, List.of(
                new ScriptedRadiusServer.Answer(forged, "not the secret"),
                new ScriptedRadiusServer.Answer(accept, SECRET)))) {
            run(List.of(server.address()), List.of("parloir.aaa.radius.require-message-authenticator=true"),
                    context -> {
                        assertThat(authorize(context, callOf("alice", NATIONAL, Optional.empty())))
                                .isInstanceOf(AuthorizationResult.Accept.class);
                        assertThat(count(context, "parloir.aaa.radius.failures", "type", "access")).isZero();
                    });
        }
    }

    @Test
    void anAcceptWithoutMessageAuthenticatorIsDiscardedWhenOneIsRequired() throws Exception {
        Packet unsigned = new AccessAccept(List.of(new FilterId(new TextData("national"))));
        try (ScriptedRadiusServer server = new ScriptedRadiusServer(SECRET,
                List.of(new ScriptedRadiusServer.Answer(unsigned, SECRET)))) {
            run(List.of(server.address()), List.of("parloir.aaa.radius.require-message-authenticator=true"),
                    context -> assertThat(authorize(context, callOf("alice", NATIONAL, Optional.empty())))
                            .isInstanceOf(AuthorizationResult.Unavailable.class));
            // FreeRADIUS 3.2.1 sends none: the default accepts such answers (their Response Authenticator checked)
            run(List.of(server.address()), List.of(), context -> assertThat(
                    authorize(context, callOf("alice", NATIONAL, Optional.empty())))
                    .isInstanceOf(AuthorizationResult.Accept.class));
        }
    }

    @Test
    void startInterimAndStopReachFreeRadiusWithClassEchoed() {
        run(List.of(live()), context -> {
            CallAccounting accounting = context.getBean(CallAccounting.class);
            assertThat(accounting.enabled()).isTrue();
            String session = accounting.newSessionId();
            byte[] staff = "staff".getBytes(StandardCharsets.US_ASCII);
            join(accounting.start(record(session, Duration.ZERO, Optional.empty(), staff)));
            join(accounting.interim(record(session, Duration.ofSeconds(30), Optional.empty(), staff)));
            join(accounting.stop(record(session, Duration.ofSeconds(42),
                    Optional.of(AccountingRecord.TerminateCause.USER_REQUEST), staff)));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sessionRecords(session)).hasSize(3));
            List<Map<String, String>> records = sessionRecords(session);
            assertThat(records).extracting(r -> r.get("Acct-Status-Type"))
                    .containsExactly("Start", "Interim-Update", "Stop");
            assertThat(records).allSatisfy(r -> {
                assertThat(r).containsEntry("Class", "0x7374616666").containsEntry("User-Name", "alice")
                        .containsEntry("Called-Station-Id", NATIONAL.value())
                        .containsEntry("Calling-Station-Id", "sip:alice@example.org")
                        .containsEntry("NAS-Identifier", "parloir-it").containsKey("Event-Timestamp")
                        .containsKey("Acct-Delay-Time");
            });
            assertThat(records.get(0)).doesNotContainKey("Acct-Session-Time");
            assertThat(records.get(1)).containsEntry("Acct-Session-Time", "30");
            assertThat(records.get(2)).containsEntry("Acct-Session-Time", "42")
                    .containsEntry("Acct-Terminate-Cause", "User-Request");
            assertThat(count(context, "parloir.aaa.radius.requests", "outcome", "ack")).isEqualTo(3);
        });
    }

    @Test
    void accountingNobodyAcknowledgesFailsItsStage() {
        run(List.of(silent()), context -> {
            CallAccounting accounting = context.getBean(CallAccounting.class);
            String session = accounting.newSessionId();
            assertThatThrownBy(() -> join(accounting.start(record(session, Duration.ZERO, Optional.empty(),
                    new byte[] {1}))))
                    .hasMessageContaining("no RADIUS accounting server acknowledged");
            // retries: 1 → two sends to the one server, each a new packet
            assertThat(count(context, "parloir.aaa.radius.failures", "type", "accounting")).isEqualTo(2);
        });
    }

    // --- helpers

    private static String live() {
        return "127.0.0.1:" + radius.authPort() + "/" + radius.acctPort();
    }

    private static String accessPort(String server) {
        return server.substring(0, server.indexOf('/'));
    }

    /** A bound loopback port that never answers: requests to it time out. */
    private static String silent() {
        try {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            silentSockets.add(socket);
            return "127.0.0.1:" + socket.getLocalPort() + "/" + socket.getLocalPort();
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loopback port nobody listens on: the kernel answers ICMP port unreachable. */
    private static String closed() {
        int port = FreePorts.udpAndTcp();
        return "127.0.0.1:" + port + "/" + port;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AaaProperties.class)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** @param servers {@code host:authPort/acctPort}, in failover order */
    private static void run(List<String> servers, Consumer<AssertableApplicationContext> test) {
        run(servers, List.of(), test);
    }

    static void run(List<String> servers, List<String> extra, Consumer<AssertableApplicationContext> test) {
        List<String> props = new ArrayList<>(extra);
        props.addAll(List.of("parloir.aaa.radius.timeout=300ms",
                "parloir.aaa.radius.retries=1", "parloir.aaa.nas-identifier=parloir-it",
                "parloir.aaa.nas-ip-address=127.0.0.1", "parloir.aaa.digest-domains=example.org",
                "parloir.aaa.policies.national.allowed-prefixes=+33"));
        for (int i = 0; i < servers.size(); i++) {
            String[] hostPorts = servers.get(i).split("/");
            props.add("parloir.aaa.radius.servers[" + i + "].address=" + hostPorts[0]);
            props.add("parloir.aaa.radius.servers[" + i + "].accounting-port=" + hostPorts[1]);
            props.add("parloir.aaa.radius.servers[" + i + "].secret=" + SECRET);
        }
        new ApplicationContextRunner().withUserConfiguration(Meters.class, AaaConfiguration.class)
                .withPropertyValues(props.toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    test.accept(context);
                });
    }

    private static AuthorizationResult authorize(AssertableApplicationContext context, AuthorizationRequest request) {
        return join(context.getBean(CallAuthorizer.class).authorize(request));
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double count(AssertableApplicationContext context, String meter, String tag, String value) {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        return registry.find(meter).tag(tag, value).meters().stream().mapToDouble(m -> m.measure().iterator()
                .next().getValue()).sum();
    }

    private static AuthorizationRequest callOf(String user, E164 called, Optional<DigestResponse> digest) {
        UserAddress caller = new UserAddress(user, REALM);
        return new AuthorizationRequest(caller, user, caller.sipAor(), called, "call-" + user + "@192.0.2.1", digest);
    }

    private static AccountingRecord record(String session, Duration time,
                                           Optional<AccountingRecord.TerminateCause> cause, byte[] callClass) {
        UserAddress caller = new UserAddress("alice", REALM);
        return new AccountingRecord(session, caller, "alice", caller.sipAor(), NATIONAL, "call-1@192.0.2.1", time,
                cause, Optional.of(callClass));
    }

    private static List<Map<String, String>> sessionRecords(String session) {
        try {
            return radius.detailRecords().stream().filter(r -> session.equals(r.get("Acct-Session-Id"))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a UA answers to our challenge (RFC 2617 §3.2.2, MD5), computed apart from the code under test. */
    private static DigestResponse digest(String user, String password, String qop, byte[] body) throws Exception {
        String nonce = "5f2b1c0d9e8a7b6c";
        String uri = "sip:" + NATIONAL.value() + "@" + REALM;
        String cnonce = "0a4f113b";
        String nc = "00000001";
        String ha1 = DigestClient.hash("MD5", user + ":" + REALM + ":" + password);
        String a2 = "INVITE:" + uri;
        if ("auth-int".equals(qop)) {
            a2 += ":" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(body));
        }
        String response = DigestClient.hash("MD5",
                ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + DigestClient.hash("MD5", a2));
        return new DigestResponse(user, REALM, nonce, uri, "INVITE", response, "MD5", qop, cnonce, nc, "opaque-1",
                body);
    }
}
