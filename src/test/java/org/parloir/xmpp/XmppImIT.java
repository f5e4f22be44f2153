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
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.XmppClients;

/** IM and presence between Smack clients (RFC 6121), carbons, blocking, conflicts and stream resumption. */
class XmppImIT {

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

    /** A new account on chat.test, logged in (each test uses its own people). */
    static XMPPTCPConnection newUser(String resource) throws Exception {
        String name = "u" + (++next);
        clients.register("chat.test", name, "pw-" + name);
        return login(name, resource);
    }

    static XMPPTCPConnection login(String name, String resource) throws Exception {
        return clients.login(clients.starttls("chat.test", name, "pw-" + name).setResource(resource));
    }

    /** Makes two users subscribe to each other (both accept everything). */
    static void subscribeBoth(XMPPConnection a, XMPPConnection b) throws Exception {
        Roster ra = Roster.getInstanceFor(a);
        Roster rb = Roster.getInstanceFor(b);
        ra.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        rb.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        ra.createItemAndRequestSubscription(b.getUser().asBareJid(), null, null);
        rb.createItemAndRequestSubscription(a.getUser().asBareJid(), null, null);
    }

    static BlockingQueue<Message> inbox(XMPPConnection c) {
        BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> queue.add((Message) s), s -> s instanceof Message m && m.getBody() != null);
        return queue;
    }

    static Message send(XMPPConnection from, Jid to, Message.Type type, String body) throws Exception {
        Message m = from.getStanzaFactory().buildMessageStanza().to(to).ofType(type).setBody(body).build();
        from.sendStanza(m);
        return m;
    }

    @Test
    void subscriptionFlowGivesBothRostersAndPresence() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b = newUser("b");
        Roster ra = Roster.getInstanceFor(a);
        Roster rb = Roster.getInstanceFor(b);
        rb.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        ra.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        EntityBareJid aJid = a.getUser().asEntityBareJid();
        EntityBareJid bJid = b.getUser().asEntityBareJid();

        ra.createItemAndRequestSubscription(bJid, "Bee", new String[] {"friends"});
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            RosterEntry entry = ra.getEntry(bJid);
            assertThat(entry).isNotNull();
            assertThat(entry.getType()).isIn(ItemType.to, ItemType.both);
            assertThat(entry.getName()).isEqualTo("Bee");
            assertThat(entry.getGroups()).extracting(g -> g.getName()).containsExactly("friends");
        });
        // b accepted and (accept_all) subscribed back: both sides end with 'both'
        rb.createItemAndRequestSubscription(aJid, null, null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ra.getEntry(bJid).getType()).isEqualTo(ItemType.both);
            assertThat(rb.getEntry(aJid).getType()).isEqualTo(ItemType.both);
            assertThat(ra.getPresence(bJid).isAvailable()).isTrue();
            assertThat(rb.getPresence(aJid).isAvailable()).isTrue();
        });

        // presence updates flow, and unavailable on disconnect
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().setMode(Presence.Mode.away).setStatus("lunch").build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(rb.getPresence(aJid).getStatus()).isEqualTo("lunch"));
        a.disconnect();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(rb.getPresence(aJid).isAvailable()).isFalse());

        // roster versioning: a fresh login with the stored version gets no full roster, the same items survive
        XMPPTCPConnection a2 = login(aJid.getLocalpart().toString(), "again");
        Roster ra2 = Roster.getInstanceFor(a2);
        ra2.reloadAndWait();
        assertThat(ra2.getEntry(bJid).getType()).isEqualTo(ItemType.both);

        // removal cancels both subscriptions on the other side
        ra2.removeEntry(ra2.getEntry(bJid));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            RosterEntry left = rb.getEntry(aJid);
            assertThat(left == null || left.getType() == ItemType.none).isTrue();
        });
        a2.disconnect();
        b.disconnect();
    }

    @Test
    void chatToBareAndFullJids() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b1 = newUser("one");
        XMPPTCPConnection b2 = login(b1.getUser().getLocalpart().toString(), "two");
        BlockingQueue<Message> in1 = inbox(b1);
        BlockingQueue<Message> in2 = inbox(b2);

        send(a, b2.getUser(), Message.Type.chat, "to two");
        Message got = in2.poll(10, TimeUnit.SECONDS);
        assertThat((Object) got).isNotNull();
        assertThat(got.getBody()).isEqualTo("to two");
        assertThat(got.getFrom().toString()).isEqualTo(a.getUser().toString());
        assertThat((Object) in1.poll(300, TimeUnit.MILLISECONDS)).isNull();

        // to the bare JID: both resources have priority 0, both get it
        send(a, b1.getUser().asBareJid(), Message.Type.chat, "to bare");
        assertThat(in1.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("to bare");
        assertThat(in2.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("to bare");

        // a higher priority wins a bare-JID chat message
        b2.sendStanza(b2.getStanzaFactory().buildPresenceStanza().setPriority(5).build());
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        send(a, b1.getUser().asBareJid(), Message.Type.chat, "to the best");
        assertThat(in2.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("to the best");
        assertThat((Object) in1.poll(300, TimeUnit.MILLISECONDS)).isNull();

        // an unknown account: service-unavailable
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        a.addAsyncStanzaListener(s -> errors.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.error);
        send(a, JidCreate.bareFrom("nobody@chat.test"), Message.Type.chat, "hello?");
        Message error = errors.poll(10, TimeUnit.SECONDS);
        assertThat((Object) error).isNotNull();
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        a.disconnect();
        b1.disconnect();
        b2.disconnect();
    }

    @Test
    void usersOfTwoLocalDomainsChat() throws Exception {
        XMPPTCPConnection alice = clients.login(clients.starttls("example.org", "alice", "alice-secret")
                .addEnabledSaslMechanism("PLAIN").setResource("multi"));
        XMPPTCPConnection local = newUser("x");
        BlockingQueue<Message> aliceIn = inbox(alice);
        BlockingQueue<Message> localIn = inbox(local);
        send(local, alice.getUser(), Message.Type.chat, "hi from chat.test");
        assertThat(aliceIn.poll(10, TimeUnit.SECONDS).getFrom().toString()).isEqualTo(local.getUser().toString());
        send(alice, local.getUser().asBareJid(), Message.Type.chat, "hi from example.org");
        assertThat(localIn.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("hi from example.org");
        alice.disconnect();
        local.disconnect();
    }

    @Test
    void carbonsCopyToOtherResources() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b1 = newUser("phone");
        XMPPTCPConnection b2 = login(b1.getUser().getLocalpart().toString(), "laptop");
        assertThat(CarbonManager.getInstanceFor(b2).isSupportedByServer()).isTrue();
        CarbonManager.getInstanceFor(b2).enableCarbons();
        BlockingQueue<CarbonExtension.Direction> copies = new LinkedBlockingQueue<>();
        CarbonManager.getInstanceFor(b2).addCarbonCopyReceivedListener((direction, message, wrapping) ->
                copies.add(direction));
        send(a, b1.getUser(), Message.Type.chat, "to the phone");
        assertThat(copies.poll(10, TimeUnit.SECONDS)).isEqualTo(CarbonExtension.Direction.received);
        send(b1, a.getUser().asBareJid(), Message.Type.chat, "from the phone");
        assertThat(copies.poll(10, TimeUnit.SECONDS)).isEqualTo(CarbonExtension.Direction.sent);
        a.disconnect();
        b1.disconnect();
        b2.disconnect();
    }

    @Test
    void blockedSendersAreNotDelivered() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b = newUser("b");
        BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(b);
        assertThat(blocking.isSupportedByServer()).isTrue();
        blocking.blockContacts(List.of(a.getUser().asBareJid()));
        assertThat(blocking.getBlockList()).containsExactly(a.getUser().asBareJid());
        BlockingQueue<Message> inB = inbox(b);
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        a.addAsyncStanzaListener(s -> errors.add((Message) s), s -> s instanceof Message m && m.getType() == Message.Type.error);
        send(a, b.getUser(), Message.Type.chat, "let me in");
        assertThat(errors.poll(10, TimeUnit.SECONDS).getError().getCondition())
                .isEqualTo(StanzaError.Condition.service_unavailable);
        assertThat((Object) inB.poll(300, TimeUnit.MILLISECONDS)).isNull();
        blocking.unblockAll();
        send(a, b.getUser(), Message.Type.chat, "now?");
        assertThat(inB.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("now?");
        a.disconnect();
        b.disconnect();
    }

    @Test
    void newerSessionWinsAResourceConflict() throws Exception {
        XMPPTCPConnection first = newUser("same");
        BlockingQueue<Exception> closed = new LinkedBlockingQueue<>();
        first.addConnectionListener(new org.jivesoftware.smack.ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.add(e);
            }
        });
        XMPPTCPConnection second = login(first.getUser().getLocalpart().toString(), "same");
        Exception e = closed.poll(10, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(XMPPException.StreamErrorException.class);
        assertThat(((XMPPException.StreamErrorException) e).getStreamError().getCondition().toString())
                .isEqualTo("conflict");
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(PingManager.getInstanceFor(second).pingMyServer()).isTrue();
        second.disconnect();
    }

    @Test
    void streamManagementResumesAfterADroppedConnection() throws Exception {
        XMPPTCPConnection a = newUser("a");
        String name = "u" + (++next);
        clients.register("chat.test", name, "pw-" + name);
        XMPPTCPConnection b = new XMPPTCPConnection(clients.starttls("chat.test", name, "pw-" + name)
                .setResource("mobile").build());
        b.setUseStreamManagement(true);
        b.setUseStreamManagementResumption(true);
        b.connect().login();
        assertThat(b.isSmEnabled()).isTrue();
        BlockingQueue<Message> inB = inbox(b);
        send(a, b.getUser(), Message.Type.chat, "before");
        assertThat(inB.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("before");

        b.instantShutdown();
        send(a, b.getUser(), Message.Type.chat, "while away");
        b.connect().login();
        assertThat(b.streamWasResumed()).isTrue();
        Message again = inB.poll(10, TimeUnit.SECONDS);
        assertThat((Object) again).isNotNull();
        assertThat(again.getBody()).isEqualTo("while away");
        a.disconnect();
        b.disconnect();
    }

    @Test
    void vCardsAreStoredAndReadableByOthers() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b = newUser("b");
        org.jivesoftware.smackx.vcardtemp.VCardManager mine =
                org.jivesoftware.smackx.vcardtemp.VCardManager.getInstanceFor(a);
        assertThat(mine.isSupported(a.getUser().asBareJid())).isTrue();
        org.jivesoftware.smackx.vcardtemp.packet.VCard card = new org.jivesoftware.smackx.vcardtemp.packet.VCard();
        card.setNickName("Ace \u00e9t\u00e9");
        card.setEmailHome("ace@example.net");
        mine.saveVCard(card);
        assertThat(mine.loadVCard().getNickName()).isEqualTo("Ace \u00e9t\u00e9");
        org.jivesoftware.smackx.vcardtemp.packet.VCard seen =
                org.jivesoftware.smackx.vcardtemp.VCardManager.getInstanceFor(b).loadVCard(a.getUser().asEntityBareJid());
        assertThat(seen.getEmailHome()).isEqualTo("ace@example.net");
        a.disconnect();
        b.disconnect();
    }

    @Test
    void preApprovedSubscriptionNeedsNoQuestion() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b = newUser("b");
        Roster ra = Roster.getInstanceFor(a);
        assertThat(ra.isSubscriptionPreApprovalSupported()).isTrue();
        BlockingQueue<Presence> asked = new LinkedBlockingQueue<>();
        a.addAsyncStanzaListener(s -> asked.add((Presence) s),
                s -> s instanceof Presence p && p.getType() == Presence.Type.subscribe);
        ra.preApprove(b.getUser().asBareJid());
        Roster rb = Roster.getInstanceFor(b);
        rb.createItemAndRequestSubscription(a.getUser().asBareJid(), null, null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(rb.getEntry(a.getUser().asBareJid()).getType()).isEqualTo(ItemType.to));
        assertThat((Object) asked.poll(300, TimeUnit.MILLISECONDS)).isNull();
        a.disconnect();
        b.disconnect();
    }

    @Test
    void directedPresenceReachesAStrangerAndEndsWithUnavailable() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b = newUser("b");
        BlockingQueue<Presence> atB = new LinkedBlockingQueue<>();
        b.addAsyncStanzaListener(s -> atB.add((Presence) s),
                s -> s instanceof Presence p && p.getFrom().asBareJid().equals(a.getUser().asBareJid()));
        a.sendStanza(a.getStanzaFactory().buildPresenceStanza().to(b.getUser()).setStatus("hello there").build());
        Presence first = atB.poll(10, TimeUnit.SECONDS);
        assertThat(first.getStatus()).isEqualTo("hello there");
        a.disconnect();
        Presence last = atB.poll(10, TimeUnit.SECONDS);
        assertThat(last.getType()).isEqualTo(Presence.Type.unavailable);
        b.disconnect();
    }

    @Test
    void inactiveClientsGetPresenceLater() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b = newUser("b");
        Roster ra = Roster.getInstanceFor(a);
        Roster rb = Roster.getInstanceFor(b);
        subscribeBoth(a, b);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(rb.getPresence(a.getUser().asBareJid()).isAvailable()).isTrue());
        assertThat(org.jivesoftware.smackx.csi.ClientStateIndicationManager.isSupported(b)).isTrue();
        BlockingQueue<Presence> atB = new LinkedBlockingQueue<>();
        b.addAsyncStanzaListener(s -> atB.add((Presence) s),
                s -> s instanceof Presence p && p.getFrom().asBareJid().equals(a.getUser().asBareJid()));
        org.jivesoftware.smackx.csi.ClientStateIndicationManager.inactive(b);
        PingManager.getInstanceFor(b).pingMyServer();
        for (String status : new String[] {"one", "two", "three"}) {
            a.sendStanza(a.getStanzaFactory().buildPresenceStanza().setStatus(status).build());
        }
        PingManager.getInstanceFor(a).pingMyServer();
        // XEP-0352: held back while inactive...
        assertThat((Object) atB.poll(300, TimeUnit.MILLISECONDS)).isNull();
        org.jivesoftware.smackx.csi.ClientStateIndicationManager.active(b);
        // ...and only the latest one is delivered when the client is active again
        Presence latest = atB.poll(10, TimeUnit.SECONDS);
        assertThat(latest.getStatus()).isEqualTo("three");
        assertThat((Object) atB.poll(300, TimeUnit.MILLISECONDS)).isNull();
        a.disconnect();
        b.disconnect();
    }

    @Test
    void blockingHidesPresenceAndUnblockingShowsItAgain() throws Exception {
        XMPPTCPConnection a = newUser("a");
        XMPPTCPConnection b = newUser("b");
        Roster ra = Roster.getInstanceFor(a);
        Roster rb = Roster.getInstanceFor(b);
        subscribeBoth(a, b);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ra.getPresence(b.getUser().asBareJid()).isAvailable()).isTrue());
        BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(b);
        blocking.blockContacts(List.of(a.getUser().asBareJid()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ra.getPresence(b.getUser().asBareJid()).isAvailable()).isFalse());
        blocking.unblockContacts(List.of(a.getUser().asBareJid()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ra.getPresence(b.getUser().asBareJid()).isAvailable()).isTrue());
        a.disconnect();
        b.disconnect();
    }

    @Test
    void privateXmlStorageKeepsBookmarksAcrossLogins() throws Exception {
        XMPPTCPConnection a = newUser("a");
        String name = a.getUser().getLocalpart().toString();
        org.jivesoftware.smackx.bookmarks.BookmarkManager bookmarks =
                org.jivesoftware.smackx.bookmarks.BookmarkManager.getBookmarkManager(a);
        assertThat(bookmarks.isSupported()).isTrue();
        EntityBareJid room = JidCreate.entityBareFrom("tea@conference.chat.test");
        bookmarks.addBookmarkedConference("Tea", room, true, org.jxmpp.jid.parts.Resourcepart.from("me"), null);
        a.disconnect();

        XMPPTCPConnection again = login(name, "again");
        var stored = org.jivesoftware.smackx.bookmarks.BookmarkManager.getBookmarkManager(again)
                .getBookmarkedConferences();
        assertThat(stored).extracting(c -> c.getJid().toString()).containsExactly("tea@conference.chat.test");
        assertThat(stored.get(0).isAutoJoin()).isTrue();
        // XEP-0049 §3: another user's private data is not readable
        XMPPTCPConnection b = newUser("b");
        org.jivesoftware.smack.packet.IQ peek = new org.jivesoftware.smackx.iqprivate.packet.PrivateDataIQ(
                "storage", "storage:bookmarks");
        peek.setTo(again.getUser().asBareJid());
        assertThatThrownBy(() -> b.sendIqRequestAndWaitForResponse(peek)).isInstanceOfSatisfying(
                XMPPException.XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
        again.disconnect();
        b.disconnect();
    }
}
