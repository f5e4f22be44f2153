package org.parloir.xmpp.router;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The registry of IQ handlers, keyed by (scope, element, namespace); built once from the handler beans. */
public final class IqHandlers {

    private final Map<String, IqHandler> server = new HashMap<>();
    private final Map<String, IqHandler> account = new HashMap<>();
    private final TreeSet<String> serverFeatures = new TreeSet<>();
    private final TreeSet<String> accountFeatures = new TreeSet<>();

    public IqHandlers(List<IqHandler> handlers) {
        for (IqHandler h : handlers) {
            String key = key(h.element(), h.namespace());
            if (h.scope() != IqHandler.Scope.ACCOUNT) {
                register(server, key, h);
                serverFeatures.addAll(h.features());
            }
            if (h.scope() != IqHandler.Scope.SERVER) {
                register(account, key, h);
                accountFeatures.addAll(h.features());
            }
        }
    }

    private static void register(Map<String, IqHandler> map, String key, IqHandler h) {
        IqHandler previous = map.put(key, h);
        if (previous != null) {
            throw new IllegalStateException("two IQ handlers for " + key + ": " + previous.getClass().getName()
                    + " and " + h.getClass().getName());
        }
    }

    private static String key(String element, String namespace) {
        return element + ' ' + namespace;
    }

    /** The handler for a payload addressed to the server (account == false) or to an account, or null. */
    public IqHandler find(boolean forAccount, String element, String namespace) {
        return (forAccount ? account : server).get(key(element, namespace));
    }

    public List<String> serverFeatures() {
        return List.copyOf(serverFeatures);
    }

    public List<String> accountFeatures() {
        return List.copyOf(accountFeatures);
    }
}
