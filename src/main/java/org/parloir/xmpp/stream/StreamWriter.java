package org.parloir.xmpp.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.Xml;

/** Serialises stream content for one c2s channel: stanzas in {@code jabber:client}, stream elements prefixed. */
final class StreamWriter {

    private StreamWriter() {
    }

    static String header(String id, String from, String to) {
        StringBuilder sb = new StringBuilder(256).append("<?xml version='1.0'?><stream:stream xmlns='")
                .append(Namespaces.CLIENT).append("' xmlns:stream='").append(Namespaces.STREAM).append("' id='")
                .append(id).append("' version='1.0' xml:lang='en'");
        if (from != null) {
            sb.append(" from='").append(escape(from)).append('\'');
        }
        if (to != null) {
            sb.append(" to='").append(escape(to)).append('\'');
        }
        return sb.append('>').toString();
    }

    static String serialize(Element element) {
        if (!element.namespace().equals(Namespaces.STREAM)) {
            return element.toXml(Namespaces.CLIENT);
        }
        // <stream:features>, <stream:error>: the stream prefix is declared in the header
        StringBuilder sb = new StringBuilder(256).append("<stream:").append(element.name());
        element.attributes().forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        sb.append('>');
        element.children().forEach(child -> child.writeTo(sb, Namespaces.CLIENT));
        return sb.append("</stream:").append(element.name()).append('>').toString();
    }

    static ChannelFuture write(Channel channel, String xml) {
        ByteBuf buf = ByteBufUtil.writeUtf8(channel.alloc(), xml);
        return channel.writeAndFlush(buf);
    }

    private static String escape(String value) {
        return Xml.escapeAttribute(value);
    }
}
