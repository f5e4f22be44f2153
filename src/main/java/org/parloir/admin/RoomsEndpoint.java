package org.parloir.admin;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.parloir.xmpp.api.ChatRoom;
import org.parloir.xmpp.api.XmppAdministration;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/rooms}: the XEP-0045 chat rooms with their occupant counts; {@code DELETE /actuator/rooms/{jid}}
 * destroys one as its owner would (§10.9: every occupant gets an unavailable presence with {@code <destroy/>}, and
 * {@code ?reason=} in it).
 */
@Component
@Endpoint(id = "rooms")
public class RoomsEndpoint {

    private final XmppAdministration xmpp;

    public RoomsEndpoint(XmppAdministration xmpp) {
        this.xmpp = xmpp;
    }

    @ReadOperation
    public List<ChatRoom> rooms() {
        return xmpp.rooms();
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> destroy(@Selector String jid, @Nullable String reason) {
        return xmpp.destroyRoom(jid, reason) ? new WebEndpointResponse<>(Map.of("jid", jid, "destroyed", true), 200)
                : AdminErrors.of(404, "no room " + jid);
    }
}
