package org.parloir.bridge.xmpp;

import static org.parloir.bridge.xmpp.Attributes.required;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.Jingle.Content;
import org.parloir.bridge.jingle.Jingle.Group;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.bridge.jingle.JingleAction;
import org.parloir.xmpp.stanza.Element;

/** The {@code <jingle/>} element (XEP-0166 §7) to and from {@link Jingle}. */
final class JingleXml {

    private static final int MAX_CONTENTS = 4;
    private static final Set<String> CREATORS = Set.of("initiator", "responder");
    private static final Set<String> SENDERS = Set.of("both", "initiator", "responder", "none");
    /** XEP-0167 §7: the informational payloads of session-info. */
    private static final Set<String> INFO = Set.of("active", "hold", "unhold", "mute", "unmute", "ringing");

    private JingleXml() {
    }

    static Jingle parse(Element j) {
        if (!j.is("jingle", JingleNs.JINGLE)) {
            throw new JingleFormatException("not a urn:xmpp:jingle:1 element");
        }
        JingleAction action = JingleAction.of(required(j, "action"))
                .orElseThrow(() -> new JingleFormatException("unknown action " + j.attribute("action")));
        String sid = required(j, "sid");
        List<Content> contents = new ArrayList<>();
        Group group = null;
        Reason reason = null;
        String info = null;
        for (Element child : j.elements()) {
            if (child.is("content", JingleNs.JINGLE)) {
                if (contents.size() == MAX_CONTENTS) {
                    throw new JingleFormatException("more than " + MAX_CONTENTS + " contents");
                }
                contents.add(content(child));
            } else if (child.is("group", JingleNs.GROUPING)) {
                List<String> names = new ArrayList<>();
                for (Element c : child.elements()) {
                    if (c.is("content", JingleNs.GROUPING)) {
                        names.add(required(c, "name"));
                    }
                }
                group = new Group(required(child, "semantics"), names);
            } else if (child.is("reason", JingleNs.JINGLE)) {
                reason = reason(child);
            } else if (JingleNs.RTP_INFO.equals(child.namespace()) && INFO.contains(child.name())) {
                info = child.name();
            }
        }
        return new Jingle(action, sid, j.attribute("initiator"), j.attribute("responder"), contents, group, reason,
                info);
    }

    private static Content content(Element c) {
        String creator = c.attribute("creator") == null ? "initiator" : c.attribute("creator");
        String senders = c.attribute("senders") == null ? "both" : c.attribute("senders");
        if (!CREATORS.contains(creator) || !SENDERS.contains(senders)) {
            throw new JingleFormatException("content creator/senders: " + creator + "/" + senders);
        }
        Element description = c.child("description", JingleNs.RTP);
        Element transport = c.child("transport", JingleNs.ICE_UDP);
        return new Content(creator, required(c, "name"), senders,
                description == null ? null : RtpXml.parse(description),
                transport == null ? null : IceXml.parse(transport));
    }

    private static Reason reason(Element r) {
        String condition = null;
        String text = null;
        for (Element e : r.elements()) {
            if (!JingleNs.JINGLE.equals(e.namespace())) {
                continue;
            }
            if (e.name().equals("text")) {
                text = e.text();
            } else if (condition == null) {
                condition = e.name();
            }
        }
        if (condition == null) {
            throw new JingleFormatException("a <reason/> without condition");
        }
        return new Reason(condition, text);
    }

    static Element write(Jingle j) {
        Element.Builder b = Element.builder("jingle", JingleNs.JINGLE).attribute("action", j.action().wireValue())
                .attribute("sid", j.sid()).attribute("initiator", j.initiator())
                .attribute("responder", j.responder());
        if (j.group() != null) {
            Element.Builder g = Element.builder("group", JingleNs.GROUPING).attribute("semantics",
                    j.group().semantics());
            j.group().contents().forEach(n -> g.child(Element.builder("content", JingleNs.GROUPING)
                    .attribute("name", n).build()));
            b.child(g.build());
        }
        for (Content c : j.contents()) {
            b.child(Element.builder("content", JingleNs.JINGLE).attribute("creator", c.creator())
                    .attribute("name", c.name()).attribute("senders", "both".equals(c.senders()) ? null : c.senders())
                    .child(c.description() == null ? null : RtpXml.write(c.description()))
                    .child(c.transport() == null ? null : IceXml.write(c.transport())).build());
        }
        if (j.reason() != null) {
            b.child(Element.builder("reason", JingleNs.JINGLE).child(Element.of(j.reason().condition(),
                    JingleNs.JINGLE)).child(j.reason().text() == null ? null : Element.builder("text",
                    JingleNs.JINGLE).text(j.reason().text()).build()).build());
        }
        if (j.info() != null) {
            b.child(Element.of(j.info(), JingleNs.RTP_INFO));
        }
        return b.build();
    }
}
