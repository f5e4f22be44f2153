package org.parloir.xmpp.ext;

import java.util.Optional;
import org.parloir.xmpp.im.VCardStore;
import org.parloir.xmpp.net.XmlParsing;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;

/** XEP-0054 vcard-temp: anyone may read an account's vCard, only its owner may set it. */
public final class VCardHandler implements IqHandler {

    private final VCardStore store;

    public VCardHandler(VCardStore store) {
        this.store = store;
    }

    @Override
    public String element() {
        return "vCard";
    }

    @Override
    public String namespace() {
        return Namespaces.VCARD;
    }

    @Override
    public Scope scope() {
        return Scope.ACCOUNT;
    }

    @Override
    public Element handle(IqRequest request) {
        String owner = request.account().toString();
        if ("get".equals(request.iq().attribute("type"))) {
            Optional<String> stored = store.get(owner);
            if (stored.isEmpty()) {
                // XEP-0054 §3.1: no vCard is item-not-found
                throw new StanzaException(Condition.ITEM_NOT_FOUND);
            }
            return Stanzas.result(request.iq(), XmlParsing.parse(stored.get(), Namespaces.CLIENT));
        }
        if (!request.own()) {
            throw new StanzaException(Condition.FORBIDDEN, "only the owner sets a vCard");
        }
        String xml = request.payload().toXml();
        if (xml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > store.maxBytes()) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "vCard larger than " + store.maxBytes() + " bytes");
        }
        store.put(owner, xml);
        return Stanzas.result(request.iq(), null);
    }
}
