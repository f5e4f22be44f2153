package org.parloir.sip.routing;

import java.util.List;
import org.parloir.core.UserAddress;
import org.parloir.sip.registrar.Binding;

/** Where a request goes; the proxy executes it, the planner decides it without I/O. */
public sealed interface RouteDecision {

    /** Fork to every registered contact of {@code aor} (RFC 3261 §16.5, parallel search). */
    record LocalContacts(UserAddress aor, List<Binding> bindings) implements RouteDecision {
    }

    /** A local address with no binding: 480 if the directory knows the person, else 404. */
    record NoBinding(UserAddress aor) implements RouteDecision {
    }

    /** Forward with the Request-URI unchanged, along the remaining Route set (in-dialog, loose routing). */
    record AlongRoute() implements RouteDecision {
    }

    /** The request is addressed to this server itself (e.g. an OPTIONS keep-alive). */
    record ForUs() implements RouteDecision {
    }

    record Reject(int status, String reason) implements RouteDecision {
    }
}
