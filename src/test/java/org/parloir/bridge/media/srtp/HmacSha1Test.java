package org.parloir.bridge.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 2202 §3 test cases 1, 2 and 6 (a key longer than the block), twice each on one instance. */
class HmacSha1Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc2202TestCases() {
        assertThat(mac(HEX.parseHex("0b".repeat(20)), "Hi There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
        assertThat(mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assertThat(mac(HEX.parseHex("aa".repeat(80)),
                "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("aa4ae5e15272d00e95705637ce8a3b55ed402112");
    }

    private static String mac(byte[] key, byte[] data) {
        HmacSha1 h = new HmacSha1(key);
        byte[] first = new byte[HmacSha1.LENGTH];
        h.update(data, 0, data.length);
        h.doFinal(first, 0);
        byte[] second = new byte[HmacSha1.LENGTH + 3];
        h.update(data, 0, 1);
        h.update(data, 1, data.length - 1);
        h.doFinal(second, 3);
        assertThat(java.util.Arrays.copyOfRange(second, 3, second.length)).as("a second message").isEqualTo(first);
        return HEX.formatHex(first);
    }
}
