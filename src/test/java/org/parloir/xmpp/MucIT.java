package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.Occupant;
import org.jivesoftware.smackx.muc.ParticipantStatusListener;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.XmppClients;

/** XEP-0045 chat rooms between Smack clients: the service at conference.chat.test. */
class MucIT {

    @TempDir
    static Path data;
    static ParloirServer server;
    static XmppClients clients;
    static int next;

    @BeforeAll
    static void start() throws Exception {
        server = XmppTestServers.twoDomains(data).start();
        clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A new account on chat.test, logged in. */
    static XMPPTCPConnection user() throws Exception {
        String name = "m" + (++next);
        clients.register("chat.test", name, "pw-" + name);
        return clients.login(clients.starttls("chat.test", name, "pw-" + name).setResource("muc"));
    }

    static EntityBareJid room(String name) throws Exception {
        return JidCreate.entityBareFrom(name + "-" + (++next) + "@conference.chat.test");
    }

    static MultiUserChat muc(XMPPTCPConnection c, EntityBareJid room) {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
    }

    static Resourcepart nick(String nick) throws Exception {
        return Resourcepart.from(nick);
    }

    /** An instant room owned by {@code owner} (XEP-0045 §10.1.2). */
    static MultiUserChat instantRoom(XMPPTCPConnection owner, EntityBareJid room, String nick) throws Exception {
        MultiUserChat muc = muc(owner, room);
        muc.create(nick(nick)).makeInstant();
        return muc;
    }

    static void configure(MultiUserChat muc, String field, Object value) throws Exception {
        Form form = muc.getConfigurationForm();
        FillableForm answer = form.getFillableForm();
        if (value instanceof Boolean b) {
            answer.setAnswer(field, b);
        } else {
            answer.setAnswer(field, value.toString());
        }
        muc.sendConfigurationForm(answer);
    }

    static BlockingQueue<Message> messages(MultiUserChat muc) {
        BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        muc.addMessageListener(m -> {
            if (m.getBody() != null) {
                queue.add(m);
            }
        });
        return queue;
    }

    static StanzaError.Condition joinError(MultiUserChat muc, String nick, String password) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            if (password == null) {
                muc.join(nick(nick));
            } else {
                muc.join(nick(nick), password);
            }
        });
        assertThat(thrown).isInstanceOf(XMPPErrorException.class);
        return ((XMPPErrorException) thrown).getStanzaError().getCondition();
    }

    @Test
    void theServiceIsDiscoveredAndAnswersDisco() throws Exception {
        XMPPTCPConnection a = user();
        List<DomainBareJid> services = MultiUserChatManager.getInstanceFor(a).getMucServiceDomains();
        assertThat(services).extracting(Object::toString).containsExactly("conference.chat.test");
        var info = ServiceDiscoveryManager.getInstanceFor(a).discoverInfo(services.get(0));
        assertThat(info.getIdentities()).anyMatch(i -> i.getCategory().equals("conference") && i.getType().equals("text"));
        assertThat(info.containsFeature("http://jabber.org/protocol/muc")).isTrue();

        EntityBareJid shown = room("listed");
        EntityBareJid hidden = room("hidden");
        instantRoom(a, shown, "a");
        MultiUserChat h = muc(a, hidden);
        h.create(nick("a")).getConfigFormManager().makeHidden().submitConfigurationForm();
        assertThat(MultiUserChatManager.getInstanceFor(a).getRoomsHostedBy(services.get(0)))
                .containsKey(shown).doesNotContainKey(hidden);
        a.disconnect();
    }

    @Test
    void occupantsChatSetTheSubjectAndNewcomersGetHistory() throws Exception {
        XMPPTCPConnection a = user();
        XMPPTCPConnection b = user();
        XMPPTCPConnection c = user();
        EntityBareJid room = room("chat");
        MultiUserChat ma = instantRoom(a, room, "alice");
        MultiUserChat mb = muc(b, room);
        BlockingQueue<Message> inB = messages(mb);
        mb.join(nick("bob"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ma.getOccupantsCount() == 2);
        Occupant bob = ma.getOccupant(JidCreate.entityFullFrom(room, nick("bob")));
        assertThat(bob.getRole()).isEqualTo(MUCRole.participant);
        assertThat(bob.getAffiliation()).isEqualTo(MUCAffiliation.none);
        // semi-anonymous by default: the owner (a moderator) sees bob's real JID
        assertThat((Object) bob.getJid()).isEqualTo(b.getUser());

        ma.sendMessage("hello room");
        Message got = inB.poll(10, TimeUnit.SECONDS);
        assertThat((Object) got).isNotNull();
        assertThat(got.getBody()).isEqualTo("hello room");
        assertThat(got.getFrom().toString()).isEqualTo(room + "/alice");
        assertThat(got.getType()).isEqualTo(Message.Type.groupchat);

        ma.changeSubject("today: tests");
        await().atMost(Duration.ofSeconds(10)).until(() -> "today: tests".equals(mb.getSubject()));

        MultiUserChat mc = muc(c, room);
        BlockingQueue<Message> inC = messages(mc);
        mc.join(nick("carol"));
        Message history = inC.poll(10, TimeUnit.SECONDS);
        assertThat((Object) history).isNotNull();
        assertThat(history.getBody()).isEqualTo("hello room");
        assertThat(DelayInformation.from(history)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> "today: tests".equals(mc.getSubject()));
        assertThat(mc.getOccupants()).extracting(j -> j.getResourceOrEmpty().toString())
                .containsExactlyInAnyOrder("alice", "bob", "carol");
        a.disconnect();
        b.disconnect();
        c.disconnect();
    }

    @Test
    void privateMessagesAndNicknameChanges() throws Exception {
        XMPPTCPConnection a = user();
        XMPPTCPConnection b = user();
        EntityBareJid room = room("pm");
        MultiUserChat ma = instantRoom(a, room, "alice");
        MultiUserChat mb = muc(b, room);
        mb.join(nick("bob"));
        BlockingQueue<Message> inB = new LinkedBlockingQueue<>();
        b.addAsyncStanzaListener(m -> inB.add((Message) m), m -> m instanceof Message msg
                && msg.getType() == Message.Type.chat);

        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom(room, nick("bob")))
                .ofType(Message.Type.chat).setBody("psst").build());
        Message pm = inB.poll(10, TimeUnit.SECONDS);
        assertThat((Object) pm).isNotNull();
        assertThat(pm.getBody()).isEqualTo("psst");
        assertThat(pm.getFrom().toString()).isEqualTo(room + "/alice");
        assertThat(pm.getType()).isEqualTo(Message.Type.chat);

        AtomicReference<Resourcepart> renamed = new AtomicReference<>();
        ma.addParticipantStatusListener(new ParticipantStatusListener() {
            @Override
            public void nicknameChanged(EntityFullJid participant, Resourcepart newNickname) {
                renamed.set(newNickname);
            }
        });
        mb.changeNickname(nick("robert"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat((Object) renamed.get()).hasToString("robert"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ma.getOccupant(JidCreate.entityFullFrom(room,
                nick("robert"))) != null && ma.getOccupant(JidCreate.entityFullFrom(room, nick("bob"))) == null);
        // a nickname in use is a conflict, whether entering or renaming
        assertThatThrownBy(() -> mb.changeNickname(nick("alice"))).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
        XMPPTCPConnection c = user();
        assertThat(joinError(muc(c, room), "robert", null)).isEqualTo(StanzaError.Condition.conflict);
        a.disconnect();
        b.disconnect();
        c.disconnect();
    }

    @Test
    void moderatorsKickAndBan() throws Exception {
        XMPPTCPConnection a = user();
        XMPPTCPConnection b = user();
        XMPPTCPConnection c = user();
        EntityBareJid room = room("kick");
        MultiUserChat ma = instantRoom(a, room, "alice");
        MultiUserChat mb = muc(b, room);
        MultiUserChat mc = muc(c, room);
        mb.join(nick("bob"));
        mc.join(nick("carol"));

        AtomicReference<String> kickReason = new AtomicReference<>();
        mb.addUserStatusListener(new UserStatusListener() {
            @Override
            public void kicked(Jid actor, String reason) {
                kickReason.set(reason);
            }
        });
        ma.kickParticipant(nick("bob"), "too loud");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kickReason.get()).isEqualTo("too loud"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !mb.isJoined() && ma.getOccupantsCount() == 2);
        // a participant is no moderator
        assertThatThrownBy(() -> mc.kickParticipant(nick("alice"), "no")).isInstanceOfSatisfying(
                XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isIn(StanzaError.Condition.forbidden, StanzaError.Condition.not_allowed));

        AtomicReference<String> banned = new AtomicReference<>();
        mc.addUserStatusListener(new UserStatusListener() {
            @Override
            public void banned(Jid actor, String reason) {
                banned.set(reason);
            }
        });
        ma.banUser(c.getUser().asBareJid(), "spam");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(banned.get()).isEqualTo("spam"));
        assertThat(joinError(mc, "carol", null)).isEqualTo(StanzaError.Condition.forbidden);
        assertThat(ma.getOutcasts()).extracting(aff -> aff.getJid().toString())
                .containsExactly(c.getUser().asBareJid().toString());
        a.disconnect();
        b.disconnect();
        c.disconnect();
    }

    @Test
    void membersOnlyAndPasswordProtectedRooms() throws Exception {
        XMPPTCPConnection a = user();
        XMPPTCPConnection b = user();
        EntityBareJid closed = room("members");
        MultiUserChat ma = muc(a, closed);
        ma.create(nick("alice")).getConfigFormManager().makeMembersOnly().submitConfigurationForm();
        MultiUserChat mb = muc(b, closed);
        assertThat(joinError(mb, "bob", null)).isEqualTo(StanzaError.Condition.registration_required);
        ma.grantMembership(b.getUser().asBareJid());
        mb.join(nick("bob"));
        assertThat(mb.isJoined()).isTrue();
        assertThat(ma.getMembers()).extracting(aff -> aff.getJid().toString())
                .containsExactly(b.getUser().asBareJid().toString());

        EntityBareJid secret = room("secret");
        MultiUserChat sa = muc(a, secret);
        sa.create(nick("alice"));
        FillableForm answer = sa.getConfigurationForm().getFillableForm();
        answer.setAnswer("muc#roomconfig_passwordprotectedroom", true);
        answer.setAnswer("muc#roomconfig_roomsecret", "sesame");
        sa.sendConfigurationForm(answer);
        MultiUserChat sb = muc(b, secret);
        assertThat(joinError(sb, "bob", null)).isEqualTo(StanzaError.Condition.not_authorized);
        assertThat(joinError(sb, "bob", "wrong")).isEqualTo(StanzaError.Condition.not_authorized);
        sb.join(nick("bob"), "sesame");
        assertThat(sb.isJoined()).isTrue();
        a.disconnect();
        b.disconnect();
    }

    @Test
    void theConfigurationFormRoundTripsAndShowsInRoomInfo() throws Exception {
        XMPPTCPConnection a = user();
        XMPPTCPConnection b = user();
        EntityBareJid room = room("config");
        MultiUserChat ma = muc(a, room);
        ma.create(nick("alice"));
        // locked until configured (XEP-0045 §10.1.1)
        assertThat(joinError(muc(b, room), "bob", null)).isEqualTo(StanzaError.Condition.item_not_found);
        FillableForm answer = ma.getConfigurationForm().getFillableForm();
        answer.setAnswer("muc#roomconfig_roomname", "Test room");
        answer.setAnswer("muc#roomconfig_roomdesc", "for the tests");
        answer.setAnswer("muc#roomconfig_moderatedroom", true);
        answer.setAnswer("muc#roomconfig_whois", "anyone");
        answer.setAnswer("muc#roomconfig_maxusers", "20");
        ma.sendConfigurationForm(answer);

        Form form = ma.getConfigurationForm();
        assertThat(form.getField("muc#roomconfig_roomname").getFirstValue()).isEqualTo("Test room");
        assertThat(form.getField("muc#roomconfig_whois").getFirstValue()).isEqualTo("anyone");
        assertThat(form.getField("muc#roomconfig_maxusers").getFirstValue()).isEqualTo("20");
        RoomInfo info = MultiUserChatManager.getInstanceFor(b).getRoomInfo(room);
        assertThat(info.getName()).isEqualTo("Test room");
        assertThat(info.getDescription()).isEqualTo("for the tests");
        assertThat(info.isModerated()).isTrue();
        assertThat(info.isNonanonymous()).isTrue();
        assertThat(info.getOccupantsCount()).isEqualTo(1);

        // moderated: a newcomer is a visitor and may not speak
        MultiUserChat mb = muc(b, room);
        MUCUser self = MUCUser.from(mb.join(nick("bob")));
        assertThat(self.getItem().getRole()).isEqualTo(MUCRole.visitor);
        assertThat(self.getStatus()).contains(MUCUser.Status.create(100));
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        b.addAsyncStanzaListener(s -> errors.add((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.error);
        mb.sendMessage("may I?");
        Message error = errors.poll(10, TimeUnit.SECONDS);
        assertThat((Object) error).isNotNull();
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.forbidden);
        ma.grantVoice(nick("bob"));
        await().atMost(Duration.ofSeconds(10)).until(() -> mb.getOccupant(JidCreate.entityFullFrom(room,
                nick("bob"))).getRole() == MUCRole.participant);
        a.disconnect();
        b.disconnect();
    }

    @Test
    void destroyingTheRoomTellsItsOccupantsAndEndedSessionsLeave() throws Exception {
        XMPPTCPConnection a = user();
        XMPPTCPConnection b = user();
        XMPPTCPConnection c = user();
        EntityBareJid room = room("destroy");
        MultiUserChat ma = instantRoom(a, room, "alice");
        MultiUserChat mb = muc(b, room);
        mb.join(nick("bob"));
        muc(c, room).join(nick("carol"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ma.getOccupantsCount() == 3);

        // a session that ends leaves its rooms (XEP-0045 §7.14 on its behalf)
        AtomicReference<EntityFullJid> parted = new AtomicReference<>();
        ma.addParticipantStatusListener(new ParticipantStatusListener() {
            @Override
            public void parted(EntityFullJid participant) {
                parted.set(participant);
            }
        });
        c.disconnect();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat((Object) parted.get()).hasToString(room + "/carol"));

        AtomicReference<String> destroyed = new AtomicReference<>();
        mb.addUserStatusListener(new UserStatusListener() {
            @Override
            public void roomDestroyed(MultiUserChat alternate, String password, String reason) {
                destroyed.set(reason);
            }
        });
        ma.destroy("closing time", null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(destroyed.get()).isEqualTo("closing time"));
        assertThat(mb.isJoined()).isFalse();
        assertThatThrownBy(() -> MultiUserChatManager.getInstanceFor(b).getRoomInfo(room))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.item_not_found));
        a.disconnect();
        b.disconnect();
    }
}
