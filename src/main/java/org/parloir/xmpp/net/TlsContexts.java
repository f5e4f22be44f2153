package org.parloir.xmpp.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import org.parloir.xmpp.XmppProperties;

/**
 * Builds the server TLS context from, in order: a PEM certificate chain and key, a PKCS#12 key store, or the
 * generated self-signed certificate. TLS 1.2 and 1.3 only (RFC 9325).
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SslContext server(XmppProperties.Tls tls, List<String> domains)
            throws IOException, GeneralSecurityException {
        SslContextBuilder builder;
        if (has(tls.certificate()) && has(tls.privateKey())) {
            // an empty password means an unencrypted key (the documented default is "")
            builder = SslContextBuilder.forServer(Path.of(tls.certificate()).toFile(),
                    Path.of(tls.privateKey()).toFile(), has(tls.privateKeyPassword()) ? tls.privateKeyPassword() : null);
        } else if (has(tls.keyStore())) {
            char[] password = tls.keyStorePassword() == null ? new char[0] : tls.keyStorePassword().toCharArray();
            KeyStore store = KeyStore.getInstance(tls.keyStoreType());
            try (InputStream in = Files.newInputStream(Path.of(tls.keyStore()))) {
                store.load(in, password);
            }
            builder = SslContextBuilder.forServer(keyManagers(store, password));
        } else {
            KeyStore store = SelfSignedCertificates.loadOrCreate(Path.of(tls.generatedKeyStore()), domains);
            builder = SslContextBuilder.forServer(keyManagers(store, SelfSignedCertificates.password()));
        }
        return builder.sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
    }

    private static KeyManagerFactory keyManagers(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        return kmf;
    }

    private static boolean has(String value) {
        return value != null && !value.isBlank();
    }
}
