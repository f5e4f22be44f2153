package org.parloir.sip.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpPrivacyTest {

    private static final String LEAKY = """
            v=0\r
            o=0139635511 8401 8402 IN IP4 10.0.0.9\r
            s=Call to +33139635511\r
            i=Bob Martin +33 1 39 63 56 22\r
            u=http://example.org/0139635511\r
            e=bob@example.org\r
            p=+33 1 39 63 55 11\r
            c=IN IP4 10.0.0.9\r
            t=0 0\r
            m=audio 6000 RTP/AVP 0 8\r
            a=rtpmap:0 PCMU/8000\r
            """;

    @Test
    void removesWhatCanCarryTheNumberAndKeepsTheMedia() {
        String out = new String(SdpPrivacy.scrub(LEAKY.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("0139635511").doesNotContain("39635511").doesNotContain("56 22")
                .doesNotContain("bob@");
        assertThat(out).contains("v=0\r\n", "s=-\r\n", "c=IN IP4 10.0.0.9\r\n", "t=0 0\r\n",
                "m=audio 6000 RTP/AVP 0 8\r\n", "a=rtpmap:0 PCMU/8000\r\n");
        assertThat(out).containsPattern("o=- \\d+ 8402 IN IP4 10\\.0\\.0\\.9\r\n");
    }

    @Test
    void theSameSessionKeepsTheSameOrigin() {
        byte[] first = SdpPrivacy.scrub(LEAKY.getBytes(StandardCharsets.UTF_8));
        byte[] again = SdpPrivacy.scrub(LEAKY.replace("8402", "8403").getBytes(StandardCharsets.UTF_8));
        String o1 = new String(first, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("o=")).findFirst()
                .orElseThrow();
        String o2 = new String(again, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("o=")).findFirst()
                .orElseThrow();
        assertThat(o1.split(" ")[1]).isEqualTo(o2.split(" ")[1]);
        assertThat(o2.split(" ")[2]).isEqualTo("8403");
    }
}
