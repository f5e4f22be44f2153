package org.parloir.bridge.media.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BencodeTest {

    @Test
    void encodesThePingOfTheNgProtocolDocumentation() {
        assertThat(new String(Bencode.encode(Map.of("command", "ping")), StandardCharsets.US_ASCII))
                .isEqualTo("d7:command4:pinge");
    }

    @Test
    void decodesWhatItEncodes() {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("result", "ok");
        dict.put("sdp", "v=0\r\nm=audio 46000 RTP/AVP 0\r\n");
        dict.put("flags", List.of("trust-address", "dé"));
        dict.put("created", 1796242496L);
        byte[] wire = Bencode.encode(dict);
        assertThat(Bencode.decode(wire, 0)).isEqualTo(dict);
    }

    @Test
    void decodesAfterTheCookie() {
        byte[] wire = "5323_1 d6:result4:ponge".getBytes(StandardCharsets.US_ASCII);
        assertThat(Bencode.decode(wire, 7)).isEqualTo(Map.of("result", "pong"));
    }
}
