package org.parloir.bridge.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 8122 §5 syntax (and XEP-0320's hash/text split), computed against known SHA digests of "abc". */
class FingerprintTest {

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void computesTheHashAsUpperCaseColonSeparatedPairs() {
        // FIPS 180-2 "abc" vectors
        assertThat(Fingerprint.of("sha-256", ABC).format()).isEqualTo("sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:"
                + "5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD");
        assertThat(Fingerprint.of("SHA-1", ABC).hex()).isEqualTo("A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:"
                + "9C:D0:D8:9D");
        assertThat(Fingerprint.of("sha-512", ABC).hex()).startsWith("DD:AF:35:A1").hasSize(64 * 3 - 1);
        assertThat(Fingerprint.of("sha-384", ABC).hex()).startsWith("CB:00:75:3F").hasSize(48 * 3 - 1);
    }

    @Test
    void parsesTheSdpFormCaseInsensitivelyAndMatchesOnlyTheSameBytes() {
        Fingerprint parsed = Fingerprint.parse("  SHA-1 a9:99:3e:36:47:06:81:6a:ba:3e:25:71:78:50:c2:6c:9c:d0:d8:9d ");
        assertThat(parsed).isEqualTo(Fingerprint.of("sha-1", ABC));
        assertThat(parsed.matches(ABC)).isTrue();
        assertThat(parsed.matches("abd".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Fingerprint.parse(parsed.format())).isEqualTo(parsed);
    }

    @Test
    void refusesUnknownHashesWrongLengthsAndBadSyntax() {
        String sha1 = "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D";
        assertThatThrownBy(() -> new Fingerprint("md5", "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C"))
                .hasMessageContaining("unsupported");
        assertThatThrownBy(() -> new Fingerprint("sha-256", sha1)).hasMessageContaining("32");
        assertThatThrownBy(() -> new Fingerprint("sha-1", sha1.replace(':', '-'))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fingerprint("sha-1", sha1 + ":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.parse(sha1)).hasMessageContaining("hash-func");
    }
}
