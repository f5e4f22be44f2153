package org.parloir.xmpp.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/**
 * The per-message work of the XMPP side outside Netty's I/O: framing a chat message out of bytes (Aalto async
 * parser, element tree) and serialising the routed stanza back to text, as the chat load does for every message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class XmppHotPathBenchmark {

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0'>";
    private static final String MESSAGE = "<message to='user2@example.org' type='chat' id='m-123456'>"
            + "<body>1732400000000 0123456789 the quick brown fox jumps over the lazy dog</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>";

    private byte[] header;
    private byte[][] messages;
    private Element parsed;
    private int next;

    @Setup
    public void setUp() {
        header = HEADER.getBytes(StandardCharsets.UTF_8);
        // a parser keeps the array it was fed: give each frame its own copy, reused round-robin
        messages = new byte[1024][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = MESSAGE.getBytes(StandardCharsets.UTF_8);
        }
        parsed = XmlParsing.parse(MESSAGE, Namespaces.CLIENT);
    }

    /** 100 messages through one stream's parser (the per-connection state is reused, as on a live stream). */
    @Benchmark
    public int frame100Messages() throws XmlFramingException {
        XmlParser parser = new XmlParser(new XmlLimits(256 * 1024, 32));
        List<XmlFrame> out = new ArrayList<>(101);
        parser.feed(header, 0, header.length, out::add);
        for (int i = 0; i < 100; i++) {
            byte[] m = messages[next++ & 1023];
            parser.feed(m, 0, m.length, out::add);
        }
        return out.size();
    }

    /** Stamping 'from' and serialising the stanza for the recipient's connection. */
    @Benchmark
    public String stampAndSerialize() {
        return parsed.withAttribute("from", "user1@example.org/load").toXml(Namespaces.CLIENT);
    }
}
