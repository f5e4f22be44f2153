package org.parloir.xmpp.net;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.parloir.xmpp.stanza.Element;

/**
 * Incremental XMPP stream parser on Aalto's non-blocking reader: bytes in, {@link XmlFrame}s out, no thread per
 * connection. Enforces RFC 6120 §11.1 (no comments, processing instructions, DTDs or entity references other
 * than the predefined ones: {@code restricted-xml}) and the size and depth limits ({@code policy-violation}).
 * Not thread-safe: one instance per stream, replaced at each stream restart.
 */
final class XmlParser {

    private static final AsyncXMLInputFactory FACTORY = factory();

    private final XmlLimits limits;
    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = FACTORY.createAsyncForByteArray();
    private final Deque<Element.Builder> open = new ArrayDeque<>();
    private long fed;
    private long boundary;
    private boolean rootOpen;
    private boolean finished;

    XmlParser(XmlLimits limits) {
        this.limits = limits;
    }

    private static AsyncXMLInputFactory factory() {
        AsyncXMLInputFactory f = new InputFactoryImpl();
        // DTDs are reported (then refused as restricted-xml), never processed: no entity is ever expanded
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /** Whether the stream's closing tag was read (later bytes are ignored). */
    boolean finished() {
        return finished;
    }

    /**
     * Feeds {@code length} bytes of {@code data} (the array must not change afterwards) and emits every frame they
     * complete. A restart requested by {@code sink} takes effect for the next {@link #feed} on a new parser.
     */
    void feed(byte[] data, int offset, int length, Consumer<XmlFrame> sink) throws XmlFramingException {
        if (finished) {
            return;
        }
        if (!rootOpen && containsDoctype(data, offset, length)) {
            // Aalto's non-blocking reader cannot even parse an internal DTD subset; refuse it before it tries
            throw new XmlFramingException("restricted-xml", "document type declaration");
        }
        try {
            reader.getInputFeeder().feedInput(data, offset, length);
            fed += length;
            int event;
            while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                handle(event, sink);
                if (finished) {
                    return;
                }
            }
            if (fed - boundary > limits.maxStanzaBytes()) {
                throw new XmlFramingException("policy-violation",
                        "stanza larger than " + limits.maxStanzaBytes() + " bytes");
            }
        } catch (XMLStreamException e) {
            String message = firstLine(e.getMessage());
            // RFC 6120 §11.1: a DTD or a reference to an undeclared entity is restricted XML, not just malformed
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            boolean restricted = lower.contains("entity") || lower.contains("doctype") || lower.contains("dtd");
            throw new XmlFramingException(restricted ? "restricted-xml" : "not-well-formed", message);
        }
    }

    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean containsDoctype(byte[] data, int offset, int length) {
        outer:
        for (int i = offset; i <= offset + length - DOCTYPE.length; i++) {
            for (int j = 0; j < DOCTYPE.length; j++) {
                if (data[i + j] != DOCTYPE[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void handle(int event, Consumer<XmlFrame> sink) throws XMLStreamException, XmlFramingException {
        switch (event) {
            case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
            case XMLStreamConstants.START_ELEMENT -> startElement(sink);
            case XMLStreamConstants.END_ELEMENT -> endElement(sink);
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters(sink);
            case XMLStreamConstants.END_DOCUMENT -> finished = true;
            // RFC 6120 §11.1: comments, PIs, DTDs and entity references are restricted XML
            case XMLStreamConstants.COMMENT -> throw new XmlFramingException("restricted-xml", "XML comment");
            case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                    throw new XmlFramingException("restricted-xml", "processing instruction");
            case XMLStreamConstants.DTD -> throw new XmlFramingException("restricted-xml", "document type declaration");
            case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw new XmlFramingException("restricted-xml", "entity reference &" + reader.getLocalName() + ";");
            default -> throw new XmlFramingException("restricted-xml", "unexpected XML event " + event);
        }
    }

    private void checkEncoding() throws XmlFramingException {
        String encoding = reader.getCharacterEncodingScheme();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            // RFC 6120 §11.6: UTF-8 only
            throw new XmlFramingException("unsupported-encoding", "encoding " + encoding);
        }
    }

    private void startElement(Consumer<XmlFrame> sink) throws XmlFramingException {
        if (!rootOpen) {
            rootOpen = true;
            boundary = offset();
            String defaultNs = reader.getNamespaceContext().getNamespaceURI(XMLConstants.DEFAULT_NS_PREFIX);
            sink.accept(new XmlFrame.StreamOpen(nullToEmpty(reader.getNamespaceURI()), reader.getLocalName(),
                    nullToEmpty(defaultNs), attributes(new LinkedHashMap<>())));
            return;
        }
        if (open.size() >= limits.maxDepth()) {
            throw new XmlFramingException("policy-violation", "elements nested deeper than " + limits.maxDepth());
        }
        Element.Builder builder = Element.builder(reader.getLocalName(), nullToEmpty(reader.getNamespaceURI()));
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String name = attributeName(i);
            if (name != null) {
                builder.attribute(name, reader.getAttributeValue(i));
            }
        }
        open.push(builder);
    }

    private Map<String, String> attributes(Map<String, String> into) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String name = attributeName(i);
            if (name != null) {
                into.put(name, reader.getAttributeValue(i));
            }
        }
        return into;
    }

    /**
     * The attribute's name in our model: its local name, {@code xml:lang} style for the xml prefix, and null for
     * any other namespaced attribute, which is dropped (it could otherwise pose as {@code type} or {@code to}).
     */
    private String attributeName(int i) {
        String prefix = reader.getAttributePrefix(i);
        String local = reader.getAttributeLocalName(i);
        if (prefix == null || prefix.isEmpty()) {
            return local;
        }
        return "xml".equals(prefix) ? "xml:" + local : null;
    }

    private void endElement(Consumer<XmlFrame> sink) throws XmlFramingException {
        if (open.isEmpty()) {
            finished = true;
            sink.accept(new XmlFrame.StreamClose());
            return;
        }
        Element element = open.pop().build();
        if (open.isEmpty()) {
            long end = offset();
            if (end - boundary > limits.maxStanzaBytes()) {
                throw new XmlFramingException("policy-violation",
                        "stanza larger than " + limits.maxStanzaBytes() + " bytes");
            }
            boundary = end;
            sink.accept(new XmlFrame.Stanza(element));
        } else {
            open.peek().child(element);
        }
    }

    private void characters(Consumer<XmlFrame> sink) throws XmlFramingException {
        String text = reader.getText();
        if (open.isEmpty()) {
            if (!text.isBlank()) {
                throw new XmlFramingException("not-well-formed", "text outside of a stanza");
            }
            boundary = offset();
            sink.accept(new XmlFrame.KeepAlive());
            return;
        }
        open.peek().text(text);
    }

    private long offset() {
        try {
            return reader.getLocationInfo().getEndingByteOffset();
        } catch (XMLStreamException e) {
            return fed;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed XML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
