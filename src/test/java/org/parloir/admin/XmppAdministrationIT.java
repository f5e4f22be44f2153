package org.parloir.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.TestDomains;
import org.parloir.testing.XmppClients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * XMPP administration over HTTP (sessions, kicks, rooms, announcements) and the XEP-0133 announcement as an ad-hoc
 * command, with Smack clients on real sockets: alice@example.org is an XMPP admin, bob@example.org is not.
 */
class XmppAdministrationIT {

    @TempDir
    static Path data;
    static ParloirServer server;
    static XmppClients clients;
    static AdminHttp http;
    static final JsonMapper json = JsonMapper.builder().build();
    static int next;

    @BeforeAll
    static void start() throws Exception {
        server = TestDomains.directoryAndLocal(data).with("parloir.xmpp.admins[0]", "Alice@example.org").start();
        clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
        http = new AdminHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A new account on chat.test, logged in with that resource. */
    static XMPPTCPConnection user(String resource) throws Exception {
        String name = "u" + (++next);
        clients.register("chat.test", name, "pw-" + name);
        return clients.login(clients.starttls("chat.test", name, "pw-" + name).setResource(resource));
    }

    static XMPPTCPConnection directoryUser(String name, String password) throws Exception {
        return clients.login(clients.starttls("example.org", name, password).addEnabledSaslMechanism("PLAIN")
                .setResource("admin-test-" + (++next)));
    }

    static JsonNode session(String jid) throws Exception {
        for (JsonNode s : json.readTree(http.get("/actuator/xmpp-sessions"))) {
            if (s.get("jid").asString().equals(jid)) {
                return s;
            }
        }
        return null;
    }

    static BlockingQueue<Message> headlines(XMPPTCPConnection c) {
        BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> queue.add((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.headline);
        return queue;
    }

    @Test
    void everyNewEndpointNeedsTheAdmin() throws Exception {
        for (String[] call : new String[][] {{"GET", "/actuator/xmpp-sessions"}, {"GET", "/actuator/rooms"},
                {"DELETE", "/actuator/xmpp-sessions/x@chat.test"}, {"DELETE", "/actuator/rooms/r@conference.chat.test"},
                {"POST", "/actuator/announcements"}, {"POST", "/actuator/accounts"},
                {"DELETE", "/actuator/accounts/x@chat.test"}}) {
            String body = call[0].equals("POST") ? "{\"domain\":\"chat.test\",\"body\":\"x\"}" : null;
            assertThat(http.send(call[0], call[1], body, null).statusCode()).as(call[1]).isEqualTo(401);
            assertThat(http.send(call[0], call[1], body, "wrong").statusCode()).as(call[1]).isEqualTo(401);
        }
    }

    @Test
    void sessionsAreListedAndAKickEndsOneWithAStreamError() throws Exception {
        XMPPTCPConnection phone = user("phone");
        XMPPTCPConnection desk = user("desk");
        try {
            AtomicReference<Exception> closed = new AtomicReference<>();
            phone.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closed.set(e);
                }
            });
            String phoneJid = phone.getUser().toString();
            await().atMost(Duration.ofSeconds(10)).until(() -> session(phoneJid) != null
                    && session(phoneJid).get("available").asBoolean()
                    && session(desk.getUser().toString()) != null);
            JsonNode s = session(phoneJid);
            assertThat(s.get("user").asString()).isEqualTo(phone.getUser().asBareJid().toString());
            assertThat(s.get("resource").asString()).isEqualTo("phone");
            // each connection its own client port
            assertThat(s.get("address").asString()).matches("127\\.0\\.0\\.1:\\d+")
                    .isNotEqualTo(session(desk.getUser().toString()).get("address").asString());
            assertThat(s.get("tls").asBoolean()).isTrue();
            assertThat(s.get("streamManagement").asBoolean()).isEqualTo(phone.isSmEnabled());
            assertThat(s.get("detached").asBoolean()).isFalse();
            assertThat(s.get("since").asString()).isNotBlank();
            // Smack names itself in its presence caps (XEP-0115): node#ver
            assertThat(EntityCapsManager.getInstanceFor(phone).getLocalNodeVer())
                    .startsWith(s.get("client").asString() + "#");
            assertThat(session(desk.getUser().toString()).get("resource").asString()).isEqualTo("desk");

            HttpResponse<String> kicked = http.delete("/actuator/xmpp-sessions/" + phoneJid + "?reason=maintenance");
            assertThat(kicked.statusCode()).as(kicked.body()).isEqualTo(200);
            assertThat(json.readTree(kicked.body()).get("ended").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
            assertThat(closed.get()).isInstanceOf(StreamErrorException.class);
            StreamError error = ((StreamErrorException) closed.get()).getStreamError();
            assertThat(error.getCondition()).isEqualTo(StreamError.Condition.policy_violation);
            assertThat(error.getDescriptiveText()).contains("session ended by an administrator")
                    .contains("maintenance");
            await().atMost(Duration.ofSeconds(10)).until(() -> session(phoneJid) == null);
            // the other session goes on
            assertThat(session(desk.getUser().toString())).isNotNull();
            PingManager.getInstanceFor(desk).pingMyServer();
            assertThat(http.delete("/actuator/xmpp-sessions/" + phoneJid).statusCode()).isEqualTo(404);
        } finally {
            phone.disconnect();
            desk.disconnect();
        }
    }

    @Test
    void roomsAreListedWithOccupantsAndADestroyedRoomTellsThem() throws Exception {
        XMPPTCPConnection owner = user("muc");
        XMPPTCPConnection guest = user("muc");
        try {
            EntityBareJid room = JidCreate.entityBareFrom("tea-" + (++next) + "@conference.chat.test");
            MultiUserChat ownerMuc = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(room);
            ownerMuc.create(Resourcepart.from("owner")).makeInstant();
            BlockingQueue<Presence> gone = new LinkedBlockingQueue<>();
            guest.addAsyncStanzaListener(p -> gone.add((Presence) p), p -> p instanceof Presence pr
                    && pr.getType() == Presence.Type.unavailable && pr.getFrom().asBareJid().equals(room));
            MultiUserChatManager.getInstanceFor(guest).getMultiUserChat(room).join(Resourcepart.from("guest"));

            JsonNode listed = null;
            for (JsonNode r : json.readTree(http.get("/actuator/rooms"))) {
                if (r.get("jid").asString().equals(room.toString())) {
                    listed = r;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.get("occupants").asInt()).isEqualTo(2);
            assertThat(listed.get("locked").asBoolean()).isFalse();

            HttpResponse<String> destroyed = http.delete("/actuator/rooms/" + room + "?reason=closing%20time");
            assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);
            Presence p = gone.poll(10, TimeUnit.SECONDS);
            assertThat((Object) p).isNotNull();
            MUCUser x = MUCUser.from(p);
            assertThat(x.getDestroy()).isNotNull();
            assertThat(x.getDestroy().getReason()).isEqualTo("closing time");
            assertThat(http.get("/actuator/rooms")).doesNotContain(room.toString());
            assertThat(http.delete("/actuator/rooms/" + room).statusCode()).isEqualTo(404);
        } finally {
            owner.disconnect();
            guest.disconnect();
        }
    }

    @Test
    void anAnnouncementReachesTheDomainsUsersOnlineAndNoOneElse() throws Exception {
        XMPPTCPConnection one = user("a");
        XMPPTCPConnection two = user("b");
        XMPPTCPConnection other = directoryUser("carol.martin", "carol-secret");
        try {
            BlockingQueue<Message> first = headlines(one);
            BlockingQueue<Message> second = headlines(two);
            BlockingQueue<Message> elsewhere = headlines(other);
            HttpResponse<String> sent = http.post("/actuator/announcements",
                    "{\"domain\":\"chat.test\",\"subject\":\"Maintenance\",\"body\":\"Down at 22:00\"}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(json.readTree(sent.body()).get("delivered").asInt()).isGreaterThanOrEqualTo(2);
            for (BlockingQueue<Message> inbox : List.of(first, second)) {
                Message m = inbox.poll(10, TimeUnit.SECONDS);
                assertThat((Object) m).isNotNull();
                assertThat(m.getFrom().toString()).isEqualTo("chat.test");
                assertThat(m.getSubject()).isEqualTo("Maintenance");
                assertThat(m.getBody()).isEqualTo("Down at 22:00");
            }
            // the announcement went out before this answer: on the same stream, it would have arrived first
            PingManager.getInstanceFor(other).pingMyServer();
            assertThat(elsewhere).isEmpty();

            HttpResponse<String> unknown = http.post("/actuator/announcements",
                    "{\"domain\":\"elsewhere.test\",\"body\":\"x\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("not a domain of this server");
            assertThat(http.post("/actuator/announcements", "{\"domain\":\"chat.test\",\"body\":\" \"}")
                    .statusCode()).isEqualTo(400);
        } finally {
            one.disconnect();
            two.disconnect();
            other.disconnect();
        }
    }

    @Test
    void anAdminAnnouncesByAdHocCommandAndOthersAreForbidden() throws Exception {
        XMPPTCPConnection alice = directoryUser("alice", "alice-secret");
        XMPPTCPConnection bob = directoryUser("bob", "bob-secret");
        try {
            DomainBareJid server = JidCreate.domainBareFrom("example.org");
            String node = "http://jabber.org/protocol/admin#announce";
            DiscoverItems listed = AdHocCommandManager.getInstance(alice).discoverCommands(server);
            assertThat(listed.getItems()).anyMatch(i -> node.equals(i.getNode()));
            assertThat(AdHocCommandManager.getInstance(bob).discoverCommands(server).getItems()).isEmpty();

            BlockingQueue<Message> bobs = headlines(bob);
            AdHocCommand command = AdHocCommandManager.getInstance(alice).getRemoteCommand(server, node);
            FillableForm form = command.execute().asExecutingOrThrow().getFillableForm();
            form.setAnswer("subject", "Hello");
            form.setAnswer("announcement", "Welcome to the new server");
            AdHocCommandResult done = command.complete(form.getSubmitForm());
            assertThat(done.isCompleted()).isTrue();
            Message m = bobs.poll(10, TimeUnit.SECONDS);
            assertThat((Object) m).isNotNull();
            assertThat(m.getFrom().toString()).isEqualTo("example.org");
            assertThat(m.getBody()).isEqualTo("Welcome to the new server");

            AdHocCommand refused = AdHocCommandManager.getInstance(bob).getRemoteCommand(server, node);
            assertThatThrownBy(refused::execute).isInstanceOfSatisfying(XMPPErrorException.class,
                    e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }
}
