package org.parloir.sip.routing;

import java.util.List;
import java.util.function.Function;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.sip.registrar.Binding;
import org.parloir.sip.stack.LocalEndpoint;

/**
 * Request → {@link RouteDecision} (RFC 3261 §16.4–16.5), after the proxy has removed the Route entries that
 * designate us. Pure: bindings come through {@code bindingsOf}, an in-memory lookup. No open relay: an
 * out-of-dialog request for a domain we do not serve is refused.
 */
public final class RoutePlanner {

    private final DomainsProperties domains;
    private final LocalEndpoint local;
    private final Function<String, List<Binding>> bindingsOf;

    public RoutePlanner(DomainsProperties domains, LocalEndpoint local, Function<String, List<Binding>> bindingsOf) {
        this.domains = domains;
        this.local = local;
        this.bindingsOf = bindingsOf;
    }

    /**
     * @param requestUri   Request-URI
     * @param hasRoute     a Route header remains after ours were removed
     * @param inDialog     the request carries a To tag
     * @param routedToUs   we removed at least one Route entry of ours (a record-routed dialog or outbound proxy)
     */
    public RouteDecision plan(URI requestUri, boolean hasRoute, boolean inDialog, boolean routedToUs) {
        if (hasRoute) {
            // a route set beyond us: only dialogs we are part of may use it, or we would relay anything anywhere
            return inDialog ? new RouteDecision.AlongRoute()
                    : new RouteDecision.Reject(403, "Relaying denied");
        }
        if (!(requestUri instanceof SipURI sip)) {
            return new RouteDecision.Reject(416, "Unsupported URI Scheme");
        }
        String user = sip.getUser();
        boolean ourDomain = domains.isLocal(sip.getHost());
        if (user == null && (ourDomain || local.isSelf(sip))) {
            return new RouteDecision.ForUs();
        }
        if (ourDomain && !inDialog) {
            UserAddress aor = new UserAddress(user, sip.getHost());
            List<Binding> bindings = bindingsOf.apply(aor.toString());
            return bindings.isEmpty() ? new RouteDecision.NoBinding(aor)
                    : new RouteDecision.LocalContacts(aor, bindings);
        }
        if (inDialog && (routedToUs || ourDomain)) {
            // loose routing: we record-routed this dialog and the Request-URI is the remote target
            return new RouteDecision.AlongRoute();
        }
        if (local.isSelf(sip)) {
            return new RouteDecision.Reject(404, "Not Found");
        }
        return new RouteDecision.Reject(403, "Relaying denied");
    }
}
