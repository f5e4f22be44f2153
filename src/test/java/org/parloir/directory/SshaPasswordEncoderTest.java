package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The embedded directory's {@code {SSHA}} check. Concurrent binds verify passwords at the same time: UnboundID's own
 * encoder shares one MessageDigest and now and then refused a right password (issue 9); this one must never.
 */
class SshaPasswordEncoderTest {

    private static final ReadOnlyEntry ENTRY = new ReadOnlyEntry("uid=x,dc=example,dc=org",
            new com.unboundid.ldap.sdk.Attribute("uid", "x"));

    private final InMemoryPasswordEncoder encoder = new SshaPasswordEncoder();

    private boolean matches(String clear, String stored) throws Exception {
        return encoder.clearPasswordMatchesEncodedPassword(new ASN1OctetString(clear), new ASN1OctetString(stored),
                ENTRY);
    }

    @Test
    void theValuesWeWriteAndTheSeedsVerify() throws Exception {
        String written = SshaPassword.hash("zed-secret", new SecureRandom());
        assertThat(matches("zed-secret", written)).isTrue();
        assertThat(matches("zed-secreT", written)).isFalse();
        // alice's {SSHA} value in the seed directory (config/ldap/directory.ldif)
        assertThat(matches("alice-secret", "{SSHA}4CmqJLcyltJFv9PLomCdGusqtOAN8gapr6K/AQ==")).isTrue();
    }

    @Test
    void aValueEncodedByTheServerVerifies() throws Exception {
        ASN1OctetString encoded = encoder.encodePassword(new ASN1OctetString("p@ss"), ENTRY, List.of());
        assertThat(encoded.stringValue()).startsWith("{SSHA}");
        assertThat(matches("p@ss", encoded.stringValue())).isTrue();
    }

    @Test
    void aTruncatedValueMatchesNothing() throws Exception {
        assertThat(matches("", "{SSHA}AAAA")).isFalse();
    }

    @Test
    void concurrentChecksNeverRefuseTheRightPassword() throws Exception {
        List<String> stored = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 16; i++) {
            stored.add(SshaPassword.hash("secret-" + i, random));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                tasks.add(() -> {
                    int refused = 0;
                    for (int i = 0; i < 20_000; i++) {
                        int user = (i + offset) % stored.size();
                        if (!matches("secret-" + user, stored.get(user))) {
                            refused++;
                        }
                    }
                    return refused;
                });
            }
            int refused = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                refused += f.get();
            }
            assertThat(refused).as("right passwords refused in 160,000 concurrent checks").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
