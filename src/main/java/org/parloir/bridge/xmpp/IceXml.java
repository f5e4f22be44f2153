package org.parloir.bridge.xmpp;

import static org.parloir.bridge.xmpp.Attributes.integer;
import static org.parloir.bridge.xmpp.Attributes.required;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.parloir.bridge.jingle.IceUdpTransport;
import org.parloir.bridge.jingle.IceUdpTransport.Candidate;
import org.parloir.bridge.jingle.IceUdpTransport.Fingerprint;
import org.parloir.xmpp.stanza.Element;

/** XEP-0176 ICE-UDP transports and their XEP-0320 fingerprints. */
final class IceXml {

    private static final int MAX_CANDIDATES = 32;
    private static final Set<String> SETUP = Set.of("actpass", "active", "passive");

    private IceXml() {
    }

    static IceUdpTransport parse(Element t) {
        List<Candidate> candidates = new ArrayList<>();
        Fingerprint fingerprint = null;
        for (Element child : t.elements()) {
            if (child.is("candidate", JingleNs.ICE_UDP)) {
                if (candidates.size() == MAX_CANDIDATES) {
                    throw new JingleFormatException("more than " + MAX_CANDIDATES + " candidates");
                }
                candidates.add(candidate(child));
            } else if (child.is("fingerprint", JingleNs.DTLS)) {
                String setup = child.attribute("setup");
                if (setup != null && !SETUP.contains(setup)) {
                    throw new JingleFormatException("setup must be actpass, active or passive: " + setup);
                }
                String value = child.text() == null ? "" : child.text().strip();
                if (value.isEmpty()) {
                    throw new JingleFormatException("an empty fingerprint");
                }
                fingerprint = new Fingerprint(required(child, "hash").toLowerCase(Locale.ROOT), setup, value);
            }
        }
        return new IceUdpTransport(t.attribute("ufrag"), t.attribute("pwd"), candidates, fingerprint);
    }

    private static Candidate candidate(Element c) {
        if (c.attribute("component") == null || c.attribute("port") == null || c.attribute("priority") == null) {
            throw new JingleFormatException("a <candidate/> needs component, port and priority");
        }
        return new Candidate(integer(c, "component", -1, 1, 256), required(c, "foundation"),
                integer(c, "generation", 0, 0, Integer.MAX_VALUE), c.attribute("id"), required(c, "ip"),
                integer(c, "port", -1, 0, 65535), Attributes.number(c, "priority", -1, 0, 0xFFFFFFFFL),
                required(c, "protocol").toLowerCase(Locale.ROOT), c.attribute("type") == null ? "host"
                : c.attribute("type"), c.attribute("rel-addr"), integer(c, "rel-port", 0, 0, 65535));
    }

    static Element write(IceUdpTransport t) {
        Element.Builder b = Element.builder("transport", JingleNs.ICE_UDP).attribute("ufrag", t.ufrag())
                .attribute("pwd", t.pwd());
        if (t.fingerprint() != null) {
            b.child(Element.builder("fingerprint", JingleNs.DTLS).attribute("hash", t.fingerprint().hash())
                    .attribute("setup", t.fingerprint().setup()).text(t.fingerprint().value()).build());
        }
        for (Candidate c : t.candidates()) {
            b.child(Element.builder("candidate", JingleNs.ICE_UDP)
                    .attribute("component", Integer.toString(c.component())).attribute("foundation", c.foundation())
                    .attribute("generation", Integer.toString(c.generation())).attribute("id", c.id())
                    .attribute("ip", c.ip()).attribute("port", Integer.toString(c.port()))
                    .attribute("priority", Long.toString(c.priority())).attribute("protocol", c.protocol())
                    .attribute("type", c.type()).attribute("rel-addr", c.relAddr())
                    .attribute("rel-port", c.relAddr() == null ? null : Integer.toString(c.relPort())).build());
        }
        return b.build();
    }
}
