package org.parloir.xmpp.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open connections per client address. A connection over the limit is marked ({@link #OVER_LIMIT}); the
 * stream handler then answers its stream header with a policy-violation stream error and closes it, so the client
 * learns why (RFC 6120 §4.9.3.14).
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    public static final AttributeKey<Boolean> OVER_LIMIT = AttributeKey.valueOf("parloir.overLimit");

    private final int perAddress;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public ConnectionLimiter(int perAddress) {
        this.perAddress = perAddress;
    }

    /** Open connections, all addresses together. */
    public int openConnections() {
        return total.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        total.incrementAndGet();
        InetAddress address = address(ctx);
        if (address != null) {
            int count = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            if (count > perAddress) {
                ctx.channel().attr(OVER_LIMIT).set(Boolean.TRUE);
            }
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        total.decrementAndGet();
        InetAddress address = address(ctx);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        super.channelInactive(ctx);
    }

    private static InetAddress address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
