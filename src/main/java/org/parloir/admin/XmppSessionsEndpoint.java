package org.parloir.admin;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.parloir.xmpp.api.XmppAdministration;
import org.parloir.xmpp.api.XmppSession;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/xmpp-sessions}: the bound XMPP resources (id {@code xmppsessions}, mapped to that path in
 * application.yml: a dash in an endpoint id is deprecated). {@code DELETE /actuator/xmpp-sessions/alice@example.org/phone}
 * ends that resource, {@code DELETE /actuator/xmpp-sessions/alice@example.org} every resource of the account, with a
 * {@code policy-violation} stream error saying an administrator ended it ({@code ?reason=} is added to its text).
 */
@Component
@Endpoint(id = "xmppsessions")
public class XmppSessionsEndpoint {

    private final XmppAdministration xmpp;

    public XmppSessionsEndpoint(XmppAdministration xmpp) {
        this.xmpp = xmpp;
    }

    @ReadOperation
    public List<XmppSession> sessions() {
        return xmpp.sessions();
    }

    /** The JID's segments: a resource may hold '/' (RFC 7622 §3.4), which the path splits. */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> kick(@Selector(match = Selector.Match.ALL_REMAINING) String[] jid,
                                                         @Nullable String reason) {
        String target = String.join("/", jid);
        int ended = xmpp.kick(target, reason);
        return ended > 0 ? new WebEndpointResponse<>(Map.of("jid", target, "ended", ended), 200)
                : AdminErrors.of(404, "no session of " + target);
    }
}
