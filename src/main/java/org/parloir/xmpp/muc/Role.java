package org.parloir.xmpp.muc;

import java.util.Locale;

/** An occupant's temporary position in a room, for one visit (XEP-0045 §5.1), highest first. */
enum Role {
    MODERATOR, PARTICIPANT, VISITOR, NONE;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The role named on the wire, or null. */
    static Role parse(String value) {
        for (Role r : values()) {
            if (r.wire().equals(value)) {
                return r;
            }
        }
        return null;
    }

    /** XEP-0045 §5.1.2: the role a user gets on entering, from its affiliation. */
    static Role initial(Affiliation affiliation, boolean moderated) {
        return switch (affiliation) {
            case OWNER, ADMIN -> MODERATOR;
            case MEMBER -> PARTICIPANT;
            case NONE -> moderated ? VISITOR : PARTICIPANT;
            case OUTCAST -> NONE;
        };
    }
}
