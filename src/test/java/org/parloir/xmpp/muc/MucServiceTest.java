package org.parloir.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parloir.xmpp.XmppProperties;
import org.parloir.xmpp.net.XmlParsing;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.SerialExecutor;
import org.parloir.xmpp.router.SessionPresence;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/** The rooms' rules without sockets: stanzas in, the stanzas each client gets out (XEP-0045 §7-§10). */
class MucServiceTest {

    private static final String ROOM = "tea@conference.example.org";

    /** A bound resource that keeps what it is sent. */
    private static final class Client implements ClientSession {
        private final EntityFullJid jid;
        private final SessionPresence presence = new SessionPresence();
        final List<Element> got = new ArrayList<>();

        Client(String jid) throws Exception {
            this.jid = JidCreate.entityFullFrom(jid);
        }

        @Override
        public EntityFullJid jid() {
            return jid;
        }

        @Override
        public void deliver(Element stanza) {
            got.add(stanza);
        }

        @Override
        public List<Element> replacedByNewSession() {
            return List.of();
        }

        @Override
        public SessionPresence presence() {
            return presence;
        }

        @Override
        public Link link() {
            return new Link("127.0.0.1:5000", java.time.Instant.EPOCH, true, false, false);
        }

        @Override
        public void end(String condition, String text) {
            got.add(Element.builder("error", org.parloir.xmpp.stanza.Namespaces.STREAM).attribute("condition",
                    condition).build());
        }

        @Override
        public void beforeEnd(Element stanza) {
        }

        /** What arrived since the last call. */
        List<Element> take() {
            List<Element> list = List.copyOf(got);
            got.clear();
            return list;
        }
    }

    private MucService muc;
    private SessionRegistry registry;

    @BeforeEach
    void service() {
        registry = new SessionRegistry();
        // a direct executor: each stanza is handled before send() returns
        muc = new MucService(new XmppProperties.Muc(true, "conference", 10, 50, 5), List.of("example.org"),
                registry, new SerialExecutor(Runnable::run, 1000));
    }

    /** A bound, available resource. */
    private Client client(String jid) throws Exception {
        Client c = new Client(jid);
        c.presence().available(Element.of("presence", Namespaces.CLIENT));
        registry.bind(c);
        return c;
    }

    private void send(Client from, String xml) {
        muc.fromClient(from, XmlParsing.parse(xml, Namespaces.CLIENT).withAttribute("from", from.jid().toString()));
    }

    private void join(Client c, String nick) {
        send(c, "<presence id='j' to='" + ROOM + "/" + nick + "'><x xmlns='" + Namespaces.MUC + "'/></presence>");
    }

    private void setIq(Client c, String ns, String payload) {
        send(c, "<iq type='set' id='s' to='" + ROOM + "'><query xmlns='" + ns + "'>" + payload + "</query></iq>");
    }

    private static Element user(Element presence) {
        return presence.child("x", Namespaces.MUC_USER);
    }

    private static List<String> statuses(Element presence) {
        return user(presence).elements().stream().filter(e -> e.name().equals("status"))
                .map(e -> e.attribute("code")).toList();
    }

    private static String error(List<Element> got) {
        Element last = got.get(got.size() - 1);
        assertThat(last.attribute("type")).isEqualTo("error");
        return last.child("error", Namespaces.CLIENT).elements().get(0).name();
    }

    /** An owner and an instant room. */
    private Client owner() throws Exception {
        Client owner = client("owner@example.org/desk");
        join(owner, "boss");
        setIq(owner, Namespaces.MUC_OWNER, "<x xmlns='jabber:x:data' type='submit'/>");
        owner.take();
        return owner;
    }

    @Test
    void theCreatorOwnsALockedRoomUntilItIsConfigured() throws Exception {
        Client owner = client("owner@example.org/desk");
        Client guest = client("guest@example.org/phone");
        join(owner, "boss");
        Element self = owner.take().get(0);
        assertThat(self.attribute("from")).isEqualTo(ROOM + "/boss");
        assertThat(self.attribute("id")).isEqualTo("j");
        assertThat(statuses(self)).containsExactly("110", "201");
        Element item = user(self).child("item", Namespaces.MUC_USER);
        assertThat(item.attribute("affiliation")).isEqualTo("owner");
        assertThat(item.attribute("role")).isEqualTo("moderator");

        join(guest, "visitor");
        assertThat(error(guest.take())).isEqualTo("item-not-found");
        setIq(owner, Namespaces.MUC_OWNER, "<x xmlns='jabber:x:data' type='submit'/>");
        assertThat(owner.take()).extracting(e -> e.attribute("type")).containsExactly("result");
        join(guest, "visitor");
        List<Element> got = guest.take();
        // the owner's presence first, then its own (XEP-0045 §7.2.2), then the empty subject (§7.2.15)
        assertThat(got).extracting(e -> e.attribute("from"))
                .containsExactly(ROOM + "/boss", ROOM + "/visitor", ROOM);
        assertThat(statuses(got.get(1))).containsExactly("110");
        // semi-anonymous: the guest does not see the owner's real JID, the owner (a moderator) sees the guest's
        assertThat(user(got.get(0)).child("item", Namespaces.MUC_USER).attribute("jid")).isNull();
        assertThat(user(owner.take().get(0)).child("item", Namespaces.MUC_USER).attribute("jid"))
                .isEqualTo("guest@example.org/phone");
    }

    @Test
    void entryIsRefusedForTheReasonsOfTheXep() throws Exception {
        Client owner = owner();
        Client outcast = client("outcast@example.org/r");
        Client other = client("other@example.org/r");
        setIq(owner, Namespaces.MUC_ADMIN, "<item affiliation='outcast' jid='outcast@example.org'/>");
        join(outcast, "o");
        assertThat(error(outcast.take())).isEqualTo("forbidden");
        join(other, "boss");
        assertThat(error(other.take())).isEqualTo("conflict");

        setIq(owner, Namespaces.MUC_OWNER, "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='muc#roomconfig_membersonly'><value>1</value></field></x>");
        join(other, "other");
        assertThat(error(other.take())).isEqualTo("registration-required");
        setIq(owner, Namespaces.MUC_ADMIN, "<item affiliation='member' jid='other@example.org'/>");
        setIq(owner, Namespaces.MUC_OWNER, "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
                + "<field var='muc#roomconfig_roomsecret'><value>s3</value></field>"
                + "<field var='muc#roomconfig_maxusers'><value>1</value></field></x>");
        join(other, "other");
        assertThat(error(other.take())).isEqualTo("not-authorized");
        send(other, "<presence to='" + ROOM + "/other'><x xmlns='" + Namespaces.MUC + "'><password>s3</password>"
                + "</x></presence>");
        List<Element> full = other.take();
        assertThat(error(full)).isEqualTo("service-unavailable");
        assertThat(full.get(0).child("error", Namespaces.CLIENT).attribute("type")).isEqualTo("wait");
        // an admin still enters a full room (§7.2.9)
        setIq(owner, Namespaces.MUC_ADMIN, "<item affiliation='admin' jid='other@example.org'/>");
        send(other, "<presence to='" + ROOM + "/other'><x xmlns='" + Namespaces.MUC + "'><password>s3</password>"
                + "</x></presence>");
        assertThat(other.take()).anyMatch(p -> (ROOM + "/other").equals(p.attribute("from"))
                && statuses(p).contains("110"));
    }

    @Test
    void rolesFollowTheAffiliationRules() throws Exception {
        Client owner = owner();
        Client mod = client("mod@example.org/r");
        Client admin = client("admin@example.org/r");
        join(mod, "mod");
        join(admin, "admin");
        setIq(owner, Namespaces.MUC_ADMIN, "<item affiliation='admin' jid='admin@example.org'/>");
        setIq(owner, Namespaces.MUC_ADMIN, "<item nick='mod' role='moderator'/>");
        mod.take();
        admin.take();
        // a moderator cannot silence an admin (§8.4), nor can a participant kick (§8.2)
        setIq(mod, Namespaces.MUC_ADMIN, "<item nick='admin' role='visitor'/>");
        assertThat(error(mod.take())).isEqualTo("not-allowed");
        setIq(owner, Namespaces.MUC_ADMIN, "<item nick='mod' role='participant'/>");
        mod.take();
        setIq(mod, Namespaces.MUC_ADMIN, "<item nick='admin' role='none'/>");
        assertThat(error(mod.take())).isEqualTo("forbidden");
        // the owner kicks: the kicked occupant learns it with 110 and 307
        admin.take();
        setIq(owner, Namespaces.MUC_ADMIN, "<item nick='mod' role='none'><reason>bye</reason></item>");
        Element kicked = mod.take().get(0);
        assertThat(kicked.attribute("type")).isEqualTo("unavailable");
        assertThat(statuses(kicked)).containsExactly("110", "307");
        assertThat(user(kicked).child("item", Namespaces.MUC_USER).childText("reason", Namespaces.MUC_USER))
                .isEqualTo("bye");
        assertThat(statuses(admin.take().get(0))).containsExactly("307");
        // the last owner stays one (§10.4)
        setIq(owner, Namespaces.MUC_ADMIN, "<item affiliation='member' jid='owner@example.org'/>");
        assertThat(error(owner.take())).isEqualTo("conflict");
    }

    @Test
    void onlyOccupantsWithVoiceSpeak() throws Exception {
        Client owner = owner();
        Client guest = client("guest@example.org/r");
        send(guest, "<message type='groupchat' to='" + ROOM + "'><body>hi</body></message>");
        assertThat(error(guest.take())).isEqualTo("not-acceptable");
        setIq(owner, Namespaces.MUC_OWNER, "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='muc#roomconfig_moderatedroom'><value>1</value></field></x>");
        join(guest, "g");
        guest.take();
        owner.take();
        send(guest, "<message type='groupchat' to='" + ROOM + "'><body>hi</body></message>");
        assertThat(error(guest.take())).isEqualTo("forbidden");
        send(owner, "<message id='m1' type='groupchat' to='" + ROOM + "'><body>welcome</body></message>");
        Element reflected = guest.take().get(0);
        assertThat(reflected.attribute("from")).isEqualTo(ROOM + "/boss");
        assertThat(reflected.attribute("id")).isEqualTo("m1");
        assertThat(owner.take()).hasSize(1);
        // the session ends: the others see it leave, and the room forgets it
        registry.unbind(guest);
        muc.unbound(guest);
        assertThat(owner.take()).singleElement().satisfies(p -> {
            assertThat(p.attribute("type")).isEqualTo("unavailable");
            assertThat(p.attribute("from")).isEqualTo(ROOM + "/g");
        });
    }

    @Test
    void invitationsGoThroughTheRoomAndMakeMembersOfAMembersOnlyRoom() throws Exception {
        Client owner = owner();
        Client guest = client("guest@example.org/r");
        setIq(owner, Namespaces.MUC_OWNER, "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='muc#roomconfig_membersonly'><value>1</value></field></x>");
        owner.take();
        send(owner, "<message to='" + ROOM + "'><x xmlns='" + Namespaces.MUC_USER + "'>"
                + "<invite to='guest@example.org'><reason>tea?</reason></invite></x></message>");
        Element invitation = guest.take().get(0);
        assertThat(invitation.attribute("from")).isEqualTo(ROOM);
        Element invite = user(invitation).child("invite", Namespaces.MUC_USER);
        assertThat(invite.attribute("from")).isEqualTo("owner@example.org/desk");
        assertThat(invite.childText("reason", Namespaces.MUC_USER)).isEqualTo("tea?");
        // §7.8.2: the invitee of a members-only room may now enter
        join(guest, "g");
        assertThat(guest.take()).anyMatch(p -> (ROOM + "/g").equals(p.attribute("from")));
        send(guest, "<message to='" + ROOM + "'><x xmlns='" + Namespaces.MUC_USER + "'>"
                + "<decline to='owner@example.org'><reason>no thanks</reason></decline></x></message>");
        Element decline = owner.take().stream().filter(m -> m.name().equals("message")).findFirst().orElseThrow();
        assertThat(user(decline).child("decline", Namespaces.MUC_USER).attribute("from"))
                .isEqualTo("guest@example.org");
        // an occupant of an open room without the right to invite is refused in a members-only one
        Client other = client("other@example.org/r");
        setIq(owner, Namespaces.MUC_ADMIN, "<item affiliation='member' jid='other@example.org'/>");
        join(other, "o");
        other.take();
        send(other, "<message to='" + ROOM + "'><x xmlns='" + Namespaces.MUC_USER + "'>"
                + "<invite to='someone@example.org'/></x></message>");
        assertThat(error(other.take())).isEqualTo("forbidden");
    }
}
