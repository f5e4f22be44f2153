package org.parloir.xmpp.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First stage of every c2s pipeline: counts open connections and keeps the {@link UnauthenticatedConnections}
 * registry up to date. A connection that makes room for a newer one gets an {@link Evicted} event, which the
 * stream handler answers with a policy-violation stream error (RFC 6120 §4.9.3.14) so the client learns why; if
 * the channel is still open a moment later (a TLS handshake holds the error back) it is closed without one.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    /** How long an evicted connection may take to write its stream error before it is closed anyway. */
    static final long EVICTION_GRACE_MILLIS = 1000;

    private static final AttributeKey<UnauthenticatedConnections> REGISTRY =
            AttributeKey.valueOf("parloir.unauthenticated");
    private static final AttributeKey<Boolean> AUTHENTICATED = AttributeKey.valueOf("parloir.authenticated");

    /** User event: this connection is closed to make room (see {@link UnauthenticatedConnections}). */
    public record Evicted(String reason) {
    }

    private final UnauthenticatedConnections unauthenticated;
    private final AtomicInteger total = new AtomicInteger();

    public ConnectionLimiter(UnauthenticatedConnections unauthenticated) {
        this.unauthenticated = unauthenticated;
    }

    /** Open connections, all addresses together. */
    public int openConnections() {
        return total.get();
    }

    public UnauthenticatedConnections unauthenticated() {
        return unauthenticated;
    }

    /**
     * SASL succeeded on {@code channel} (its event loop): it no longer counts against the caps. The stream
     * handler's one call into this stage.
     */
    public static void authenticated(Channel channel) {
        channel.attr(AUTHENTICATED).set(Boolean.TRUE);
        UnauthenticatedConnections registry = channel.attr(REGISTRY).get();
        if (registry != null) {
            registry.remove(channel);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        total.incrementAndGet();
        Channel channel = ctx.channel();
        channel.attr(REGISTRY).set(unauthenticated);
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
        for (UnauthenticatedConnections.Eviction eviction : unauthenticated.admit(channel, address)) {
            evict(eviction);
        }
        super.channelActive(ctx);
    }

    private static void evict(UnauthenticatedConnections.Eviction eviction) {
        Channel old = eviction.channel();
        // on the old connection's own event loop, in order with its SASL answers: one that authenticated before
        // the event ran keeps its stream (the stream handler ignores the event once authenticated)
        old.eventLoop().execute(() -> old.pipeline().fireUserEventTriggered(new Evicted(eviction.cap().text())));
        old.eventLoop().schedule(() -> {
            if (old.attr(AUTHENTICATED).get() == null) {
                old.close();
            }
        }, EVICTION_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        total.decrementAndGet();
        unauthenticated.remove(ctx.channel());
        super.channelInactive(ctx);
    }
}
