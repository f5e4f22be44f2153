package org.parloir.xmpp.ext;

import java.util.List;
import java.util.Optional;
import org.parloir.xmpp.im.PrivateXmlStore;
import org.parloir.xmpp.net.XmlParsing;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * XEP-0049 private XML storage (what XEP-0048 bookmarks live in): a user stores and reads elements of its own
 * namespaces; nobody else may.
 */
public final class PrivateXmlHandler implements IqHandler {

    public static final String NAMESPACE = "jabber:iq:private";

    private final PrivateXmlStore store;

    public PrivateXmlHandler(PrivateXmlStore store) {
        this.store = store;
    }

    @Override
    public String element() {
        return "query";
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Scope scope() {
        return Scope.ACCOUNT;
    }

    /** XEP-0049 defines no service discovery feature. */
    @Override
    public List<String> features() {
        return List.of();
    }

    @Override
    public Element handle(IqRequest request) {
        if (!request.own()) {
            // XEP-0049 §3: only one's own private data
            throw new StanzaException(Condition.FORBIDDEN, "private data is private");
        }
        List<Element> children = request.payload().elements();
        if (children.size() != 1) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "one element, please");
        }
        Element data = children.get(0);
        if (data.namespace().startsWith("jabber:") || data.namespace().isEmpty()) {
            // XEP-0049 §4: the jabber: namespaces are reserved
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "reserved namespace");
        }
        String owner = request.account().toString();
        if ("get".equals(request.iq().attribute("type"))) {
            Optional<String> stored = store.get(owner, data.name(), data.namespace());
            Element answer = stored.map(xml -> XmlParsing.parse(xml, NAMESPACE)).orElse(data);
            return Stanzas.result(request.iq(), Element.builder("query", NAMESPACE).child(answer).build());
        }
        String xml = data.toXml();
        if (xml.length() > store.maxBytes()) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "larger than " + store.maxBytes() + " bytes");
        }
        store.put(owner, data.name(), data.namespace(), xml);
        return Stanzas.result(request.iq(), null);
    }
}
