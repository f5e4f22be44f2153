package org.parloir.xmpp.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty stage that turns bytes into {@link XmlFrame}s with an {@link XmlParser}. A framing error is passed up as
 * an exception event carrying an {@link XmlFramingException}; the stream handler answers it with a stream error.
 * {@link #restart()} (RFC 6120 §4.3.3: after TLS and SASL) starts a new parser for the bytes that follow.
 */
public final class XmlFramer extends ChannelInboundHandlerAdapter {

    private final XmlLimits limits;
    private XmlParser parser;
    private boolean failed;

    public XmlFramer(XmlLimits limits) {
        this.limits = limits;
        this.parser = new XmlParser(limits);
    }

    /** Discards the current parser; call on the channel's event loop. */
    public void restart() {
        parser = new XmlParser(limits);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed || !buf.isReadable()) {
                return;
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            XmlParser current = parser;
            current.feed(bytes, 0, bytes.length, frame -> {
                if (parser == current) {
                    ctx.fireChannelRead(frame);
                }
            });
        } catch (XmlFramingException e) {
            failed = true;
            ctx.fireExceptionCaught(e);
        } finally {
            ReferenceCountUtil.release(buf);
        }
    }
}
