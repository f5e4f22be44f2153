package org.parloir.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust of peers Parloir connects to: the JDK's anchors, plus those of {@code parloir.tls.trust-store}. */
final class TrustManagers {

    private TrustManagers() {
    }

    static X509TrustManager jdkAnd(String trustStore, String password, String type) {
        List<X509TrustManager> managers = new ArrayList<>();
        try {
            managers.add(x509(null));
            if (TlsProperties.Credentials.has(trustStore)) {
                KeyStore store = KeyStore.getInstance(type);
                try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
                    store.load(in, password == null ? new char[0] : password.toCharArray());
                }
                managers.add(x509(store));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("parloir.tls.trust-store: cannot read " + trustStore + ": "
                    + e.getMessage(), e);
        }
        return managers.size() == 1 ? managers.get(0) : new AnyOf(managers);
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusted when one of the managers trusts the chain. */
    private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, true);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, false);
        }

        private void check(X509Certificate[] chain, String authType, boolean client) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager m : managers) {
                try {
                    if (client) {
                        m.checkClientTrusted(chain, authType);
                    } else {
                        m.checkServerTrusted(chain, authType);
                    }
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
