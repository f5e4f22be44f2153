package org.parloir.xmpp.ext;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.parloir.xmpp.XmppProperties;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqHandler.Scope;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * XEP-0199 ping, XEP-0092 software version, XEP-0202 entity time, XEP-0280 carbons and XEP-0215 external services.
 */
public final class BasicHandlers {

    private static final String TIME = "urn:xmpp:time";
    private static final String EXTDISCO = "urn:xmpp:extdisco:2";

    private BasicHandlers() {
    }

    public static List<IqHandler> all(String version) {
        return all(version, List.of());
    }

    /** @param external the STUN/TURN servers XEP-0215 lists ({@code parloir.xmpp.external-services}) */
    public static List<IqHandler> all(String version, List<XmppProperties.ExternalService> external) {
        Element services = services(external);
        return List.of(
                new SimpleIqHandler("ping", Namespaces.PING, Scope.BOTH, List.of(Namespaces.PING),
                        r -> Stanzas.result(r.iq(), null)),
                new SimpleIqHandler("query", Namespaces.VERSION, Scope.SERVER, List.of(Namespaces.VERSION), r -> {
                    requireGet(r.iq());
                    return Stanzas.result(r.iq(), Element.builder("query", Namespaces.VERSION)
                            .textChild("name", "Parloir").textChild("version", version).build());
                }),
                new SimpleIqHandler("time", TIME, Scope.SERVER, List.of(TIME), r -> {
                    requireGet(r.iq());
                    return Stanzas.result(r.iq(), Element.builder("time", TIME).textChild("tzo", "+00:00")
                            .textChild("utc", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))).build());
                }),
                // XEP-0215: Jingle clients ask for STUN/TURN servers before a call; the bridge's relay is ICE-lite
                // on an address they reach, so none is needed for it: the configured ones, or an empty list (§3.1)
                new SimpleIqHandler("services", EXTDISCO, Scope.SERVER, List.of(EXTDISCO), r -> {
                    requireGet(r.iq());
                    return Stanzas.result(r.iq(), services);
                }),
                carbons("enable", true), carbons("disable", false));
    }

    /** XEP-0215 §3.1: one {@code <service/>} each; TURN credentials as attributes, marked restricted. */
    static Element services(List<XmppProperties.ExternalService> external) {
        Element.Builder list = Element.builder("services", EXTDISCO);
        for (XmppProperties.ExternalService s : external) {
            Element.Builder service = Element.builder("service", EXTDISCO).attribute("type", s.type())
                    .attribute("host", s.host()).attribute("port", Integer.toString(s.port()))
                    .attribute("transport", s.transport());
            if (!s.username().isEmpty()) {
                service.attribute("restricted", "1").attribute("username", s.username())
                        .attribute("password", s.password());
            }
            list.child(service.build());
        }
        return list.build();
    }

    private static IqHandler carbons(String element, boolean enable) {
        return new SimpleIqHandler(element, Namespaces.CARBONS, Scope.BOTH, List.of(Namespaces.CARBONS), r -> {
            if (!"set".equals(r.iq().attribute("type")) || r.account() != null && !r.own()) {
                throw new StanzaException(Condition.BAD_REQUEST);
            }
            r.session().presence().carbons(enable);
            return Stanzas.result(r.iq(), null);
        });
    }

    static void requireGet(Element iq) {
        if (!"get".equals(iq.attribute("type"))) {
            throw new StanzaException(Condition.BAD_REQUEST, "only get is defined");
        }
    }
}
