package org.parloir.xmpp.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import javax.net.ssl.SSLException;
import org.parloir.tls.api.TlsMaterial;

/**
 * The server TLS context of the XMPP listeners, on the server's shared key manager (its certificate by SNI, renewed
 * without a restart). TLS 1.2 and 1.3 only (RFC 9325).
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SslContext server(TlsMaterial tls) throws SSLException {
        return SslContextBuilder.forServer(tls.keyManager()).sslProvider(SslProvider.JDK)
                .protocols(tls.protocols())
                .ciphers(tls.cipherSuites(), SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }
}
