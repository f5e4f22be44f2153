package org.parloir.sip.routing;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.pstn.api.PhoneNumbers;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.registrar.Binding;
import org.parloir.sip.stack.LocalEndpoint;

/**
 * Request → {@link RouteDecision} (RFC 3261 §16.4–16.5), after the proxy has removed the Route entries that
 * designate us. Pure: bindings come through {@code bindingsOf}, an in-memory lookup, and routing policies through
 * {@code policyOf}. No open relay: an out-of-dialog request for a domain we do not serve is refused, and a number
 * is only ever a {@link RouteDecision.Pstn} decision, which the caller must be authorised for. A person's devices
 * are their SIP bindings and, through {@code jingleReachable}, their XMPP clients that take Jingle calls.
 */
public final class RoutePlanner {

    private final DomainsProperties domains;
    private final LocalEndpoint local;
    private final Function<String, List<Binding>> bindingsOf;
    private final Function<String, RoutingPolicy> policyOf;
    private final Predicate<String> jingleReachable;

    public RoutePlanner(DomainsProperties domains, LocalEndpoint local, Function<String, List<Binding>> bindingsOf,
                        Function<String, RoutingPolicy> policyOf) {
        this(domains, local, bindingsOf, policyOf, aor -> false);
    }

    /** @param jingleReachable does the person ({@code alice@example.org}) have an online Jingle client? In-memory. */
    public RoutePlanner(DomainsProperties domains, LocalEndpoint local, Function<String, List<Binding>> bindingsOf,
                        Function<String, RoutingPolicy> policyOf, Predicate<String> jingleReachable) {
        this.domains = domains;
        this.local = local;
        this.bindingsOf = bindingsOf;
        this.policyOf = policyOf;
        this.jingleReachable = jingleReachable;
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
                    : new RouteDecision.Reject(Refusal.RELAYING_DENIED);
        }
        if (requestUri instanceof TelURL tel) {
            // RFC 3966: a tel URI sent to us is a number to call
            return inDialog ? new RouteDecision.Reject(Refusal.NOT_FOUND)
                    : new RouteDecision.Pstn((tel.isGlobal() ? "+" : "") + tel.getPhoneNumber());
        }
        if (!(requestUri instanceof SipURI sip)) {
            return new RouteDecision.Reject(Refusal.UNSUPPORTED_URI_SCHEME);
        }
        String user = sip.getUser();
        boolean ourDomain = domains.isLocal(sip.getHost());
        boolean self = local.isSelf(sip);
        if (user == null && (ourDomain || self)) {
            return new RouteDecision.ForUs();
        }
        if (!inDialog && (ourDomain || self) && isNumber(sip)) {
            // a number; an extension registered under that name is reached on its devices
            if (ourDomain) {
                List<Binding> extension = bindingsOf.apply(new UserAddress(user, sip.getHost()).toString());
                if (!extension.isEmpty()) {
                    return new RouteDecision.LocalContacts(new UserAddress(user, sip.getHost()), extension);
                }
            }
            return new RouteDecision.Pstn(user);
        }
        if (ourDomain && !inDialog) {
            return toPerson(new UserAddress(user, sip.getHost()));
        }
        if (inDialog && (routedToUs || ourDomain)) {
            // loose routing: we record-routed this dialog and the Request-URI is the remote target
            return new RouteDecision.AlongRoute();
        }
        if (self) {
            // an in-dialog request for us that no dialog of ours (a B2BUA call) took: RFC 3261 §12.2.2
            return inDialog ? new RouteDecision.Reject(Refusal.NO_SUCH_CALL)
                    : new RouteDecision.Reject(Refusal.NOT_FOUND);
        }
        return new RouteDecision.Reject(Refusal.RELAYING_DENIED);
    }

    private RouteDecision toPerson(UserAddress aor) {
        List<Binding> bindings = bindingsOf.apply(aor.toString());
        RoutingPolicy.Mode mode = policyOf.apply(aor.domain()).mode();
        if (mode != RoutingPolicy.Mode.PHONE && jingleReachable.test(aor.toString())) {
            // "devices" are SIP and Jingle devices: the B2BUA rings the Jingle ones, and the SIP ones through us
            return new RouteDecision.Jingle(aor, mode == RoutingPolicy.Mode.DEVICES_THEN_PHONE, bindings);
        }
        return switch (mode) {
            case DEVICES -> bindings.isEmpty() ? new RouteDecision.NoBinding(aor)
                    : new RouteDecision.LocalContacts(aor, bindings);
            case PHONE -> new RouteDecision.Directory(aor, false);
            case DEVICES_THEN_PHONE -> bindings.isEmpty() ? new RouteDecision.Directory(aor, true)
                    : new RouteDecision.LocalContacts(aor, bindings, true);
        };
    }

    /**
     * The B2BUA's own leg to a person's SIP devices ({@link DeviceLegs}): their registered contacts only, no Jingle
     * device (the B2BUA rings those itself) and no phone fallback (the B2BUA's call has its own).
     */
    public RouteDecision sipDevices(UserAddress aor) {
        List<Binding> bindings = bindingsOf.apply(aor.toString());
        return bindings.isEmpty() ? new RouteDecision.NoBinding(aor) : new RouteDecision.LocalContacts(aor, bindings);
    }

    /** RFC 3261 §19.1.1: {@code user=phone} says so; otherwise a user part made of digits (and +) is a number. */
    private static boolean isNumber(SipURI sip) {
        return "phone".equalsIgnoreCase(sip.getUserParam()) || PhoneNumbers.looksLikeNumber(sip.getUser());
    }
}
