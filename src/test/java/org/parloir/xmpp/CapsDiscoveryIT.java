package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.AbstractNodeInformationProvider;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.XmppClients;
import org.parloir.xmpp.api.XmppDevices;

/**
 * XEP-0115 from the server's side, with Smack's own caps: the server learns what a resource can do by asking it
 * once per hash, verifies the hash, and answers other resources with the same hash from memory; a hash the answer
 * does not match is never remembered.
 */
class CapsDiscoveryIT {

    private static final String AUDIO = "urn:xmpp:jingle:apps:rtp:audio";

    @RegisterExtension
    static final SharedServer SERVER = Profiles.xmppTwoDomains();
    static XmppClients clients;
    static int next;

    @BeforeAll
    static void clients() throws Exception {
        clients = new XmppClients(SERVER.server(), SERVER.dataDir().resolve("tls-self-signed.p12"));
    }

    /** A new account's resource whose caps advertise audio calls and a feature of its own (a hash nobody had). */
    static XMPPTCPConnection login(String name, String resource) throws Exception {
        XMPPTCPConnection c = clients.login(clients.starttls("chat.test", name, "pw-" + name).setResource(resource)
                .setSendPresence(false));
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(c);
        disco.addFeature(AUDIO);
        disco.addFeature("urn:parloir:test:" + name);
        return c;
    }

    static double queries() {
        return SERVER.bean(MeterRegistry.class).get("parloir.xmpp.caps.queries").functionCounter().count();
    }

    @Test
    void aResourceIsKnownByItsCapsAndASecondOneWithTheSameHashIsNotAskedAgain() throws Exception {
        String name = "caps" + (++next);
        clients.register("chat.test", name, "pw-" + name);
        XmppDevices devices = SERVER.bean(XmppDevices.class);

        XMPPTCPConnection first = login(name, "one");
        first.sendStanza(PresenceBuilder.buildPresence().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> devices.resourcesWith(name + "@chat.test", List.of(AUDIO))
                .contains(name + "@chat.test/one"));
        // Smack announces every hash its features went through (it re-sends presence when they change): all are
        // asked about once, by the first resource
        double afterFirst = queries();
        XMPPTCPConnection second = login(name, "two");
        second.sendStanza(PresenceBuilder.buildPresence().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> devices.resourcesWith(name + "@chat.test", List.of(AUDIO))
                .contains(name + "@chat.test/two"));

        assertThat(queries()).as("the second resource's hashes are known").isEqualTo(afterFirst);
        assertThat(devices.resourcesWith(name + "@chat.test", List.of("urn:example:nothing"))).isEmpty();
        first.disconnect();
        second.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> devices.resourcesWith(name + "@chat.test",
                List.of(AUDIO)).isEmpty());
    }

    @Test
    void aHashThatDoesNotMatchTheAnswerIsAskedAboutEveryTime() throws Exception {
        String name = "caps" + (++next);
        clients.register("chat.test", name, "pw-" + name);
        XmppDevices devices = SERVER.bean(XmppDevices.class);
        String forgedFeature = "urn:parloir:test:forged:" + name;

        XMPPTCPConnection one = forging(login(name, "one"), forgedFeature);
        double before = queries();
        one.sendNonza(forgedPresence());
        // the answer gives the resource its features, but they do not hash to the announced ver: not remembered
        await().atMost(Duration.ofSeconds(10)).until(() -> devices.resourcesWith(name + "@chat.test",
                List.of(forgedFeature)).contains(name + "@chat.test/one"));
        assertThat(queries()).isEqualTo(before + 1);
        XMPPTCPConnection two = forging(login(name, "two"), forgedFeature);
        two.sendNonza(forgedPresence());
        await().atMost(Duration.ofSeconds(10)).until(() -> devices.resourcesWith(name + "@chat.test",
                List.of(forgedFeature)).contains(name + "@chat.test/two"));

        assertThat(queries()).as("asked again").isEqualTo(before + 2);
        one.disconnect();
        two.disconnect();
    }

    private static final String FORGED_NODE = "https://example.org/forged";
    private static final String FORGED_VER = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    /** Smack answers disco#info of the forged node#ver with one feature, which is not what the ver hashes. */
    static XMPPTCPConnection forging(XMPPTCPConnection c, String feature) {
        ServiceDiscoveryManager.getInstanceFor(c).setNodeInformationProvider(FORGED_NODE + "#" + FORGED_VER,
                new AbstractNodeInformationProvider() {
                    @Override
                    public List<String> getNodeFeatures() {
                        return List.of(feature);
                    }

                    @Override
                    public List<DiscoverInfo.Identity> getNodeIdentities() {
                        return List.of(new DiscoverInfo.Identity("client", "pc", "forger"));
                    }
                });
        return c;
    }

    /** A presence with caps of our own: sent as a nonza, past Smack's caps interceptor, which would replace them. */
    static Nonza forgedPresence() {
        return new Nonza() {
            @Override
            public String getElementName() {
                return "presence";
            }

            @Override
            public String getNamespace() {
                return "jabber:client";
            }

            @Override
            public CharSequence toXML(XmlEnvironment environment) {
                return "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='" + FORGED_NODE
                        + "' ver='" + FORGED_VER + "'/></presence>";
            }
        };
    }
}
