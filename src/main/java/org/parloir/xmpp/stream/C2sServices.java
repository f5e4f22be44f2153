package org.parloir.xmpp.stream;

import io.netty.handler.ssl.SslContext;
import java.util.concurrent.ConcurrentHashMap;
import org.parloir.core.DomainsProperties;
import org.parloir.xmpp.XmppProperties;
import org.parloir.xmpp.router.PreAuthIq;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.router.StanzaRouter;
import org.parloir.xmpp.sasl.AuthThrottle;
import org.parloir.xmpp.sasl.SaslMechanisms;

/**
 * What every c2s connection shares: settings, TLS, SASL, the session registry and the router, and the sessions
 * waiting to be resumed (XEP-0198) by their stream-management id.
 */
public record C2sServices(XmppProperties props, DomainsProperties domains, SslContext tls, SaslMechanisms sasl,
                          AuthThrottle throttle, SessionRegistry registry, StanzaRouter router, PreAuthIq preAuth,
                          ConcurrentHashMap<String, Object> resumable,
                          com.github.benmanes.caffeine.cache.Cache<java.net.InetAddress,
                                  java.util.concurrent.atomic.AtomicInteger> registrations) {

    public C2sServices(XmppProperties props, DomainsProperties domains, SslContext tls, SaslMechanisms sasl,
                       AuthThrottle throttle, SessionRegistry registry, StanzaRouter router, PreAuthIq preAuth) {
        this(props, domains, tls, sasl, throttle, registry, router, preAuth, new ConcurrentHashMap<>(),
                com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000)
                        .expireAfterWrite(java.time.Duration.ofMinutes(1))
                        .<java.net.InetAddress, java.util.concurrent.atomic.AtomicInteger>build());
    }

    /** Counts one account creation attempt from {@code address}; false when over the per-minute limit. */
    public boolean mayRegister(java.net.InetAddress address) {
        if (address == null) {
            return true;
        }
        int count = registrations.get(address, a -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        return count <= props.registration().perAddressPerMinute();
    }
}
