package org.parloir.xmpp.ext;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqHandler.Scope;
import org.parloir.xmpp.router.IqHandlers;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * XEP-0030 service discovery for the server (identity server/im) and for accounts (account/registered), with the
 * features of every registered handler; the server's items are its services (XEP-0030 §4.1, XEP-0045 §6.1).
 */
public final class DiscoHandlers {

    private DiscoHandlers() {
    }

    /**
     * {@code registry} is looked up lazily: the registry is built from these handlers too. {@code serverItems}
     * gives the addresses of the services of a served domain.
     */
    public static List<IqHandler> all(Supplier<IqHandlers> registry, List<String> serverExtras,
                                      Function<String, List<String>> serverItems, DiscoNodes nodes) {
        return List.of(
                new SimpleIqHandler("query", Namespaces.DISCO_INFO, Scope.BOTH, List.of(Namespaces.DISCO_INFO),
                        r -> info(r, registry.get(), serverExtras, nodes)),
                new SimpleIqHandler("query", Namespaces.DISCO_ITEMS, Scope.BOTH, List.of(Namespaces.DISCO_ITEMS),
                        r -> items(r, serverItems, nodes)));
    }

    private static Element items(IqRequest r, Function<String, List<String>> serverItems, DiscoNodes nodes) {
        BasicHandlers.requireGet(r.iq());
        String node = r.payload().attribute("node");
        Element.Builder query = Element.builder("query", Namespaces.DISCO_ITEMS).attribute("node", node);
        if (r.account() == null && node == null) {
            for (String service : serverItems.apply(r.domain().toString())) {
                query.child(Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", service).build());
            }
        } else if (r.account() == null) {
            // a node we do not have has no items (as before nodes existed here)
            List<Element> items = nodes.items(r, node);
            (items == null ? List.<Element>of() : items).forEach(query::child);
        }
        return Stanzas.result(r.iq(), query.build());
    }

    /** A node's children; XEP-0030 §3.2: a node the entity does not have is item-not-found. */
    private static List<Element> nodeChildren(List<Element> children) {
        if (children == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND);
        }
        return children;
    }

    private static Element info(IqRequest r, IqHandlers registry, List<String> serverExtras, DiscoNodes nodes) {
        BasicHandlers.requireGet(r.iq());
        String node = r.payload().attribute("node");
        if (node != null) {
            Element.Builder query = Element.builder("query", Namespaces.DISCO_INFO).attribute("node", node);
            nodeChildren(r.account() == null ? nodes.info(r, node) : null).forEach(query::child);
            return Stanzas.result(r.iq(), query.build());
        }
        Element.Builder query = Element.builder("query", Namespaces.DISCO_INFO);
        List<String> features;
        if (r.account() == null) {
            query.child(Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", "server")
                    .attribute("type", "im").attribute("name", "Parloir").build());
            features = new java.util.ArrayList<>(registry.serverFeatures());
            features.addAll(serverExtras);
        } else {
            query.child(Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", "account")
                    .attribute("type", "registered").build());
            features = registry.accountFeatures();
        }
        new java.util.TreeSet<>(features).forEach(f -> query.child(Element.builder("feature", Namespaces.DISCO_INFO)
                .attribute("var", f).build()));
        return Stanzas.result(r.iq(), query.build());
    }
}
