package org.parloir.xmpp.muc;

/**
 * A room's configuration (XEP-0045 §10.2, the {@code muc#roomconfig} form of §15.5.3).
 *
 * @param name              natural-language name ({@code muc#roomconfig_roomname}), "" for none
 * @param description       short description ({@code _roomdesc})
 * @param persistent        the room outlives its last occupant ({@code _persistentroom}; in memory only)
 * @param listed            public: listed in the service's disco#items ({@code _publicroom})
 * @param membersOnly       only members and above may enter ({@code _membersonly})
 * @param moderated         only participants and above may speak ({@code _moderatedroom})
 * @param whois             who sees occupants' real JIDs ({@code _whois})
 * @param passwordProtected a password is needed to enter ({@code _passwordprotectedroom})
 * @param secret            that password ({@code _roomsecret})
 * @param maxUsers          most occupants, 0 for no room limit ({@code _maxusers}; the service's own cap holds)
 * @param changeSubject     participants may change the subject ({@code _changesubject})
 * @param allowInvites      occupants may invite others, members-only rooms included ({@code _allowinvites})
 * @param allowPm           who may send private messages ({@code _allowpm})
 */
record RoomConfig(String name, String description, boolean persistent, boolean listed, boolean membersOnly,
                  boolean moderated, Whois whois, boolean passwordProtected, String secret, int maxUsers,
                  boolean changeSubject, boolean allowInvites, AllowPm allowPm) {

    /** Who may discover occupants' real JIDs (XEP-0045 §10.2: semi-anonymous or non-anonymous). */
    enum Whois { MODERATORS, ANYONE }

    /** Who may send private messages (XEP-0045 §7.5). */
    enum AllowPm { ANYONE, PARTICIPANTS, MODERATORS, NONE }

    /** A new room: public, temporary, open, unmoderated, semi-anonymous, no password. */
    static RoomConfig defaults() {
        return new RoomConfig("", "", false, true, false, false, Whois.MODERATORS, false, "", 0, false, false,
                AllowPm.ANYONE);
    }

    boolean nonAnonymous() {
        return whois == Whois.ANYONE;
    }

    /** Whether {@code sender} may send a private message in this room. */
    boolean allowsPrivateMessageFrom(Role sender) {
        return switch (allowPm) {
            case ANYONE -> true;
            case PARTICIPANTS -> sender.atLeast(Role.PARTICIPANT);
            case MODERATORS -> sender == Role.MODERATOR;
            case NONE -> false;
        };
    }
}
