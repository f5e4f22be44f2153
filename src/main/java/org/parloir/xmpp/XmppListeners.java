package org.parloir.xmpp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parloir.core.Listener;
import org.parloir.core.ListenerSource;
import org.parloir.xmpp.net.C2sChannelInitializer;
import org.parloir.xmpp.net.ConnectionLimiter;
import org.parloir.xmpp.net.XmlLimits;
import org.parloir.xmpp.net.XmppServer;
import org.parloir.xmpp.stream.C2sConnection;
import org.parloir.xmpp.stream.C2sServices;
import org.springframework.context.SmartLifecycle;

/** The Netty listeners of client connections, started once everything else is wired and stopped first. */
final class XmppListeners implements SmartLifecycle, ListenerSource {

    private final XmppProperties props;
    private final C2sServices services;
    private final ConnectionLimiter limiter;
    private final List<Listener> bound = new CopyOnWriteArrayList<>();
    private XmppServer server;

    XmppListeners(XmppProperties props, C2sServices services, ConnectionLimiter limiter) {
        this.props = props;
        this.services = services;
        this.limiter = limiter;
    }

    @Override
    public void start() {
        if (!props.enabled()) {
            return;
        }
        server = new XmppServer(props.ioThreads());
        XmlLimits limits = new XmlLimits((int) props.limits().maxStanzaSize().toBytes(), props.limits().maxDepth());
        long rate = props.limits().bytesPerSecond().toBytes();
        long burst = props.limits().burst().toBytes();
        long ping = props.pingInterval().toMillis();
        try {
            if (props.c2sPort() > 0) {
                int port = server.listen("c2s (STARTTLS)", props.bindAddress(), props.c2sPort(),
                        new C2sChannelInitializer(limiter, null, limits, rate, burst, ping,
                                () -> new C2sConnection(services, false)));
                bound.add(new Listener("XMPP c2s", "tcp", props.bindAddress(), port,
                        props.tls().required() ? "STARTTLS required" : "STARTTLS offered, not required"));
            }
            if (props.c2sTlsPort() > 0) {
                int port = server.listen("c2s (direct TLS)", props.bindAddress(), props.c2sTlsPort(),
                        new C2sChannelInitializer(limiter, services.tls(), limits, rate, burst, ping,
                                () -> new C2sConnection(services, true)));
                bound.add(new Listener("XMPP c2s", "tls", props.bindAddress(), port, "direct TLS, XEP-0368"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("XMPP listeners interrupted", e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void stop() {
        bound.clear();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public List<Listener> listeners() {
        return List.copyOf(bound);
    }
}
