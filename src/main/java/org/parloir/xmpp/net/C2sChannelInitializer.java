package org.parloir.xmpp.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.netty.channel.ChannelHandler;

/**
 * The c2s pipeline: connection count, flush batching, read rate, TLS (direct-TLS port; STARTTLS inserts it later
 * before {@link #FRAMER}), XML framing, idle detection, then the stream handler.
 */
public final class C2sChannelInitializer extends ChannelInitializer<SocketChannel> {

    public static final String LIMIT = "limit";
    public static final String FLUSH = "flush";
    public static final String RATE = "rate";
    public static final String TLS = "tls";
    public static final String FRAMER = "framer";
    public static final String IDLE = "idle";
    public static final String STREAM = "stream";

    private final ConnectionLimiter limiter;
    private final SslContext directTls;
    private final XmlLimits xmlLimits;
    private final long bytesPerSecond;
    private final long burst;
    private final long pingIntervalMillis;
    private final Supplier<ChannelHandler> streamHandler;

    /**
     * @param directTls     TLS context for a direct-TLS listener (XEP-0368), null for a STARTTLS listener
     * @param streamHandler a new stream handler per connection
     */
    public C2sChannelInitializer(ConnectionLimiter limiter, SslContext directTls, XmlLimits xmlLimits,
                                 long bytesPerSecond, long burst, long pingIntervalMillis,
                                 Supplier<ChannelHandler> streamHandler) {
        this.limiter = limiter;
        this.directTls = directTls;
        this.xmlLimits = xmlLimits;
        this.bytesPerSecond = bytesPerSecond;
        this.burst = burst;
        this.pingIntervalMillis = pingIntervalMillis;
        this.streamHandler = streamHandler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(LIMIT, limiter);
        p.addLast(FLUSH, new FlushConsolidationHandler(256, true));
        p.addLast(RATE, new ReadRateLimiter(bytesPerSecond, burst));
        if (directTls != null) {
            p.addLast(TLS, directTls.newHandler(ch.alloc()));
        }
        p.addLast(FRAMER, new XmlFramer(xmlLimits));
        p.addLast(IDLE, new IdleStateHandler(pingIntervalMillis, 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(STREAM, streamHandler.get());
    }
}
