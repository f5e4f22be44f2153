package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parloir.xmpp.im.SubscriptionRules.Inbound;
import org.parloir.xmpp.im.SubscriptionRules.Outbound;
import org.parloir.xmpp.im.SubscriptionRules.Request;

/**
 * The subscription state machine of RFC 6121 Appendix A, one row per (state, stanza). A state is written
 * {@code subscription[+out][+in][+pre]}: pending out (ask='subscribe'), pending in, pre-approved.
 */
class SubscriptionRulesTest {

    private static final String CONTACT = "juliet@example.org";

    /** A.2: the user sends a subscription stanza. */
    @ParameterizedTest(name = "{0} + outbound {1} -> {2}, routed {3}")
    @CsvSource({
            // A.2.1 subscribe: always routed (the contact's server answers at once if already approved)
            "none, SUBSCRIBE, none+out, true, false, false",
            "none+out, SUBSCRIBE, none+out, true, false, false",
            "none+in, SUBSCRIBE, none+out+in, true, false, false",
            "none+out+in, SUBSCRIBE, none+out+in, true, false, false",
            "to, SUBSCRIBE, to, true, false, false",
            "to+in, SUBSCRIBE, to+in, true, false, false",
            "from, SUBSCRIBE, from+out, true, false, false",
            "from+out, SUBSCRIBE, from+out, true, false, false",
            "both, SUBSCRIBE, both, true, false, false",
            // A.2.2 subscribed: approves a pending request, else pre-approves (§3.4) without routing
            "none, SUBSCRIBED, none+pre, false, false, false",
            "none+out, SUBSCRIBED, none+out+pre, false, false, false",
            "none+in, SUBSCRIBED, from, true, true, false",
            "none+out+in, SUBSCRIBED, from+out, true, true, false",
            "to, SUBSCRIBED, to+pre, false, false, false",
            "to+in, SUBSCRIBED, both, true, true, false",
            "from, SUBSCRIBED, from, false, false, false",
            "from+out, SUBSCRIBED, from+out, false, false, false",
            "both, SUBSCRIBED, both, false, false, false",
            // A.2.3 unsubscribe: always routed
            "none, UNSUBSCRIBE, none, true, false, false",
            "none+out, UNSUBSCRIBE, none, true, false, false",
            "none+in, UNSUBSCRIBE, none+in, true, false, false",
            "none+out+in, UNSUBSCRIBE, none+in, true, false, false",
            "to, UNSUBSCRIBE, none, true, false, false",
            "to+in, UNSUBSCRIBE, none+in, true, false, false",
            "from, UNSUBSCRIBE, from, true, false, false",
            "from+out, UNSUBSCRIBE, from, true, false, false",
            "both, UNSUBSCRIBE, from, true, false, false",
            // A.2.4 unsubscribed: routed only when it cancels something; the contact loses the user's presence
            "none, UNSUBSCRIBED, none, false, false, false",
            "none+out, UNSUBSCRIBED, none+out, false, false, false",
            "none+in, UNSUBSCRIBED, none, true, false, false",
            "none+out+in, UNSUBSCRIBED, none+out, true, false, false",
            "none+pre, UNSUBSCRIBED, none, true, false, false",
            "to, UNSUBSCRIBED, to, false, false, false",
            "to+in, UNSUBSCRIBED, to, true, false, false",
            "from, UNSUBSCRIBED, none, true, false, true",
            "from+out, UNSUBSCRIBED, none+out, true, false, true",
            "both, UNSUBSCRIBED, to, true, false, true",
    })
    void outbound(String state, Request request, String next, boolean route, boolean sendPresence,
                  boolean sendUnavailable) {
        Outbound outcome = SubscriptionRules.outbound(item(state), request);

        assertThat(state(outcome.next())).isEqualTo(next);
        assertThat(outcome.route()).as("routed").isEqualTo(route);
        assertThat(outcome.sendPresence()).as("current presence sent").isEqualTo(sendPresence);
        assertThat(outcome.sendUnavailable()).as("unavailable sent").isEqualTo(sendUnavailable);
    }

    /** A.3: a subscription stanza arrives for the user (the item is the user's, for the sender). */
    @ParameterizedTest(name = "{0} + inbound {1} -> {2}, delivered {3}, answered {4}")
    @CsvSource({
            // A.3.1 subscribe: answered at once when approved (or pre-approved), else kept and delivered
            "none, SUBSCRIBE, none+in, true, ",
            "none+out, SUBSCRIBE, none+out+in, true, ",
            "none+in, SUBSCRIBE, none+in, true, ",
            "to, SUBSCRIBE, to+in, true, ",
            "to+in, SUBSCRIBE, to+in, true, ",
            "from, SUBSCRIBE, from, false, SUBSCRIBED",
            "from+out, SUBSCRIBE, from+out, false, SUBSCRIBED",
            "both, SUBSCRIBE, both, false, SUBSCRIBED",
            "none+pre, SUBSCRIBE, from, false, SUBSCRIBED",
            "to+pre, SUBSCRIBE, both, false, SUBSCRIBED",
            // A.3.2 subscribed: only an answer to a request the user made counts
            "none, SUBSCRIBED, none, false, ",
            "none+out, SUBSCRIBED, to, true, ",
            "none+out+in, SUBSCRIBED, to+in, true, ",
            "none+in, SUBSCRIBED, none+in, false, ",
            "to, SUBSCRIBED, to, false, ",
            "from+out, SUBSCRIBED, both, true, ",
            "both, SUBSCRIBED, both, false, ",
            // A.3.3 unsubscribe: the sender stops receiving the user's presence
            "none, UNSUBSCRIBE, none, false, ",
            "none+in, UNSUBSCRIBE, none, true, ",
            "none+out+in, UNSUBSCRIBE, none+out, true, ",
            "to+in, UNSUBSCRIBE, to, true, ",
            "from, UNSUBSCRIBE, none, true, ",
            "from+out, UNSUBSCRIBE, none+out, true, ",
            "both, UNSUBSCRIBE, to, true, ",
            // A.3.4 unsubscribed: the user stops receiving the sender's presence
            "none, UNSUBSCRIBED, none, false, ",
            "none+out, UNSUBSCRIBED, none, true, ",
            "none+out+in, UNSUBSCRIBED, none+in, true, ",
            "to, UNSUBSCRIBED, none, true, ",
            "to+in, UNSUBSCRIBED, none+in, true, ",
            "from, UNSUBSCRIBED, from, false, ",
            "from+out, UNSUBSCRIBED, from, true, ",
            "both, UNSUBSCRIBED, from, true, ",
    })
    void inbound(String state, Request request, String next, boolean deliver, Request autoReply) {
        Inbound outcome = SubscriptionRules.inbound(item(state), request, null);

        assertThat(state(outcome.next())).isEqualTo(next);
        assertThat(outcome.deliver()).as("delivered to the user").isEqualTo(deliver);
        assertThat(outcome.autoReply()).as("answered by the server").isEqualTo(autoReply);
        boolean lostFrom = item(state).subscription().hasFrom() && !outcome.next().subscription().hasFrom();
        boolean lostTo = item(state).subscription().hasTo() && !outcome.next().subscription().hasTo();
        assertThat(outcome.sendUnavailable()).as("the sender gets unavailable").isEqualTo(lostFrom);
        assertThat(outcome.revokeSenderPresence()).as("the user sees the sender go").isEqualTo(
                request == Request.UNSUBSCRIBED && (lostTo || item(state).pendingOut()));
        assertThat(outcome.sendPresence()).as("the sender gets the user's presence")
                .isEqualTo(item(state).preApproved() && request == Request.SUBSCRIBE);
    }

    private static RosterItem item(String state) {
        String[] parts = state.split("\\+");
        List<String> flags = List.of(parts).subList(1, parts.length);
        RosterItem item = RosterItem.none(CONTACT).withSubscription(Subscription.fromWire(parts[0]))
                .withPendingOut(flags.contains("out")).withPendingIn(flags.contains("in"), null)
                .withPreApproved(flags.contains("pre"));
        return parts[0].equals("none") && flags.isEmpty() ? item : item.withItem(null, List.of());
    }

    private static String state(RosterItem item) {
        List<String> parts = new ArrayList<>(List.of(item.subscription().wireValue()));
        if (item.pendingOut()) {
            parts.add("out");
        }
        if (item.pendingIn()) {
            parts.add("in");
        }
        if (item.preApproved()) {
            parts.add("pre");
        }
        return String.join("+", parts);
    }
}
