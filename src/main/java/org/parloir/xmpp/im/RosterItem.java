package org.parloir.xmpp.im;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the server keeps about one contact of a user: the roster item of RFC 6121 §2.1 and the subscription state of
 * §3 and Appendix A.
 *
 * @param contact         the contact's bare JID, normalised (lower case) by the caller
 * @param name            the user's name for the contact, or null
 * @param subscription    who receives whose presence
 * @param pendingOut      the user asked to subscribe to the contact's presence and has no answer yet:
 *                        {@code ask='subscribe'} (§2.1.2.2)
 * @param pendingIn       the contact asked to subscribe to the user's presence and the user has not answered; the
 *                        server redelivers that subscribe when the user next becomes available (§3.1.3)
 * @param pendingInStatus the {@code <status/>} text of that subscribe, or null; always null unless pendingIn
 * @param preApproved     the user approved the contact's subscription before it was asked for (§3.4)
 * @param inRoster        the item is part of the roster the user sees (roster results and pushes); false for a state
 *                        the server keeps without an item, e.g. "None + Pending In" from a stranger or a pre-approval
 * @param groups          the group names (§2.1.2.4) in the user's order: none empty, none repeated
 */
public record RosterItem(String contact, String name, Subscription subscription, boolean pendingOut,
                         boolean pendingIn, String pendingInStatus, boolean preApproved, boolean inRoster,
                         List<String> groups) {

    /** Longest name and group name stored, in chars: RFC 6121 §2.1.2.4 asks servers to take at least 1023 bytes. */
    public static final int MAX_NAME_LENGTH = 1023;

    public RosterItem {
        if (contact == null || contact.isBlank()) {
            throw new IllegalArgumentException("a roster item needs a contact JID");
        }
        Objects.requireNonNull(subscription, "subscription");
        checkLength("name", name);
        pendingInStatus = pendingIn ? pendingInStatus : null;
        groups = groups == null ? List.of() : List.copyOf(groups);
        var seen = new HashSet<String>();
        for (String group : groups) {
            checkLength("group", group);
            if (group.isEmpty() || !seen.add(group)) {
                throw new IllegalArgumentException("empty or repeated group '" + group + "' (RFC 6121 §2.3.3)");
            }
        }
    }

    /** An item whose pending subscribe, if any, came without a status text. */
    public RosterItem(String contact, String name, Subscription subscription, boolean pendingOut, boolean pendingIn,
                      boolean preApproved, boolean inRoster, List<String> groups) {
        this(contact, name, subscription, pendingOut, pendingIn, null, preApproved, inRoster, groups);
    }

    /** No subscription, nothing pending, no visible item: where every contact starts. */
    public static RosterItem none(String contact) {
        return new RosterItem(contact, null, Subscription.NONE, false, false, null, false, false, List.of());
    }

    private static void checkLength(String what, String value) {
        if (value != null && value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** The same item as the user set it in a roster set (§2.3): visible, with this name and these groups. */
    public RosterItem withItem(String newName, List<String> newGroups) {
        return new RosterItem(contact, newName, subscription, pendingOut, pendingIn, pendingInStatus, preApproved,
                true, newGroups);
    }

    public RosterItem withSubscription(Subscription newSubscription) {
        return new RosterItem(contact, name, newSubscription, pendingOut, pendingIn, pendingInStatus, preApproved,
                inRoster, groups);
    }

    public RosterItem withPendingOut(boolean newPendingOut) {
        return new RosterItem(contact, name, subscription, newPendingOut, pendingIn, pendingInStatus, preApproved,
                inRoster, groups);
    }

    /** Sets or clears the pending inbound request; status is the text of the subscribe, or null. */
    public RosterItem withPendingIn(boolean newPendingIn, String status) {
        return new RosterItem(contact, name, subscription, pendingOut, newPendingIn, status, preApproved, inRoster,
                groups);
    }

    public RosterItem withPreApproved(boolean newPreApproved) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, pendingInStatus, newPreApproved,
                inRoster, groups);
    }
}
