package org.parloir.bridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.media.dtls.SetupRole;
import org.parloir.bridge.media.stun.StunCodec;
import org.parloir.bridge.media.stun.StunMessage;

/**
 * The relay's gatekeeping over loopback sockets, without a WebRTC peer: the plain leg takes media only from the
 * signalled IP (latching the port it really comes from), the secure leg answers only checks with our credentials
 * and relays nothing before DTLS, garbage never stops a port, consent lapses, and a closed relay leaves no port or
 * thread behind.
 */
class MediaRelayIT {

    private static final DtlsIdentity IDENTITY = DtlsIdentity.generate();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static MediaSettings settings(Duration consent) {
        return settings(consent, Duration.ofSeconds(60));
    }

    private static MediaSettings settings(Duration consent, Duration inactivity) {
        return new MediaSettings(LOOPBACK, null, 43100, 43199, consent, inactivity, Duration.ofSeconds(20), 4);
    }

    @Test
    void thePlainLegTakesOnlyTheSignalledIpLatchesItsPortAndMovesOnlyWhenTold() throws Exception {
        try (MediaRelay relay = new MediaRelay(settings(Duration.ofSeconds(30)), IDENTITY);
                DatagramSocket announced = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                DatagramSocket natted = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            BridgedMedia media = relay.open("plain", e -> { });
            send(announced, rtp(1), media.plainLocal());
            await().until(() -> media.plainStats().rejected() == 1); // before startPlain: nobody is accepted
            media.startPlain((InetSocketAddress) announced.getLocalSocketAddress(), Map.of());
            send(stranger, rtp(2), media.plainLocal());
            await().until(() -> media.plainStats().rejected() == 2);
            send(natted, rtp(3), media.plainLocal()); // same IP, another port: RFC 4961 latching
            await().until(() -> media.plainStats().packetsIn() == 1);
            send(announced, rtp(4), media.plainLocal()); // now only the latched address counts
            send(natted, rtp(5), media.plainLocal());
            await().until(() -> media.plainStats().packetsIn() == 2 && media.plainStats().rejected() == 3);
            assertThat(media.plainStats().packetsLost()).as("seq 3 then 5 from the latched source").isEqualTo(1);
            assertThat(media.secureStats().packetsOut()).as("nothing forwarded before DTLS").isZero();
            media.updatePlain((InetSocketAddress) stranger.getLocalSocketAddress(), Map.of()); // a re-INVITE
            send(natted, rtp(6), media.plainLocal());
            send(stranger, rtp(7), media.plainLocal());
            await().until(() -> media.plainStats().packetsIn() == 3 && media.plainStats().rejected() == 4);
        }
    }

    @Test
    void theSecureLegAnswersOnlyOurCredentialsAndSurvivesGarbage() throws Exception {
        try (MediaRelay relay = new MediaRelay(settings(Duration.ofSeconds(30)), IDENTITY);
                DatagramSocket browser = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            browser.setSoTimeout(5000);
            BridgedMedia media = relay.open("secure", e -> { });
            SecureLocal local = media.secureLocal();
            send(browser, check(local.iceUfrag() + ":them", local.icePwd()), local.candidate());
            await().until(() -> media.secureStats().rejected() == 1); // not started: no remote ufrag to check
            media.startSecure(new SecureRemote("them", "their-password-0123456789", List.of(),
                    DtlsIdentity.generate().fingerprint(), SetupRole.PASSIVE));
            send(browser, check(local.iceUfrag() + ":them", "not the password"), local.candidate());
            assertThat(StunCodec.decode(receive(browser), 0, lastLength).type()).as("401")
                    .isEqualTo(StunMessage.BINDING_ERROR);
            for (byte[] junk : List.of(new byte[] {0, 1, 0, 8}, new byte[] {22, (byte) 0xFE}, rtp(9), new byte[300])) {
                send(browser, junk, local.candidate());
            }
            await().until(() -> media.secureStats().rejected() == 6);
            send(browser, check(local.iceUfrag() + ":them", local.icePwd()), local.candidate());
            byte[] answer = receive(browser);
            assertThat(StunCodec.decode(answer, 0, lastLength).type()).as("the loop still answers")
                    .isEqualTo(StunMessage.BINDING_SUCCESS);
            assertThat(media.secureStats().packetsIn()).isZero();
        }
    }

    @Test
    void consentLapsesWithoutChecksAndAClosedRelayLeavesNoPortOrThread() throws Exception {
        List<LegEvent> events = new CopyOnWriteArrayList<>();
        // long enough for the check to be answered first even on a loaded machine; the answer is awaited below
        MediaRelay relay = new MediaRelay(settings(Duration.ofSeconds(2)), IDENTITY);
        List<RelayedCall> calls = new ArrayList<>();
        try (DatagramSocket browser = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            for (int i = 0; i < 3; i++) {
                calls.add((RelayedCall) relay.open("call-" + i, events::add));
            }
            RelayedCall checked = calls.get(0);
            checked.startSecure(new SecureRemote("them", "pw", List.of(), DtlsIdentity.generate().fingerprint(),
                    SetupRole.PASSIVE));
            send(browser, check(checked.secureLocal().iceUfrag() + ":them", checked.secureLocal().icePwd()),
                    checked.secureLocal().candidate());
            browser.setSoTimeout(5000);
            assertThat(StunCodec.decode(receive(browser), 0, lastLength).type()).isEqualTo(
                    StunMessage.BINDING_SUCCESS);
            await().until(() -> events.contains(new LegEvent.ConsentExpired()));
            calls.get(1).startSecure(new SecureRemote("them", "pw", List.of(), DtlsIdentity.generate().fingerprint(),
                    SetupRole.ACTIVE));
            await().until(() -> events.stream().anyMatch(e -> e instanceof LegEvent.Failed f
                    && f.cause() == LegEvent.Cause.ICE && f.reason().startsWith("no valid ICE connectivity check")));
            assertThat(relay.openCount()).isEqualTo(3);
            assertThat(relay.portsInUse()).isEqualTo(6);
        }
        relay.close();
        assertThat(relay.openCount()).isZero();
        assertThat(relay.portsInUse()).isZero();
        assertThat(relay.threadsAlive()).isFalse();
        assertThat(calls).noneMatch(RelayedCall::threadsAlive);
        for (RelayedCall c : calls) {
            new DatagramSocket(c.secureLocal().candidate()).close();
            new DatagramSocket(c.plainLocal()).close();
        }
        assertThatThrownBy(() -> relay.open("late", e -> { })).isInstanceOf(IOException.class);
    }

    @Test
    void aPlainLegWithoutRtpIsReportedInactiveOnceUntilMediaFlowsAgain() throws Exception {
        List<LegEvent> events = new CopyOnWriteArrayList<>();
        try (MediaRelay relay = new MediaRelay(settings(Duration.ofSeconds(30), Duration.ofMillis(300)), IDENTITY);
                DatagramSocket phone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            BridgedMedia media = relay.open("quiet", events::add);
            media.startPlain((InetSocketAddress) phone.getLocalSocketAddress(), Map.of());
            await().until(() -> events.contains(new LegEvent.Inactive(LegEvent.Leg.PLAIN)));
            send(phone, rtp(1), media.plainLocal());
            await().until(() -> events.contains(new LegEvent.Connected(LegEvent.Leg.PLAIN)));
            await().until(() -> events.stream().filter(new LegEvent.Inactive(LegEvent.Leg.PLAIN)::equals).count()
                    == 2);
            assertThat(events).as("once per silence").containsExactly(new LegEvent.Inactive(LegEvent.Leg.PLAIN),
                    new LegEvent.Connected(LegEvent.Leg.PLAIN), new LegEvent.Inactive(LegEvent.Leg.PLAIN));
        }
    }

    @Test
    void aFullRangeRefusesTheNextCallWithoutLeakingItsFirstPort() throws Exception {
        // 43200-43204: three even ports; a second call gets one, finds no second and gives the first back
        MediaSettings tiny = new MediaSettings(LOOPBACK, null, 43200, 43204, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(20), 4);
        try (MediaRelay relay = new MediaRelay(tiny, IDENTITY)) {
            BridgedMedia first = relay.open("one", e -> { });
            assertThatThrownBy(() -> relay.open("two", e -> { })).isInstanceOf(IOException.class)
                    .hasMessageContaining("no free even UDP port");
            assertThat(relay.portsInUse()).isEqualTo(2);
            assertThat(relay.openCount()).isEqualTo(1);
            first.close();
            first.close(); // idempotent
            assertThat(relay.portsInUse()).isZero();
            assertThat(relay.open("two", e -> { }).secureLocal().candidate().getPort() % 2).as("even").isZero();
        }
    }

    private int lastLength;

    private byte[] receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer from the relay", e);
        }
        lastLength = p.getLength();
        return buf;
    }

    private static void send(DatagramSocket s, byte[] data, InetSocketAddress to) throws IOException {
        s.send(new DatagramPacket(data, data.length, to));
    }

    /** An ICE connectivity check as a controlling full agent sends it (RFC 8445 §7.2.2). */
    private static byte[] check(String username, String password) {
        byte[] tid = new byte[12];
        new java.security.SecureRandom().nextBytes(tid);
        List<StunMessage.Attribute> a = List.of(
                new StunMessage.Attribute(StunCodec.USERNAME, username.getBytes(StandardCharsets.UTF_8)),
                new StunMessage.Attribute(StunCodec.PRIORITY, new byte[] {0x6e, 0, 0x1e, (byte) 0xff}),
                new StunMessage.Attribute(StunCodec.ICE_CONTROLLING, new byte[8]),
                new StunMessage.Attribute(StunCodec.USE_CANDIDATE, new byte[0]));
        return StunCodec.encode(new StunMessage(StunMessage.BINDING_REQUEST, tid, a),
                password.getBytes(StandardCharsets.UTF_8), true);
    }

    private static byte[] rtp(int seq) {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        p[3] = (byte) seq;
        p[11] = 5;
        return p;
    }
}
