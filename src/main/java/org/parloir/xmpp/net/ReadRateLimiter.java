package org.parloir.xmpp.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * Token bucket on the bytes one connection sends: beyond {@code bytesPerSecond} (after a {@code burst}) reading
 * pauses until the bucket refills, so a flooding client slows down itself without costing others (the approach of
 * Prosody's c2s rate limits). One instance per connection.
 */
public final class ReadRateLimiter extends ChannelInboundHandlerAdapter {

    private final double bytesPerNano;
    private final long burst;
    private double tokens;
    private long last = System.nanoTime();
    private boolean paused;

    public ReadRateLimiter(long bytesPerSecond, long burst) {
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * bytesPerNano);
            last = now;
            tokens -= buf.readableBytes();
            if (tokens < 0 && !paused) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
                long waitNanos = (long) (-tokens / bytesPerNano);
                ctx.executor().schedule(() -> {
                    paused = false;
                    ctx.channel().config().setAutoRead(true);
                }, waitNanos, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }
}
