package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.XmppClients;

/** Messages to an offline user are stored, survive a restart, and arrive with a delay stamp at the next login. */
class XmppOfflineIT {

    @TempDir
    Path data;

    @Test
    void offlineMessagesSurviveARestart() throws Exception {
        ParloirServer first = XmppTestServers.twoDomains(data).start();
        XmppClients clients = new XmppClients(first, data.resolve("tls-self-signed.p12"));
        XMPPTCPConnection anonymous = new XMPPTCPConnection(clients.starttls("chat.test", null, null).build());
        anonymous.connect();
        AccountManager.getInstance(anonymous).createAccount(Localpart.from("olga"), "olga-pass");
        anonymous.disconnect();
        XMPPTCPConnection alice = clients.login(clients.starttls("example.org", "alice", "alice-secret")
                .addEnabledSaslMechanism("PLAIN"));
        for (int i = 1; i <= 3; i++) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.bareFrom("olga@chat.test"))
                    .ofType(Message.Type.chat).setBody("while you were out " + i).build());
        }
        // a round trip, so the messages were processed before the restart
        org.jivesoftware.smackx.ping.PingManager.getInstanceFor(alice).pingMyServer();
        alice.disconnect();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                first.bean(org.parloir.xmpp.im.OfflineStore.class).count("olga@chat.test") == 3);
        first.stop();

        ParloirServer second = new ParloirServer(data, first.sipPort());
        XmppTestServers.copyXmppSettings(first, second);
        second.start();
        try {
            XmppClients again = new XmppClients(second, data.resolve("tls-self-signed.p12"));
            XMPPTCPConnection olga = new XMPPTCPConnection(again.starttls("chat.test", "olga", "olga-pass").build());
            BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
            // in order: asynchronous listeners may see the three messages in any order
            olga.addSyncStanzaListener(s -> inbox.add((Message) s), s -> s instanceof Message m && m.getBody() != null);
            olga.connect().login();
            for (int i = 1; i <= 3; i++) {
                Message m = inbox.poll(10, TimeUnit.SECONDS);
                assertThat((Object) m).as("offline message " + i).isNotNull();
                assertThat(m.getBody()).isEqualTo("while you were out " + i);
                assertThat(m.getFrom().asBareJid().toString()).isEqualTo("alice@example.org");
                assertThat(DelayInformation.from(m)).isNotNull();
            }
            olga.disconnect();
            // deleted once handed to the connection (OfflineDelivery): after the last write, not before the client
            // has read it, so the count is awaited
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(second.bean(org.parloir.xmpp.im.OfflineStore.class).count("olga@chat.test")).isZero());
        } finally {
            second.stop();
        }
    }
}
