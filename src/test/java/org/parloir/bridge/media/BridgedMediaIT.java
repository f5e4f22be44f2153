package org.parloir.bridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * The relay between a real WebRTC stack (aiortc: ICE with the relay as lite agent, DTLS-SRTP, a 440 Hz tone in
 * PCMU) and a plain RTP "phone" (a UDP socket of the test that echoes what it gets): audio and RTCP flow both ways
 * in both DTLS roles, with payload type 0 of the secure side renumbered to 8 on the plain side and back, and aiortc
 * decodes the echo, so our SRTP is decryptable by it; RTP from a stranger's address is refused meanwhile. A wrong
 * fingerprint fails the secure leg and relays nothing; closing frees the ports.
 */
class BridgedMediaIT {

    private static final DtlsIdentity IDENTITY = DtlsIdentity.generate();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final MediaSettings SETTINGS = new MediaSettings(LOOPBACK, null, 43000, 43099,
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(20), 4);

    @TempDir
    Path dir;

    @BeforeAll
    static void aiortcIsThere() throws Exception {
        assertThat(AiortcPeer.installed()).as("python3-aiortc is a test dependency (.ci/run installs it)").isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = SetupRole.class, names = {"ACTIVE", "PASSIVE"})
    void audioFlowsBothWaysBetweenAiortcAndAPlainRtpPeer(SetupRole ourRole) throws Exception {
        List<LegEvent> events = new CopyOnWriteArrayList<>();
        Set<Integer> payloadTypesAtThePhone = ConcurrentHashMap.newKeySet();
        AtomicLong echoed = new AtomicLong();
        AtomicLong rtcpAtThePhone = new AtomicLong();
        try (MediaRelay relay = new MediaRelay(SETTINGS, IDENTITY);
                DatagramSocket phone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                AiortcPeer browser = AiortcPeer.start(dir.resolve("aiortc.err"))) {
            echo(phone, payloadTypesAtThePhone, echoed, rtcpAtThePhone);
            BridgedMedia media = relay.open("aiortc-" + ourRole, events::add);
            WebRtcSdp offer = WebRtcSdp.parseOffer(browser.offer());
            media.startSecure(new SecureRemote(offer.ufrag(), offer.pwd(), offer.candidates(), offer.fingerprint(),
                    ourRole));
            media.startPlain((InetSocketAddress) phone.getLocalSocketAddress(), Map.of(0, 8));
            browser.answer(WebRtcSdp.answer(offer.mid(), media.secureLocal(), ourRole));

            await().atMost(AiortcPeer.patience()).untilAsserted(() -> {
                assertThat(events).as(browser.output()).contains(new LegEvent.Connected(LegEvent.Leg.SECURE));
                assertThat(media.secureStats().packetsIn()).as("SRTP from aiortc").isGreaterThan(50);
                assertThat(media.plainStats().packetsOut()).as("RTP to the phone").isGreaterThan(50);
                assertThat(media.plainStats().packetsIn()).as("the phone's echo").isGreaterThan(50);
                assertThat(media.secureStats().packetsOut()).as("SRTP to aiortc").isGreaterThan(50);
                assertThat(browser.stats().inbound()).as("RTP aiortc decrypted").isGreaterThan(50);
                assertThat(browser.stats().decoded()).as("audio frames aiortc decoded").isGreaterThan(25);
                assertThat(rtcpAtThePhone).as("aiortc's SRTCP reports, decrypted").hasPositiveValue();
            });
            assertThat(payloadTypesAtThePhone).as("PCMU renumbered 0 -> 8 toward the phone").containsExactly(8);
            try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
                byte[] rtp = new byte[172];
                rtp[0] = (byte) 0x80;
                for (int i = 0; i < 20; i++) { // RTP from another address than the phone's: refused, not relayed
                    stranger.send(new DatagramPacket(rtp, rtp.length, media.plainLocal()));
                }
                await().atMost(AiortcPeer.patience()).until(() -> media.plainStats().rejected() >= 20);
            }
            assertThat(events).contains(new LegEvent.Connected(LegEvent.Leg.PLAIN))
                    .noneMatch(e -> e instanceof LegEvent.Failed);
            // secureStats().rejected() is not asserted: as DTLS client we may get the server's first SRTP packets
            // while its Finished is still being checked, and drop them (keys are installed only after it)
            browser.close(); // RTCPeerConnection.close(): its DTLS close_notify is the client hanging up
            await().atMost(AiortcPeer.patience()).until(() -> events.contains(new LegEvent.Failed(LegEvent.Leg.SECURE,
                    LegEvent.Cause.CLOSED, "the peer closed the DTLS association")));
            media.close();
            assertThat(relay.openCount()).isZero();
            assertThat(relay.portsInUse()).isZero();
            assertPortsFree(media);
        }
    }

    @Test
    void aFingerprintThatIsNotAiortcsFailsTheSecureLegAndNothingIsRelayed() throws Exception {
        List<LegEvent> events = new CopyOnWriteArrayList<>();
        AtomicLong echoed = new AtomicLong();
        try (MediaRelay relay = new MediaRelay(SETTINGS, IDENTITY);
                DatagramSocket phone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                AiortcPeer browser = AiortcPeer.start(dir.resolve("aiortc.err"))) {
            echo(phone, ConcurrentHashMap.newKeySet(), echoed, new AtomicLong());
            BridgedMedia media = relay.open("aiortc-wrong", events::add);
            WebRtcSdp offer = WebRtcSdp.parseOffer(browser.offer());
            media.startSecure(new SecureRemote(offer.ufrag(), offer.pwd(), offer.candidates(),
                    DtlsIdentity.generate().fingerprint(), SetupRole.ACTIVE));
            media.startPlain((InetSocketAddress) phone.getLocalSocketAddress(), Map.of());
            browser.answer(WebRtcSdp.answer(offer.mid(), media.secureLocal(), SetupRole.ACTIVE));

            await().atMost(AiortcPeer.patience()).until(() -> events.stream().anyMatch(e ->
                    e instanceof LegEvent.Failed f && f.leg() == LegEvent.Leg.SECURE
                            && f.cause() == LegEvent.Cause.DTLS && f.reason().contains("does not match")));
            assertThat(events).doesNotContain(new LegEvent.Connected(LegEvent.Leg.SECURE));
            assertThat(media.secureStats().packetsIn()).isZero();
            assertThat(media.plainStats().packetsOut()).isZero();
            assertThat(echoed).hasValue(0);
            assertThat(browser.stats().inbound()).isZero();
            relay.close();
            assertThat(relay.portsInUse()).isZero();
            assertPortsFree(media);
        }
    }

    /** The phone: echoes every datagram back to where it came from, noting the RTP payload types it saw. */
    private static void echo(DatagramSocket phone, Set<Integer> payloadTypes, AtomicLong echoed, AtomicLong rtcp) {
        Thread.ofVirtual().name("phone-echo").start(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                while (true) {
                    p.setLength(buf.length);
                    phone.receive(p);
                    boolean isRtcp = (buf[1] & 0xFF) >= 192 && (buf[1] & 0xFF) <= 223;
                    if (isRtcp && p.getLength() >= 8) {
                        rtcp.incrementAndGet();
                    } else if (p.getLength() >= 12) {
                        payloadTypes.add(buf[1] & 0x7F);
                    }
                    phone.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
                    echoed.incrementAndGet();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    private static void assertPortsFree(BridgedMedia media) throws IOException {
        for (InetSocketAddress a : List.of(media.secureLocal().candidate(), media.plainLocal())) {
            new DatagramSocket(a).close(); // throws BindException if the relay still held it
        }
    }
}
