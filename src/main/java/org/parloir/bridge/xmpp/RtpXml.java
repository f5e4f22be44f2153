package org.parloir.bridge.xmpp;

import static org.parloir.bridge.xmpp.Attributes.integer;
import static org.parloir.bridge.xmpp.Attributes.required;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parloir.bridge.jingle.RtpDescription;
import org.parloir.bridge.jingle.RtpDescription.Feedback;
import org.parloir.bridge.jingle.RtpDescription.HeaderExtension;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;
import org.parloir.bridge.jingle.RtpDescription.Source;
import org.parloir.xmpp.stanza.Element;

/** XEP-0167 descriptions with XEP-0293 feedback, XEP-0294 header extensions and XEP-0339 sources. */
final class RtpXml {

    /** More would be no phone call: a bound on what one description may make us hold. */
    private static final int MAX_ITEMS = 64;

    private RtpXml() {
    }

    static RtpDescription parse(Element d) {
        String media = required(d, "media");
        List<PayloadType> types = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        List<Feedback> feedback = new ArrayList<>();
        List<HeaderExtension> extensions = new ArrayList<>();
        boolean rtcpMux = false;
        for (Element child : d.elements()) {
            if (types.size() + sources.size() + feedback.size() + extensions.size() > MAX_ITEMS) {
                throw new JingleFormatException("more than " + MAX_ITEMS + " items in one description");
            }
            if (child.is("payload-type", JingleNs.RTP)) {
                types.add(payloadType(child));
            } else if (child.is("rtcp-mux", JingleNs.RTP)) {
                rtcpMux = true;
            } else if (child.is("source", JingleNs.SSMA)) {
                sources.add(new Source(Attributes.number(child, "ssrc", -1, 0, 0xFFFFFFFFL), parameters(child,
                        JingleNs.SSMA)));
            } else if (child.is("rtcp-fb", JingleNs.RTCP_FB)) {
                feedback.add(new Feedback(required(child, "type"), child.attribute("subtype")));
            } else if (child.is("rtp-hdrext", JingleNs.RTP_HDREXT)) {
                extensions.add(new HeaderExtension(integer(child, "id", -1, 1, 255), required(child, "uri")));
            }
        }
        return new RtpDescription(media, d.attribute("ssrc"), types, rtcpMux, sources, feedback, extensions);
    }

    private static PayloadType payloadType(Element p) {
        int id = integer(p, "id", -1, 0, 127);
        if (id < 0) {
            throw new JingleFormatException("<payload-type/> needs an 'id'");
        }
        String name = p.attribute("name");
        if (name == null) {
            // XEP-0167 §4: a static payload type may come without name; we name the ones phones use (RFC 3551)
            name = switch (id) {
                case 0 -> "PCMU";
                case 8 -> "PCMA";
                case 9 -> "G722";
                default -> throw new JingleFormatException("dynamic payload type " + id + " without a name");
            };
        }
        int clockrate = integer(p, "clockrate", 8000, 1, 1_000_000);
        List<Feedback> fb = new ArrayList<>();
        for (Element f : p.elements()) {
            if (f.is("rtcp-fb", JingleNs.RTCP_FB)) {
                fb.add(new Feedback(required(f, "type"), f.attribute("subtype")));
            }
        }
        return new PayloadType(id, name, clockrate, integer(p, "channels", 1, 1, 8), integer(p, "ptime", 0, 0, 1000),
                parameters(p, JingleNs.RTP), fb);
    }

    private static Map<String, String> parameters(Element e, String namespace) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element p : e.elements()) {
            if (p.is("parameter", namespace)) {
                params.put(required(p, "name"), p.attribute("value") == null ? "" : p.attribute("value"));
            }
        }
        return params;
    }

    static Element write(RtpDescription d) {
        Element.Builder b = Element.builder("description", JingleNs.RTP).attribute("media", d.media())
                .attribute("ssrc", d.ssrc());
        for (PayloadType p : d.payloadTypes()) {
            Element.Builder pb = Element.builder("payload-type", JingleNs.RTP).attribute("id", Integer.toString(p.id()))
                    .attribute("name", p.name()).attribute("clockrate", Integer.toString(p.clockrate()))
                    .attribute("channels", p.channels() == 1 ? null : Integer.toString(p.channels()))
                    .attribute("ptime", p.ptime() == 0 ? null : Integer.toString(p.ptime()));
            p.parameters().forEach((k, v) -> pb.child(Element.builder("parameter", JingleNs.RTP)
                    .attribute("name", k).attribute("value", v).build()));
            b.child(pb.build());
        }
        for (Source s : d.sources()) {
            Element.Builder sb = Element.builder("source", JingleNs.SSMA).attribute("ssrc", Long.toString(s.ssrc()));
            s.parameters().forEach((k, v) -> sb.child(Element.builder("parameter", JingleNs.SSMA)
                    .attribute("name", k).attribute("value", v).build()));
            b.child(sb.build());
        }
        if (d.rtcpMux()) {
            b.child(Element.of("rtcp-mux", JingleNs.RTP));
        }
        return b.build();
    }
}
