package org.parloir.xmpp.im;

import java.util.Optional;

/**
 * The presence subscription state machine of RFC 6121 §3 and Appendix A as pure functions: given a roster item and
 * a subscription stanza, the next item and what the server must do about it. {@link Subscriptions} carries the
 * answers out (roster writes, pushes, routing, presence); nothing here does I/O.
 */
final class SubscriptionRules {

    private SubscriptionRules() {
    }

    /** The four subscription stanza types (RFC 6121 §3). */
    enum Request {
        SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED;

        /** The request a presence {@code type} stands for, or empty (available, unavailable, probe, error). */
        static Optional<Request> of(String type) {
            if (type == null) {
                return Optional.empty();
            }
            return switch (type) {
                case "subscribe" -> Optional.of(SUBSCRIBE);
                case "subscribed" -> Optional.of(SUBSCRIBED);
                case "unsubscribe" -> Optional.of(UNSUBSCRIBE);
                case "unsubscribed" -> Optional.of(UNSUBSCRIBED);
                default -> Optional.empty();
            };
        }

        String wireValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What the user's server does with a subscription stanza the user sent.
     *
     * @param next            the user's item for the contact afterwards
     * @param push            the item changed in a way the user's interested resources are told of (§2.1.6)
     * @param route           the stanza goes on to the contact
     * @param sendPresence    the contact now receives the user's presence: send the current one (§3.1.5)
     * @param sendUnavailable the contact no longer receives it: send unavailable from each resource (§3.2.2)
     */
    record Outbound(RosterItem next, boolean push, boolean route, boolean sendPresence, boolean sendUnavailable) {
    }

    /**
     * What the contact's server does with a subscription stanza that arrives for the contact.
     *
     * @param next                 the contact's item for the sender afterwards
     * @param write                the item is stored
     * @param push                 the contact's interested resources get a roster push of it
     * @param deliver              the stanza goes to the contact's available resources
     * @param autoReply            the server answers the sender on the contact's behalf, or null
     * @param sendPresence         the sender now receives the contact's presence: send the current one
     * @param sendUnavailable      the sender no longer receives it: unavailable from each of the contact's resources
     * @param revokeSenderPresence the contact no longer receives the sender's presence: unavailable to its resources
     */
    record Inbound(RosterItem next, boolean write, boolean push, boolean deliver, Request autoReply,
                   boolean sendPresence, boolean sendUnavailable, boolean revokeSenderPresence) {

        static Inbound nothing(RosterItem item) {
            return new Inbound(item, false, false, false, null, false, false, false);
        }
    }

    /** RFC 6121 §3.1.2, §3.2.2, §3.3.2, §3.4 (pre-approval) and A.2. */
    static Outbound outbound(RosterItem item, Request request) {
        Subscription s = item.subscription();
        return switch (request) {
            case SUBSCRIBE -> changed(item, s.hasTo() ? item
                    : item.withPendingOut(true).withItem(item.name(), item.groups()), true, false, false);
            case SUBSCRIBED -> {
                if (s.hasFrom()) {
                    yield changed(item, item, false, false, false);
                }
                if (item.pendingIn()) {
                    yield changed(item, item.withSubscription(s.withFrom(true)).withPendingIn(false, null)
                            .withItem(item.name(), item.groups()), true, true, false);
                }
                // §3.4: a pre-approval, not routed; the item shows it (approved='true')
                yield changed(item, item.withPreApproved(true).withItem(item.name(), item.groups()), false, false,
                        false);
            }
            case UNSUBSCRIBE -> changed(item, item.withSubscription(s.withTo(false)).withPendingOut(false), true,
                    false, false);
            case UNSUBSCRIBED -> {
                boolean route = s.hasFrom() || item.pendingIn() || item.preApproved();
                yield changed(item, item.withSubscription(s.withFrom(false)).withPendingIn(false, null)
                        .withPreApproved(false), route, false, route && s.hasFrom());
            }
        };
    }

    private static Outbound changed(RosterItem item, RosterItem next, boolean route, boolean sendPresence,
                                    boolean sendUnavailable) {
        boolean push = !next.equals(item) && (next.inRoster() || item.inRoster());
        return new Outbound(next, push, route, sendPresence, sendUnavailable);
    }

    /**
     * RFC 6121 §3.1.3, §3.1.6, §3.2.3, §3.3.3 and A.3, for an existing, not blocking contact.
     *
     * @param status the {@code <status/>} text of a subscribe, kept for redelivery, or null
     */
    static Inbound inbound(RosterItem item, Request request, String status) {
        Subscription s = item.subscription();
        return switch (request) {
            case SUBSCRIBE -> {
                if (s.hasFrom()) {
                    yield new Inbound(item, false, false, false, Request.SUBSCRIBED, false, false, false);
                }
                if (item.preApproved()) {
                    RosterItem next = item.withSubscription(s.withFrom(true)).withPreApproved(false)
                            .withItem(item.name(), item.groups());
                    yield new Inbound(next, true, true, false, Request.SUBSCRIBED, true, false, false);
                }
                // a stranger's request is kept without a visible item; delivered again at each login
                RosterItem next = item.pendingIn() ? item : item.withPendingIn(true, status);
                yield new Inbound(next, !item.pendingIn(), false, true, null, false, false, false);
            }
            case SUBSCRIBED -> item.pendingOut()
                    ? new Inbound(item.withSubscription(s.withTo(true)).withPendingOut(false), true, true, true, null,
                    false, false, false)
                    : Inbound.nothing(item);
            case UNSUBSCRIBE -> {
                if (!s.hasFrom() && !item.pendingIn()) {
                    yield Inbound.nothing(item);
                }
                RosterItem next = item.withSubscription(s.withFrom(false)).withPendingIn(false, null);
                yield new Inbound(next, true, next.inRoster(), true, null, false, s.hasFrom(), false);
            }
            case UNSUBSCRIBED -> {
                if (!s.hasTo() && !item.pendingOut()) {
                    yield Inbound.nothing(item);
                }
                RosterItem next = item.withSubscription(s.withTo(false)).withPendingOut(false);
                yield new Inbound(next, true, next.inRoster(), true, null, false, false, true);
            }
        };
    }
}
