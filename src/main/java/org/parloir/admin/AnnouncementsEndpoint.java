package org.parloir.admin;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.parloir.xmpp.api.XmppAdministration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * {@code POST /actuator/announcements} with {@code {"domain": "example.org", "subject": "...", "body": "..."}}: a
 * headline message from the domain to every user of it online now (XEP-0133 §4.23); the answer says how many
 * resources got it.
 */
@Component
@Endpoint(id = "announcements")
public class AnnouncementsEndpoint {

    private final XmppAdministration xmpp;

    public AnnouncementsEndpoint(XmppAdministration xmpp) {
        this.xmpp = xmpp;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> announce(String domain, @Nullable String subject, String body) {
        try {
            return new WebEndpointResponse<>(Map.of("domain", domain, "delivered",
                    xmpp.announce(domain, subject, body)), 200);
        } catch (IllegalArgumentException e) {
            return AdminErrors.of(400, e.getMessage());
        }
    }
}
