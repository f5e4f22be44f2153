package org.parloir.xmpp.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

class XmlFramerTest {

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0' xml:lang='fr'>";
    private static final String STANZAS = "<message to='bob@example.org' type='chat' id='1'>"
            + "<body>caf\u00e9 &amp; &lt;cr\u00e8me&gt; \ud83d\ude00</body><x:thread xmlns:x='jabber:client'>t1</x:thread></message>"
            + "  <iq type='get' id='2'><query xmlns='jabber:iq:roster' ver=''/></iq>"
            + "<presence><![CDATA[<not markup>]]></presence></stream:stream>";

    /** Records frames and framing errors, like the stream handler would see them. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            events.add(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            events.add(cause);
        }
    }

    private static List<Object> frame(XmlLimits limits, byte[]... chunks) {
        Sink sink = new Sink();
        EmbeddedChannel channel = new EmbeddedChannel(new XmlFramer(limits), sink);
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        channel.finishAndReleaseAll();
        return sink.events;
    }

    private static List<Object> frame(String xml) {
        return frame(new XmlLimits(256 * 1024, 32), xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesHeaderStanzasAndClose() {
        List<Object> events = frame(HEADER + STANZAS);
        assertThat(events.get(0)).isInstanceOfSatisfying(XmlFrame.StreamOpen.class, open -> {
            assertThat(open.namespace()).isEqualTo(Namespaces.STREAM);
            assertThat(open.defaultNamespace()).isEqualTo(Namespaces.CLIENT);
            assertThat(open.attributes()).containsEntry("to", "example.org").containsEntry("xml:lang", "fr");
        });
        List<Element> stanzas = events.stream().filter(e -> e instanceof XmlFrame.Stanza)
                .map(e -> ((XmlFrame.Stanza) e).element()).toList();
        assertThat(stanzas).hasSize(3);
        Element message = stanzas.get(0);
        assertThat(message.namespace()).isEqualTo(Namespaces.CLIENT);
        assertThat(message.childText("body", Namespaces.CLIENT)).isEqualTo("caf\u00e9 & <cr\u00e8me> \ud83d\ude00");
        assertThat(message.childText("thread", Namespaces.CLIENT)).isEqualTo("t1");
        assertThat(stanzas.get(1).child("query", Namespaces.ROSTER).attribute("ver")).isEmpty();
        assertThat(stanzas.get(2).text()).isEqualTo("<not markup>");
        assertThat(events).anyMatch(e -> e instanceof XmlFrame.KeepAlive);
        assertThat(events.get(events.size() - 1)).isInstanceOf(XmlFrame.StreamClose.class);
        // what we serialise parses back to the same element
        assertThat(frame(HEADER + message.toXml(Namespaces.CLIENT)).get(1)).isEqualTo(new XmlFrame.Stanza(message));
    }

    @Property(tries = 200)
    void anySplitGivesTheSameFrames(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 400) Integer> cuts) {
        byte[] all = (HEADER + STANZAS).getBytes(StandardCharsets.UTF_8);
        List<Integer> points = new ArrayList<>(cuts.stream().map(c -> c % (all.length + 1)).sorted().distinct().toList());
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int p : points) {
            chunks.add(java.util.Arrays.copyOfRange(all, from, Math.max(from, p)));
            from = Math.max(from, p);
        }
        chunks.add(java.util.Arrays.copyOfRange(all, from, all.length));
        List<Object> whole = frame(HEADER + STANZAS).stream().filter(e -> !(e instanceof XmlFrame.KeepAlive)).toList();
        List<Object> split = frame(new XmlLimits(256 * 1024, 32), chunks.toArray(byte[][]::new)).stream()
                .filter(e -> !(e instanceof XmlFrame.KeepAlive)).toList();
        assertThat(split).isEqualTo(whole);
    }

    @Test
    void restrictedXmlIsRefused() {
        assertThat(condition(HEADER + "<!-- hi --><message/>")).isEqualTo("restricted-xml");
        assertThat(condition(HEADER + "<?php echo 1 ?><message/>")).isEqualTo("restricted-xml");
        assertThat(condition("<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]>"
                + HEADER.substring(21) + "<message><body>&lol2;</body></message>")).isEqualTo("restricted-xml");
        assertThat(condition(HEADER + "<message><body>&unknown;</body></message>")).isIn("restricted-xml", "not-well-formed");
    }

    @Test
    void malformedOversizeAndDeepStreamsAreRefused() {
        assertThat(condition(HEADER + "<message><body></message>")).isEqualTo("not-well-formed");
        assertThat(condition(HEADER + "<x:message/>")).isEqualTo("not-well-formed");
        assertThat(condition(HEADER + "text at stream level")).isEqualTo("not-well-formed");
        String big = HEADER + "<message><body>" + "a".repeat(300 * 1024) + "</body></message>";
        assertThat(condition(big)).isEqualTo("policy-violation");
        assertThat(condition(HEADER + "<a>".repeat(40) + "</a>".repeat(40))).isEqualTo("policy-violation");
        assertThat(condition("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER.substring(21)))
                .isEqualTo("unsupported-encoding");
    }

    @Test
    void restartStartsANewStream() {
        Sink sink = new Sink();
        XmlFramer framer = new XmlFramer(new XmlLimits(1024, 8));
        EmbeddedChannel channel = new EmbeddedChannel(framer, sink);
        channel.writeInbound(Unpooled.wrappedBuffer((HEADER + "<auth/>").getBytes(StandardCharsets.UTF_8)));
        framer.restart();
        channel.writeInbound(Unpooled.wrappedBuffer((HEADER + "<iq type='set' id='b'/>").getBytes(StandardCharsets.UTF_8)));
        assertThat(sink.events).hasSize(4).allMatch(e -> e instanceof XmlFrame);
        assertThat(sink.events.get(2)).isInstanceOf(XmlFrame.StreamOpen.class);
        channel.finishAndReleaseAll();
    }

    private static String condition(String xml) {
        return frame(xml).stream().filter(e -> e instanceof XmlFramingException)
                .map(e -> ((XmlFramingException) e).condition()).findFirst().orElse("none");
    }
}
