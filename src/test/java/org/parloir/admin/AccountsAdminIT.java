package org.parloir.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.TestDomains;
import org.parloir.testing.XmppClients;
import org.parloir.xmpp.im.OfflineStore;
import org.parloir.xmpp.im.RosterStore;
import org.parloir.xmpp.im.VCardStore;

/**
 * Accounts of a local-accounts domain (chat.test) created, changed and deleted over {@code /actuator/accounts}, and
 * deleted by their user (XEP-0077 §3.2), with what the server kept for them: roster, offline messages, vCard, SIP
 * registrations, sessions.
 */
class AccountsAdminIT {

    @TempDir
    static Path data;
    static ParloirServer server;
    static XmppClients clients;
    static AdminHttp http;
    static int next;

    @BeforeAll
    static void start() throws Exception {
        // in-band registration is on, but every account here is made over HTTP
        server = TestDomains.directoryAndLocal(data).start();
        clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
        http = new AdminHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A new account on chat.test created over HTTP; its name. */
    static String created(String prefix) throws Exception {
        String name = prefix + (++next);
        HttpResponse<String> answer = http.post("/actuator/accounts",
                "{\"address\":\"" + name + "@chat.test\",\"password\":\"pw-" + name + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return name;
    }

    static XMPPTCPConnection login(String name, String password) throws Exception {
        return clients.login(clients.starttls("chat.test", name, password));
    }

    static AtomicReference<Exception> closedOnError(XMPPTCPConnection c) {
        AtomicReference<Exception> closed = new AtomicReference<>();
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.set(e);
            }
        });
        return closed;
    }

    static StreamError.Condition condition(Exception e) {
        assertThat(e).isInstanceOf(StreamErrorException.class);
        return ((StreamErrorException) e).getStreamError().getCondition();
    }

    @Test
    void anAccountCreatedOverHttpLogsInAndItsPasswordChanges() throws Exception {
        String name = created("dan");
        login(name, "pw-" + name).disconnect();
        HttpResponse<String> again = http.post("/actuator/accounts",
                "{\"address\":\"" + name.toUpperCase(java.util.Locale.ROOT) + "@chat.test\",\"password\":\"x\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);

        HttpResponse<String> changed = http.post("/actuator/accounts/" + name + "@chat.test",
                "{\"password\":\"new-" + name + "\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThatThrownBy(() -> login(name, "pw-" + name)).isInstanceOf(SASLErrorException.class);
        login(name, "new-" + name).disconnect();
        assertThat(http.post("/actuator/accounts/nobody@chat.test", "{\"password\":\"x\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void badRequestsAreRefusedWithJsonErrors() throws Exception {
        HttpResponse<String> empty = http.post("/actuator/accounts", "{\"address\":\"eve@chat.test\",\"password\":\"\"}");
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(empty.body()).contains("\"error\"").contains("empty password");
        HttpResponse<String> notAnAddress = http.post("/actuator/accounts",
                "{\"address\":\"no-domain\",\"password\":\"x\"}");
        assertThat(notAnAddress.statusCode()).isEqualTo(400);
        assertThat(notAnAddress.body()).contains("not an account address");
        HttpResponse<String> badLocal = http.post("/actuator/accounts",
                "{\"address\":\"a b@chat.test\",\"password\":\"x\"}");
        assertThat(badLocal.statusCode()).isEqualTo(400);
        HttpResponse<String> foreign = http.post("/actuator/accounts",
                "{\"address\":\"eve@elsewhere.test\",\"password\":\"x\"}");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("not a domain of this server");
        assertThat(http.post("/actuator/accounts", "{\"address\":\"eve@chat.test\"}").statusCode()).isEqualTo(400);
        assertThat(http.delete("/actuator/accounts/nobody@chat.test").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeletedAccountCannotLogInAndItsDataIsGone() throws Exception {
        String dora = created("dora");
        String ed = created("ed");
        String doraJid = dora + "@chat.test";
        BareJid doraBare = JidCreate.bareFrom(doraJid);
        XMPPTCPConnection d = login(dora, "pw-" + dora);
        XMPPTCPConnection e = login(ed, "pw-" + ed);
        Roster de = Roster.getInstanceFor(e);
        try (SipUa phone = new SipUa(dora)) {
            Roster dr = Roster.getInstanceFor(d);
            dr.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            de.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            dr.createItemAndRequestSubscription(e.getUser().asBareJid(), null, null);
            de.createItemAndRequestSubscription(doraBare, null, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> de.getEntry(doraBare) != null
                    && de.getEntry(doraBare).getType() == ItemType.both);
            VCard card = new VCard();
            card.setNickName("Dora");
            VCardManager.getInstanceFor(d).saveVCard(card);
            assertThat(phone.register(dora, "chat.test", "pw-" + dora, "MD5", 600, server.sipHostPort())
                    .getStatusCode()).isEqualTo(200);
            d.disconnect();
            e.sendStanza(e.getStanzaFactory().buildMessageStanza().to(doraBare).ofType(Message.Type.chat)
                    .setBody("for later").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.bean(OfflineStore.class).count(doraJid) == 1);
            assertThat(server.bean(RosterStore.class).items(doraJid)).isNotEmpty();
            assertThat(server.bean(VCardStore.class).get(doraJid)).isPresent();
            assertThat(http.get("/actuator/registrations/" + doraJid)).contains(phone.contact());

            HttpResponse<String> deleted = http.delete("/actuator/accounts/" + doraJid);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            // answered once the data is gone
            assertThat(server.bean(OfflineStore.class).count(doraJid)).isZero();
            assertThat(server.bean(RosterStore.class).items(doraJid)).isEmpty();
            assertThat(server.bean(VCardStore.class).get(doraJid)).isEmpty();
            assertThat(http.get("/actuator/registrations/" + doraJid)).isEqualTo("[]");
            assertThatThrownBy(() -> login(dora, "pw-" + dora)).isInstanceOf(SASLErrorException.class);
            // the contact was unsubscribed both ways (RFC 6121 §2.5.2), its item stays in its roster
            await().atMost(Duration.ofSeconds(10)).until(() -> de.getEntry(doraBare).getType() == ItemType.none);
            assertThat(http.delete("/actuator/accounts/" + doraJid).statusCode()).isEqualTo(404);
        } finally {
            e.disconnect();
        }
    }

    @Test
    void deletingAnOnlineAccountEndsItsSessions() throws Exception {
        String gus = created("gus");
        XMPPTCPConnection online = login(gus, "pw-" + gus);
        AtomicReference<Exception> closed = closedOnError(online);
        assertThat(http.delete("/actuator/accounts/" + gus + "@chat.test").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
        assertThat(condition(closed.get())).isEqualTo(StreamError.Condition.not_authorized);
    }

    @Test
    void aUserDeletesTheirOwnAccountInBand() throws Exception {
        String fay = created("fay");
        XMPPTCPConnection c = login(fay, "pw-" + fay);
        AtomicReference<Exception> closed = closedOnError(c);
        XMPPTCPConnection other = login(fay, "pw-" + fay);
        AtomicReference<Exception> otherClosed = closedOnError(other);
        // XEP-0077 §3.2: the result (deleteAccount returns), then the stream ends with not-authorized
        AccountManager.getInstance(c).deleteAccount();
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
        assertThat(condition(closed.get())).isEqualTo(StreamError.Condition.not_authorized);
        await().atMost(Duration.ofSeconds(10)).until(() -> otherClosed.get() != null);
        assertThat(condition(otherClosed.get())).isEqualTo(StreamError.Condition.not_authorized);
        assertThatThrownBy(() -> login(fay, "pw-" + fay)).isInstanceOf(SASLErrorException.class);
        assertThat(http.delete("/actuator/accounts/" + fay + "@chat.test").statusCode()).isEqualTo(404);
    }

    @Test
    void theEndpointNeedsTheAdmin() throws Exception {
        assertThat(http.send("POST", "/actuator/accounts", "{\"address\":\"x@chat.test\",\"password\":\"x\"}", null)
                .statusCode()).isEqualTo(401);
        assertThat(http.send("DELETE", "/actuator/accounts/x@chat.test", null, "wrong").statusCode()).isEqualTo(401);
        assertThat(http.send("POST", "/actuator/accounts/x@chat.test", "{\"password\":\"x\"}", null).statusCode())
                .isEqualTo(401);
    }
}
