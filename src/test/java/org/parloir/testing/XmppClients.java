package org.parloir.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.parts.Localpart;

/**
 * Smack clients for a {@link ParloirServer}: they trust exactly the server's generated self-signed certificate
 * (read from its data folder), so TLS is verified for real, hostname included.
 */
public final class XmppClients {

    private final int c2sPort;
    private final int c2sTlsPort;
    private final X509TrustManager trust;
    private final SSLContext tls;

    public XmppClients(ParloirServer server, Path generatedKeyStore) throws Exception {
        this(server, generatedKeyStore, "parloir");
    }

    /** Clients trusting the certificate of {@code keyStore} (PKCS#12 with that password). */
    public XmppClients(ParloirServer server, Path keyStore, String password) throws Exception {
        this(server.c2sPort(), server.c2sTlsPort(), keyStore, password);
    }

    /** Clients of a server on these loopback ports (one in another process), trusting its generated certificate. */
    public XmppClients(int c2sPort, int c2sTlsPort, Path keyStore, String password) throws Exception {
        this.c2sPort = c2sPort;
        this.c2sTlsPort = c2sTlsPort;
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            source.load(in, password.toCharArray());
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        Certificate cert = source.getCertificate(source.aliases().nextElement());
        anchors.setCertificateEntry("parloir", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        this.trust = (X509TrustManager) tmf.getTrustManagers()[0];
        this.tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
    }

    public SSLContext sslContext() {
        return tls;
    }

    /** STARTTLS on the c2s port, TLS required. */
    public XMPPTCPConnectionConfiguration.Builder starttls(String domain, String user, String password)
            throws Exception {
        return XMPPTCPConnectionConfiguration.builder().setXmppDomain(domain).setHost("127.0.0.1")
                .setPort(c2sPort).setUsernameAndPassword(user, password)
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(trust)
                .setConnectTimeout(10_000).setSendPresence(true);
    }

    /** Direct TLS (XEP-0368) on the TLS port. */
    public XMPPTCPConnectionConfiguration.Builder directTls(String domain, String user, String password)
            throws Exception {
        return XMPPTCPConnectionConfiguration.builder().setXmppDomain(domain).setHost("127.0.0.1")
                .setPort(c2sTlsPort).setUsernameAndPassword(user, password)
                .setSecurityMode(SecurityMode.disabled).setSocketFactory(tls.getSocketFactory())
                .setConnectTimeout(10_000);
    }

    /** Connects and logs in. */
    public XMPPTCPConnection login(XMPPTCPConnectionConfiguration.Builder config) throws Exception {
        XMPPTCPConnection connection = new XMPPTCPConnection(config.build());
        connection.setReplyTimeout(10_000);
        connection.connect().login();
        return connection;
    }

    /** Creates an account by in-band registration (XEP-0077) over STARTTLS; the domain must allow it. */
    public void register(String domain, String name, String password) throws Exception {
        XMPPTCPConnection anonymous = new XMPPTCPConnection(starttls(domain, null, null).build());
        anonymous.connect();
        try {
            AccountManager.getInstance(anonymous).createAccount(Localpart.from(name), password);
        } finally {
            anonymous.disconnect();
        }
    }
}
