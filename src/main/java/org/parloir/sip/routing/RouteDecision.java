package org.parloir.sip.routing;

import java.util.List;
import org.parloir.core.UserAddress;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.registrar.Binding;

/** Where a request goes; the proxy or the B2BUA executes it, the planner decides it without I/O. */
public sealed interface RouteDecision {

    /**
     * Fork to every registered contact of {@code aor} (RFC 3261 §16.5, parallel search); with
     * {@code phoneFallback}, a call nobody answers in time goes on to the person's directory phone number.
     */
    record LocalContacts(UserAddress aor, List<Binding> bindings, boolean phoneFallback) implements RouteDecision {

        public LocalContacts(UserAddress aor, List<Binding> bindings) {
            this(aor, bindings, false);
        }
    }

    /**
     * A person with an XMPP client that takes Jingle calls (issue 11): the B2BUA answers the caller and the bridge
     * rings the person's Jingle devices; {@code bindings} are the person's registered SIP devices, which the B2BUA
     * rings at the same time through our own proxy (first answer wins), and which requests other than calls go to
     * as to {@link LocalContacts}. With {@code phoneFallback} (devices-then-phone), a call none of them answers goes
     * on to the person's directory number.
     */
    record Jingle(UserAddress aor, boolean phoneFallback, List<Binding> bindings) implements RouteDecision {

        public Jingle {
            bindings = List.copyOf(bindings);
        }

        public Jingle(UserAddress aor, boolean phoneFallback) {
            this(aor, phoneFallback, List.of());
        }

        /** The person has registered SIP devices too. */
        public boolean sipDevices() {
            return !bindings.isEmpty();
        }
    }

    /** A local address with no binding: 480 if the directory knows the person, else 404. */
    record NoBinding(UserAddress aor) implements RouteDecision {
    }

    /**
     * SIP.edu: look {@code aor} up in the directory and call its telephone number through the PSTN gateway.
     * {@code fallback}: this is the second choice after the devices, so a person without a usable number, or a
     * server without a gateway, gives what {@link NoBinding} would (480/404) rather than an error.
     */
    record Directory(UserAddress aor, boolean fallback) implements RouteDecision {
    }

    /**
     * Nomadic ToIP: a number dialled by one of our users ({@code sip:0139635511@domain}, {@code ;user=phone},
     * {@code tel:}), as dialled; the caller must authenticate and be authorised by the AAA server.
     */
    record Pstn(String dialled) implements RouteDecision {
    }

    /** Forward with the Request-URI unchanged, along the remaining Route set (in-dialog, loose routing). */
    record AlongRoute() implements RouteDecision {
    }

    /** The request is addressed to this server itself (e.g. an OPTIONS keep-alive). */
    record ForUs() implements RouteDecision {
    }

    /** Refused before anything else happens (no open relay, an unknown scheme, no such dialog...). */
    record Reject(Refusal refusal) implements RouteDecision {
    }
}
