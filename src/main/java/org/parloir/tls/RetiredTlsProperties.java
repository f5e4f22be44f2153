package org.parloir.tls;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * The per-protocol TLS settings of earlier versions. They now live in one {@code parloir.tls} block for SIP and XMPP;
 * a site file that still sets one stops start-up with the new name, rather than running without its certificate.
 */
final class RetiredTlsProperties {

    private static final Map<String, String> RENAMED = new LinkedHashMap<>();

    static {
        for (String key : new String[] {"certificate", "private-key", "private-key-password", "key-store",
                "key-store-password", "key-store-type", "generated-key-store"}) {
            RENAMED.put("parloir.xmpp.tls." + key, "parloir.tls." + key);
        }
        for (String key : new String[] {"key-store", "key-store-password", "key-store-type", "trust-store",
                "trust-store-password", "cipher-suites"}) {
            RENAMED.put("parloir.sip.tls." + key, "parloir.tls." + key);
        }
        RENAMED.put("parloir.sip.tls.cipher-suites[0]", "parloir.tls.cipher-suites");
    }

    private RetiredTlsProperties() {
    }

    static void check(Environment env) {
        for (Map.Entry<String, String> e : RENAMED.entrySet()) {
            if (env.containsProperty(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + " is no longer read: SIP and XMPP share one TLS"
                        + " configuration, set " + e.getValue() + " instead (docs/tls.md)");
            }
        }
    }
}
