package org.parloir.sip.stack;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.parloir.tls.api.TlsMaterial;

/**
 * The RI's socket factory ({@code gov.nist.javax.sip.NETWORK_LAYER}, its extension point for sockets) with TLS
 * sockets made from the server's shared TLS material instead of a key store file read once: SIP then serves the
 * certificate XMPP serves, chosen by SNI, and a renewed one without a restart; outgoing TLS checks the peer's chain
 * against the shared trust. Plain sockets are the RI's own. The RI instantiates this class by name, so the material is
 * registered under the stack's name before the stack is created.
 */
public final class SharedTlsNetworkLayer implements NetworkLayer {

    private static final Map<String, TlsMaterial> BY_STACK = new ConcurrentHashMap<>();

    private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
    private SSLContext tls;
    private TlsMaterial material;

    static void register(String stackName, TlsMaterial material) {
        BY_STACK.put(stackName, material);
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        TlsMaterial material = BY_STACK.get(stack.getStackName());
        if (material == null) {
            throw new IllegalStateException("no TLS material registered for SIP stack " + stack.getStackName());
        }
        this.material = material;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(new KeyManager[] {material.keyManager()}, new TrustManager[] {material.trustManager()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SIP TLS context: " + e.getMessage(), e);
        }
    }

    /** The server side of TLS over an accepted connection (no client certificate asked of phones). */
    SSLSocket serverSide(Socket accepted) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(accepted,
                accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setNeedClientAuth(false);
        ssl.setEnabledProtocols(material.protocols().toArray(String[]::new));
        ssl.setEnabledCipherSuites(material.cipherSuites().toArray(String[]::new));
        return ssl;
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return (SSLSocket) tls.getSocketFactory().createSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return (SSLSocket) tls.getSocketFactory().createSocket(address, port, localAddress, 0);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return plain.createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return plain.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return plain.createSocket(address, port, localAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return plain.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return plain.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        return plain.createDatagramSocket(port, laddr);
    }
}
