package org.parloir.xmpp.muc;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.parloir.xmpp.stanza.DataForm;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;

/** The room configuration form (XEP-0045 §10.2, fields of the muc#roomconfig registry §15.5.3) and its answers. */
final class RoomConfigForm {

    static final String FORM_TYPE = "http://jabber.org/protocol/muc#roomconfig";
    private static final String P = "muc#roomconfig_";
    private static final List<String> MAX_USERS = List.of("10", "20", "30", "50", "100", "none");

    private RoomConfigForm() {
    }

    /** The form an owner fills in, showing the current values (XEP-0045 §10.1.3 example). */
    static Element form(String room, RoomConfig c) {
        return DataForm.form("form", FORM_TYPE)
                .child(Element.builder("title", org.parloir.xmpp.stanza.Namespaces.DATA_FORMS)
                        .text("Configuration for " + room).build())
                .child(DataForm.field(P + "roomname", "text-single", "Natural-Language Room Name", c.name()))
                .child(DataForm.field(P + "roomdesc", "text-single", "Short Description of Room", c.description()))
                .child(DataForm.bool(P + "persistentroom", "Make Room Persistent?", c.persistent()))
                .child(DataForm.bool(P + "publicroom", "Make Room Publicly Searchable?", c.listed()))
                .child(DataForm.bool(P + "membersonly", "Make Room Members-Only?", c.membersOnly()))
                .child(DataForm.bool(P + "moderatedroom", "Make Room Moderated?", c.moderated()))
                .child(DataForm.listSingle(P + "whois", "Who May Discover Real JIDs?", lower(c.whois()),
                        List.of("moderators", "anyone")))
                .child(DataForm.bool(P + "passwordprotectedroom", "Password Required to Enter?",
                        c.passwordProtected()))
                .child(DataForm.field(P + "roomsecret", "text-private", "Password", c.secret()))
                .child(DataForm.listSingle(P + "maxusers", "Maximum Number of Occupants",
                        c.maxUsers() == 0 ? "none" : Integer.toString(c.maxUsers()), MAX_USERS))
                .child(DataForm.bool(P + "changesubject", "Allow Occupants to Change Subject?", c.changeSubject()))
                .child(DataForm.bool(P + "allowinvites", "Allow Occupants to Invite Others?", c.allowInvites()))
                .child(DataForm.listSingle(P + "allowpm", "Who May Send Private Messages?", lower(c.allowPm()),
                        List.of("anyone", "participants", "moderators", "none")))
                .build();
    }

    /**
     * {@code current} with the answers of a submitted form applied; fields left out keep their value, unknown
     * fields are ignored (XEP-0004 §3.2). An invalid value is not acceptable (XEP-0045 §10.2).
     */
    static RoomConfig apply(RoomConfig current, Map<String, List<String>> answers, int maxOccupants) {
        Draft d = new Draft(current);
        for (Map.Entry<String, List<String>> a : answers.entrySet()) {
            String var = a.getKey();
            List<String> v = a.getValue();
            String value = DataForm.single(v);
            switch (var) {
                case P + "roomname" -> d.name = value;
                case P + "roomdesc" -> d.description = value;
                case P + "persistentroom" -> d.persistent = DataForm.parseBoolean(var, v);
                case P + "publicroom" -> d.listed = DataForm.parseBoolean(var, v);
                case P + "membersonly" -> d.membersOnly = DataForm.parseBoolean(var, v);
                case P + "moderatedroom" -> d.moderated = DataForm.parseBoolean(var, v);
                case P + "whois" -> d.whois = parse(RoomConfig.Whois.class, var, value);
                case P + "passwordprotectedroom" -> d.passwordProtected = DataForm.parseBoolean(var, v);
                case P + "roomsecret" -> d.secret = value;
                case P + "maxusers" -> d.maxUsers = maxUsers(value, maxOccupants);
                case P + "changesubject" -> d.changeSubject = DataForm.parseBoolean(var, v);
                case P + "allowinvites" -> d.allowInvites = DataForm.parseBoolean(var, v);
                case P + "allowpm" -> d.allowPm = parse(RoomConfig.AllowPm.class, var, value);
                case DataForm.FORM_TYPE -> {
                    if (!FORM_TYPE.equals(value)) {
                        throw new StanzaException(Condition.BAD_REQUEST, "not a room configuration form");
                    }
                }
                default -> { }
            }
        }
        if (d.passwordProtected && d.secret.isEmpty()) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "a password-protected room needs a password");
        }
        return d.build();
    }

    /** The configuration being edited. */
    private static final class Draft {
        String name;
        String description;
        boolean persistent;
        boolean listed;
        boolean membersOnly;
        boolean moderated;
        RoomConfig.Whois whois;
        boolean passwordProtected;
        String secret;
        int maxUsers;
        boolean changeSubject;
        boolean allowInvites;
        RoomConfig.AllowPm allowPm;

        Draft(RoomConfig c) {
            name = c.name();
            description = c.description();
            persistent = c.persistent();
            listed = c.listed();
            membersOnly = c.membersOnly();
            moderated = c.moderated();
            whois = c.whois();
            passwordProtected = c.passwordProtected();
            secret = c.secret();
            maxUsers = c.maxUsers();
            changeSubject = c.changeSubject();
            allowInvites = c.allowInvites();
            allowPm = c.allowPm();
        }

        RoomConfig build() {
            return new RoomConfig(name, description, persistent, listed, membersOnly, moderated, whois,
                    passwordProtected, secret, maxUsers, changeSubject, allowInvites, allowPm);
        }
    }

    private static int maxUsers(String value, int maxOccupants) {
        if (value.isEmpty() || value.equals("none")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= maxOccupants) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new StanzaException(Condition.NOT_ACCEPTABLE, "muc#roomconfig_maxusers: 1 to " + maxOccupants
                + " or none");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String var, String value) {
        for (E e : type.getEnumConstants()) {
            if (lower(e).equals(value)) {
                return e;
            }
        }
        throw new StanzaException(Condition.NOT_ACCEPTABLE, var + ": unknown value " + value);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
