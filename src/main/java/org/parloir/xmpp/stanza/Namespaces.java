package org.parloir.xmpp.stanza;

/** XML namespaces of RFC 6120/6121 and the XEPs we serve. */
public final class Namespaces {

    public static final String CLIENT = "jabber:client";
    public static final String SERVER = "jabber:server";
    public static final String STREAM = "http://etherx.jabber.org/streams";
    public static final String STREAMS_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    public static final String ROSTER = "jabber:iq:roster";
    public static final String ROSTER_VER = "urn:xmpp:features:rosterver";
    public static final String PRE_APPROVAL = "urn:xmpp:features:pre-approval";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String VERSION = "jabber:iq:version";
    public static final String PING = "urn:xmpp:ping";
    public static final String VCARD = "vcard-temp";
    public static final String REGISTER = "jabber:iq:register";
    public static final String REGISTER_FEATURE = "http://jabber.org/features/iq-register";
    public static final String DATA_FORMS = "jabber:x:data";
    public static final String SM = "urn:xmpp:sm:3";
    public static final String CARBONS = "urn:xmpp:carbons:2";
    public static final String FORWARD = "urn:xmpp:forward:0";
    public static final String BLOCKING = "urn:xmpp:blocking";
    public static final String BLOCKING_ERRORS = "urn:xmpp:blocking:errors";
    public static final String CSI = "urn:xmpp:csi:0";
    public static final String DELAY = "urn:xmpp:delay";
    public static final String CAPS = "http://jabber.org/protocol/caps";
    public static final String HINTS = "urn:xmpp:hints";
    public static final String MUC = "http://jabber.org/protocol/muc";
    public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    public static final String MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
    public static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
    public static final String COMMANDS = "http://jabber.org/protocol/commands";
    public static final String ADMIN = "http://jabber.org/protocol/admin";

    private Namespaces() {
    }
}
