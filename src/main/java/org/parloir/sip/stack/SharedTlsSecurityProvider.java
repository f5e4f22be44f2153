package org.parloir.sip.stack;

import gov.nist.core.net.SecurityManagerProvider;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.parloir.tls.api.TlsMaterial;

/**
 * Hands the server's shared TLS credentials to the RI's TLS processor ({@code SECURITY_MANAGER_PROVIDER}, the RI's
 * extension point for key and trust managers) instead of a key store file read once: SIP then serves the same
 * certificate as XMPP, by SNI, and a renewed one without a restart. The RI instantiates this class by name, so the
 * material is registered under the stack's name before the stack is created.
 */
public final class SharedTlsSecurityProvider implements SecurityManagerProvider {

    private static final Map<String, TlsMaterial> BY_STACK = new ConcurrentHashMap<>();

    private TlsMaterial tls;

    static void register(String stackName, TlsMaterial tls) {
        BY_STACK.put(stackName, tls);
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    @Override
    public void init(Properties properties) {
        tls = BY_STACK.get(properties.getProperty("javax.sip.STACK_NAME"));
        if (tls == null) {
            throw new IllegalStateException("no TLS material registered for SIP stack "
                    + properties.getProperty("javax.sip.STACK_NAME"));
        }
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return new KeyManager[] {tls.keyManager()};
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return new TrustManager[] {tls.trustManager()};
    }
}
