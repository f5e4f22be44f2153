package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.Calls;
import org.parloir.testing.FreePorts;
import org.parloir.testing.GatewaySpec;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.Sipp;

/**
 * SIP.edu: anyone dials {@code sip:first.last@domain}; the directory gives the person's number, the call goes to the
 * PSTN gateway (SIPp), and with number hiding on the caller never learns the number. Devices first, the phone when
 * they do not answer; unknown people, people without a number, a directory too slow to answer, a domain with its
 * own directory attribute names.
 */
class SipEduIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final CountDownLatch SLOW_RELEASE = new CountDownLatch(1);
    /** While set, directory searches for bob wait on it (and count down {@link #bobSearched}). */
    private static volatile CountDownLatch holdBob;
    private static volatile CountDownLatch bobSearched;

    @TempDir
    static Path work;
    static InMemoryDirectoryServer ldap;
    static ParloirServer server;
    static int gw;
    private static final AtomicInteger RUN = new AtomicInteger();
    private SipUa caller;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=univ,dc=test");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("sipedu", InetAddress.getLoopbackAddress(),
                0, null));
        config.setSchema(null);
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                CountDownLatch hold = holdBob;
                if (hold != null && request.getRequest().getFilter().toString().contains("bob.martin@univ.test")) {
                    bobSearched.countDown();
                    try {
                        hold.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (request.getRequest().getFilter().toString().contains("slow.person@univ.test")) {
                    try {
                        SLOW_RELEASE.await(10, TimeUnit.SECONDS); // a directory that does not answer in time
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        ldap = new InMemoryDirectoryServer(config);
        ldap.add(new Entry("dn: dc=univ,dc=test", "objectClass: top", "objectClass: domain", "dc: univ"));
        ldap.add(new Entry("dn: ou=people,dc=univ,dc=test", "objectClass: top", "objectClass: organizationalUnit",
                "ou: people"));
        ldap.add(new Entry("dn: uid=bob,ou=people,dc=univ,dc=test", "objectClass: top", "objectClass: person",
                "uid: bob", "cn: Bob Martin", "sn: Martin", "mail: bob.martin@univ.test",
                "telephoneNumber: +33 1 39 63 56 22", "userPassword: bob-secret"));
        ldap.add(new Entry("dn: uid=nophone,ou=people,dc=univ,dc=test", "objectClass: top", "objectClass: person",
                "uid: nophone", "cn: No Phone", "sn: Phone", "mail: no.phone@univ.test"));
        ldap.add(new Entry("dn: ou=lab,dc=univ,dc=test", "objectClass: top", "objectClass: organizationalUnit",
                "ou: lab"));
        ldap.add(new Entry("dn: account=eli,ou=lab,dc=univ,dc=test", "objectClass: top", "objectClass: person",
                "account: eli", "cn: Eli Lab", "sn: Lab", "mailAddress: eli.lab@lab.univ.test",
                "tel: 04 76 00 00 02"));
        ldap.startListening();
        gw = FreePorts.udpAndTcp();
        server = new ParloirServer(work.resolve("data"))
                .directoryDomain("univ.test", "ou=people,dc=univ,dc=test")
                .directoryDomain("lab.univ.test", "ou=lab,dc=univ,dc=test")
                .with("parloir.ldap.url", "ldap://127.0.0.1:" + ldap.getListenPort())
                .with("parloir.ldap.timeout", "5s")
                .with("parloir.ldap.cache-ttl", "1s")
                .with("parloir.ldap.domain-mappings[lab.univ.test].mail", "mailAddress")
                .with("parloir.ldap.domain-mappings[lab.univ.test].uid", "account")
                .with("parloir.ldap.domain-mappings[lab.univ.test].telephone-number", "tel")
                .region("FR")
                .with("parloir.sip.routing.hide-numbers", "true")
                .with("parloir.sip.routing.no-answer-timeout", "1s")
                .gateway(GatewaySpec.gateway().neverDown().rewrite("+33", "0"), gw)
                .start();
    }

    @AfterAll
    static void stop() {
        SLOW_RELEASE.countDown();
        if (server != null) {
            server.close();
        }
        if (ldap != null) {
            ldap.shutDown(true);
        }
    }

    @BeforeEach
    void newCaller() throws Exception {
        caller = new SipUa("ext");
    }

    @AfterEach
    void closeCaller() {
        caller.close();
    }

    private static Sipp gateway(String scenario, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("-m", "1"));
        all.addAll(List.of(args));
        return Sipp.start(work.resolve("sipp-" + RUN.incrementAndGet() + "-" + scenario), scenario, gw,
                all.toArray(String[]::new));
    }

    private Calls.Call call(String target) throws Exception {
        return Calls.invite(caller, target, "someone@far.example.net", server.sipHostPort());
    }

    private static String callId(Calls.Call call) {
        return ((CallIdHeader) call.invite.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static List<CallDetail> cdrs(String callId) {
        return server.bean(CdrQuery.class).find(null, null, null, null, 0, 500).records().stream()
                .filter(c -> c.callId().equals(callId)).toList();
    }

    @Test
    void aHiddenNumberReachesNoHeaderBodyOrResponseOfTheCaller() throws Exception {
        try (Sipp gateway = gateway("gw_leak.xml", "-key", "number", "0139635622", "-key", "e164", "+33139635622")) {
            Calls.Call call = call("sip:bob.martin@univ.test");
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            // the gateway did put the number everywhere, and saw the caller's offer
            assertThat(gateway.messages()).contains("Contact: <sip:+33139635622@", "o=0139635622 ",
                    "P-Asserted-Identity: <tel:+33139635622>", "INVITE sip:0139635622@");
            String seen = String.join("\n", caller.transcript);
            assertThat(seen).contains("SIP/2.0 183", "SIP/2.0 200", "m=audio");
            assertThat(seen).doesNotContain("39635622").doesNotContain("39 63 56 22");
            CallDetail cdr = await().atMost(WAIT).until(() -> cdrs(callId(call)), l -> l.size() == 1).get(0);
            assertThat(cdr.translatedNumber()).isEqualTo("+33139635622"); // the administrator still knows it
        }
    }

    @Test
    void devicesRingFirstAndThePhoneWhenNobodyAnswers() throws Exception {
        try (SipUa device = new SipUa("bobphone"); Sipp gateway = gateway("gw_answer.xml")) {
            assertThat(device.registerAs("bob.martin", "bob", "univ.test", "bob-secret", "MD5", 300,
                    server.sipHostPort()).getStatusCode()).isEqualTo(200);
            try {
                Calls.Call call = call("sip:bob.martin@univ.test");
                RequestEvent ringing = device.awaitRequest(Request.INVITE, WAIT);
                ServerTransaction st = device.respond(ringing, null, 180, "dev1");
                // nobody picks up: after the 1 s no-answer timeout the device is cancelled ...
                RequestEvent cancel = device.awaitRequest(Request.CANCEL, WAIT);
                device.respond(cancel, null, 200, null);
                device.respond(ringing, st, 487, "dev1");
                // ... and the phone number answers through the gateway
                assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
                call.bye();
                assertThat(gateway.exitCode()).as(gateway::output).isZero();
                assertThat(gateway.messages()).contains("INVITE sip:0139635622@");
                List<CallDetail> records = await().atMost(WAIT).until(() -> cdrs(callId(call)), l -> !l.isEmpty());
                assertThat(records).singleElement().satisfies(c -> {
                    assertThat(c.route()).isEqualTo(CallRoute.DIRECTORY);
                    assertThat(c.status()).isEqualTo(200);
                });
            } finally {
                server.bean(LocationService.class).remove("bob.martin@univ.test");
            }
        }
    }

    @Test
    void aCallerWhoGivesUpWhileTheCallGoesToThePhoneGets487AndNoCallIsPlaced() throws Exception {
        try (SipUa device = new SipUa("bobphone3")) {
            assertThat(device.registerAs("bob.martin", "bob", "univ.test", "bob-secret", "MD5", 300,
                    server.sipHostPort()).getStatusCode()).isEqualTo(200);
            CountDownLatch release = new CountDownLatch(1);
            bobSearched = new CountDownLatch(1);
            holdBob = release;
            try {
                Calls.Call call = call("sip:bob.martin@univ.test");
                RequestEvent ringing = device.awaitRequest(Request.INVITE, WAIT);
                ServerTransaction st = device.respond(ringing, null, 180, "dev3");
                device.respond(device.awaitRequest(Request.CANCEL, WAIT), null, 200, null);
                device.respond(ringing, st, 487, "dev3");
                // the devices gave up; the phone route is looking bob up (the directory is slow) when the caller
                // cancels
                assertThat(bobSearched.await(10, TimeUnit.SECONDS)).isTrue();
                javax.sip.message.Response cancelled = caller.awaitFinal(call.cancel(), WAIT);
                javax.sip.message.Response terminated = call.answer(WAIT);
                assertThat(terminated.getStatusCode()).isEqualTo(487);
                // RFC 3261 §9.2: the To tag of the 200 to the CANCEL is that of the 487
                assertThat(cancelled.getStatusCode()).isEqualTo(200);
                assertThat(((javax.sip.header.ToHeader) cancelled.getHeader("To")).getTag()).isNotNull()
                        .isEqualTo(((javax.sip.header.ToHeader) terminated.getHeader("To")).getTag());
                release.countDown();
                CallDetail cdr = await().atMost(WAIT).until(() -> cdrs(callId(call)), l -> l.size() == 1).get(0);
                assertThat(cdr.status()).isEqualTo(487);
                assertThat(cdr.hungUpBy()).isEqualTo(org.parloir.cdr.api.HangupParty.CALLER);
                assertThat(server.bean(org.parloir.sip.b2bua.B2bua.class).activeCalls()).isZero();
            } finally {
                holdBob = null;
                release.countDown();
                server.bean(LocationService.class).remove("bob.martin@univ.test");
            }
        }
    }

    @Test
    void aBusyDeviceIsNotRoutedToThePhone() throws Exception {
        try (SipUa device = new SipUa("bobdesk")) {
            assertThat(device.registerAs("bob.martin", "bob", "univ.test", "bob-secret", "MD5", 300,
                    server.sipHostPort()).getStatusCode()).isEqualTo(200);
            try {
                Calls.Call call = call("sip:bob.martin@univ.test");
                RequestEvent invite = device.awaitRequest(Request.INVITE, WAIT);
                device.respond(invite, null, 486, "busy1");
                assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(486);
                CallDetail cdr = await().atMost(WAIT).until(() -> cdrs(callId(call)), l -> l.size() == 1).get(0);
                assertThat(cdr.route()).isEqualTo(CallRoute.LOCAL);
                assertThat(cdr.status()).isEqualTo(486);
                assertThat(cdr.hungUpBy()).isEqualTo(org.parloir.cdr.api.HangupParty.CALLEE);
            } finally {
                server.bean(LocationService.class).remove("bob.martin@univ.test");
            }
        }
    }

    @Test
    void aProxiedCallToADeviceIsRecordedWhenItsByePasses() throws Exception {
        try (SipUa device = new SipUa("bobsoft")) {
            assertThat(device.registerAs("bob.martin", "bob", "univ.test", "bob-secret", "MD5", 300,
                    server.sipHostPort()).getStatusCode()).isEqualTo(200);
            try {
                Calls.Call call = call("sip:bob.martin@univ.test");
                RequestEvent invite = device.awaitRequest(Request.INVITE, WAIT);
                device.respond(invite, null, 200, "soft1");
                assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
                device.awaitRequest(Request.ACK, WAIT);
                var bye = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return call.bye().getStatusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                RequestEvent byeAtDevice = device.awaitRequest(Request.BYE, WAIT); // record-routed through us
                device.respond(byeAtDevice, null, 200, null);
                assertThat(bye.get(15, TimeUnit.SECONDS)).isEqualTo(200);
                CallDetail cdr = await().atMost(WAIT).until(() -> cdrs(callId(call)), l -> l.size() == 1).get(0);
                assertThat(cdr.route()).isEqualTo(CallRoute.LOCAL);
                assertThat(cdr.status()).isEqualTo(200);
                assertThat(cdr.hungUpBy()).isEqualTo(org.parloir.cdr.api.HangupParty.CALLER);
                assertThat(cdr.answerTime()).isNotNull();
                assertThat(cdr.endTime()).isAfterOrEqualTo(cdr.answerTime());
            } finally {
                server.bean(LocationService.class).remove("bob.martin@univ.test");
            }
        }
    }

    @Test
    void anAdministratorHangsUpAProxiedCall() throws Exception {
        try (SipUa device = new SipUa("bobdesk2")) {
            assertThat(device.registerAs("bob.martin", "bob", "univ.test", "bob-secret", "MD5", 300,
                    server.sipHostPort()).getStatusCode()).isEqualTo(200);
            try {
                Calls.Call call = call("sip:bob.martin@univ.test");
                RequestEvent invite = device.awaitRequest(Request.INVITE, WAIT);
                device.respond(invite, null, 200, "desk2");
                assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
                device.awaitRequest(Request.ACK, WAIT);
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:"
                        + ParloirServer.ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String base = "http://127.0.0.1:" + server.managementPort() + "/actuator/calls";
                var list = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                        .header("Authorization", auth).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(list.body()).contains("\"proxied\":[{\"callId\":\"" + callId(call) + "\"");
                var hangup = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/"
                                + java.net.URLEncoder.encode(callId(call), java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Authorization", auth).DELETE().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(hangup.statusCode()).isEqualTo(200);
                // both parties get a BYE within their dialog, and the call is over for the server too
                RequestEvent atDevice = device.awaitRequest(Request.BYE, WAIT);
                assertThat(((javax.sip.header.ToHeader) atDevice.getRequest().getHeader("To")).getTag())
                        .isEqualTo("desk2");
                device.respond(atDevice, null, 200, null);
                RequestEvent atCaller = caller.awaitRequest(Request.BYE, WAIT);
                assertThat(((javax.sip.header.FromHeader) atCaller.getRequest().getHeader("From")).getTag())
                        .isEqualTo("desk2");
                caller.respond(atCaller, null, 200, null);
                CallDetail cdr = await().atMost(WAIT).until(() -> cdrs(callId(call)), l -> l.size() == 1).get(0);
                assertThat(cdr.hungUpBy()).isEqualTo(org.parloir.cdr.api.HangupParty.SERVER);
                assertThat(cdr.route()).isEqualTo(CallRoute.LOCAL);
            } finally {
                server.bean(LocationService.class).remove("bob.martin@univ.test");
            }
        }
    }

    @Test
    void unknownAddressesAre404AndPeopleWithoutANumber480() throws Exception {
        Calls.Call nobody = call("sip:nobody.here@univ.test");
        assertThat(nobody.answer(WAIT).getStatusCode()).isEqualTo(404);
        Calls.Call noPhone = call("sip:no.phone@univ.test");
        assertThat(noPhone.answer(WAIT).getStatusCode()).isEqualTo(480);
        await().atMost(WAIT).until(() -> cdrs(callId(nobody)).size() == 1 && cdrs(callId(noPhone)).size() == 1);
        assertThat(cdrs(callId(nobody)).get(0).route()).isEqualTo(CallRoute.NONE);
    }

    @Test
    void aDirectoryTooSlowToAnswerGives503WithRetryAfterAndBlocksNothing() throws Exception {
        Calls.Call slow = call("sip:slow.person@univ.test");
        Response r = slow.answer(WAIT);
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(((RetryAfterHeader) r.getHeader(RetryAfterHeader.NAME)).getRetryAfter()).isPositive();
        // meanwhile (the LDAP search is still hanging) the proxy goes on answering
        Request options = caller.request(Request.OPTIONS, "sip:univ.test", "someone@far.example.net",
                "sip:univ.test", server.sipHostPort());
        assertThat(caller.sendAndAwait(options).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aDomainWithItsOwnAttributeNamesAndNationalNumbers() throws Exception {
        try (Sipp gateway = gateway("gw_answer.xml")) {
            Calls.Call call = call("sip:eli.lab@lab.univ.test");
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            call.bye();
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            assertThat(gateway.messages()).contains("INVITE sip:0476000002@"); // "04 76 00 00 02" in region FR
        }
    }
}
