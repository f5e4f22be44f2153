package org.parloir.bridge.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;

class SdpTest {

    @Test
    void readsTheAudioOfRfc4317sFirstOffer() {
        // RFC 4317 §2.1: audio and video offered; the bridge takes the audio stream
        AudioSession a = Sdp.audio(bytes("""
                v=0
                o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
                s=
                c=IN IP4 host.atlanta.example.com
                t=0 0
                m=audio 49170 RTP/AVP 0 8 97
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:97 iLBC/8000
                m=video 51372 RTP/AVP 31 32
                a=rtpmap:31 H261/90000
                a=rtpmap:32 MPV/90000
                """));

        assertThat(a.address()).isEqualTo("host.atlanta.example.com");
        assertThat(a.port()).isEqualTo(49170);
        assertThat(a.profile()).isEqualTo("RTP/AVP");
        assertThat(a.payloadTypes()).extracting(PayloadType::name).containsExactly("PCMU", "PCMA", "iLBC");
        assertThat(a.direction()).isEqualTo("sendrecv");
    }

    @Test
    void readsAPhonesAnswerWithDtmfStaticTypesAndMediaLevelAddress() {
        AudioSession a = Sdp.audio(bytes("""
                v=0\r
                o=- 1 2 IN IP4 10.0.0.1\r
                s=baresip\r
                c=IN IP4 10.0.0.1\r
                t=0 0\r
                a=sendonly\r
                m=audio 40002 RTP/AVP 8 101\r
                c=IN IP4 127.0.0.1\r
                a=rtpmap:101 telephone-event/8000\r
                a=fmtp:101 0-15\r
                a=ptime:20\r
                a=rtcp-mux\r
                """));

        assertThat(a.address()).isEqualTo("127.0.0.1");
        assertThat(a.payloadTypes()).containsExactly(
                new PayloadType(8, "PCMA", 8000, 1),
                new PayloadType(101, "telephone-event", 8000, 1, 0, Map.of("events", "0-15"), List.of()));
        assertThat(a.ptime()).isEqualTo(20);
        assertThat(a.rtcpMux()).isTrue();
        assertThat(a.direction()).as("the session-level direction applies").isEqualTo("sendonly");
    }

    @Test
    void aZeroPortIsARefusedStream() {
        AudioSession a = Sdp.audio(bytes("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=audio 0 RTP/AVP 0\n"));

        assertThat(a.refused()).isTrue();
    }

    @Test
    void whatTheBridgeWritesItReadsBack() {
        List<PayloadType> types = List.of(new PayloadType(0, "PCMU", 8000, 1),
                new PayloadType(126, "telephone-event", 8000, 1, 0, Map.of("events", "0-16"), List.of()),
                new PayloadType(111, "opus", 48000, 2, 0, ordered("useinbandfec", "1", "minptime", "10"), List.of()));

        byte[] sdp = Sdp.write(42, 1, "192.0.2.7", 40000, types, 20, "sendrecv");
        AudioSession a = Sdp.audio(sdp);

        assertThat(new String(sdp, StandardCharsets.US_ASCII)).contains("a=fmtp:126 0-16\r\n")
                .contains("a=fmtp:111 useinbandfec=1;minptime=10\r\n").contains("a=rtpmap:111 opus/48000/2\r\n");
        assertThat(a.address()).isEqualTo("192.0.2.7");
        assertThat(a.port()).isEqualTo(40000);
        assertThat(a.payloadTypes()).isEqualTo(types);
        assertThat(a.ptime()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "v=0\nm=video 5000 RTP/AVP 31\nc=IN IP4 1.2.3.4\n",
            "v=0\nm=audio 5000 RTP/AVP 0\n",
            "v=0\nc=IN IP4 1.2.3.4\nm=audio 99999 RTP/AVP 0\n",
            "v=0\nc=IN IP4 1.2.3.4\nm=audio 5000 RTP/AVP 300\n",
            "v=0\nc=IN IP4 1.2.3.4\nm=audio 5000 RTP/AVP\n",
            "v=0\nc=IN IPX 1.2.3.4\nm=audio 5000 RTP/AVP 0\n",
            "v=0\nc=IN IP4 1.2.3.4\nm=audio 5000 RTP/AVP 96\na=rtpmap:96 opus\n",
    })
    void aDescriptionTheBridgeCannotUseIsAFormatError(String sdp) {
        assertThatThrownBy(() -> Sdp.audio(bytes(sdp))).isInstanceOf(SdpFormatException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Map.of iterates in an order that changes from one JVM to the next; the writer keeps the caller's order. */
    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
