package org.parloir.xmpp.im;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.parloir.directory.api.UserDirectory;
import org.parloir.xmpp.XmppProperties;
import org.parloir.xmpp.router.Addressing;
import org.parloir.xmpp.router.Components;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqHandlers;
import org.parloir.xmpp.router.SerialExecutor;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wires IM and presence: rosters, block lists, offline storage and the stanza router of client streams. */
@Configuration(proxyBeanMethods = false)
@Import(ImStoreConfiguration.class)
public class ImConfiguration {

    /** IQ handlers of the IM context, for the registry. */
    public record ImIqHandlers(List<IqHandler> handlers) {
    }

    @Bean
    Blocklists blocklists(BlocklistStore store) {
        return new Blocklists(store);
    }

    @Bean
    Im im(XmppProperties props, Addressing addressing, SessionRegistry registry, SerialExecutor serial,
          RosterStore rosters, Blocklists blocklists, OfflineStore offline, UserDirectory directory,
          Components components) {
        return new Im(props, addressing, registry, serial, new Rosters(rosters), blocklists, offline, directory,
                components, new AtomicLong());
    }

    @Bean
    OfflineDelivery offlineDelivery(OfflineStore store, OfflineWriter offlineWriter, XmppProperties props) {
        return new OfflineDelivery(store, offlineWriter, props.offline().maxPerUser());
    }

    /** One writer thread; up to 10,000 messages waiting for it (a full queue bounces with resource-constraint). */
    @Bean(destroyMethod = "close")
    OfflineWriter offlineWriter(OfflineStore store, XmppProperties props,
                                org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        OfflineWriter writer = new OfflineWriter(store, props.offline().maxPerUser(), 10_000);
        meters.ifAvailable(registry -> io.micrometer.core.instrument.Gauge.builder("parloir.xmpp.offline.queue", writer,
                OfflineWriter::waiting).description("offline messages waiting for their group commit")
                .register(registry));
        return writer;
    }

    /**
     * The virtual resource of another context (the Jingle bridge's {@code <account>/parloir-sip}), looked up when
     * first needed: the bridge is built after the XMPP server.
     */
    @Bean
    VirtualResources xmppVirtualResources(Im im, org.springframework.beans.factory.ObjectProvider<
            org.parloir.xmpp.spi.VirtualResource> resource) {
        return new VirtualResources(im, resource::getIfAvailable, new PresenceDelivery(im));
    }

    @Bean
    Subscriptions xmppSubscriptions(Im im, VirtualResources virtual) {
        return new Subscriptions(im, new PresenceDelivery(im), virtual);
    }

    @Bean
    PresenceHandler presenceHandler(Im im, OfflineDelivery offline, Subscriptions subscriptions, CapsDiscovery caps,
                                    VirtualResources virtual) {
        return new PresenceHandler(im, offline, new PresenceDelivery(im), subscriptions, caps, virtual);
    }

    /** XEP-0115: what the clients' caps stand for, verified. */
    @Bean
    CapsDiscovery xmppCapsDiscovery(org.springframework.beans.factory.ObjectProvider<
            io.micrometer.core.instrument.MeterRegistry> meters) {
        CapsDiscovery caps = new CapsDiscovery();
        meters.ifAvailable(m -> io.micrometer.core.instrument.Gauge.builder("parloir.xmpp.caps.known", caps,
                CapsDiscovery::knownHashes).description("verified XEP-0115 hashes in memory").register(m));
        meters.ifAvailable(m -> io.micrometer.core.instrument.FunctionCounter.builder("parloir.xmpp.caps.queries",
                caps, CapsDiscovery::queries).description("disco#info questions the server sent to clients about"
                + " XEP-0115 hashes it did not know").register(m));
        return caps;
    }

    @Bean
    ImIqHandlers imIqHandlers(Im im, Subscriptions subscriptions) {
        List<IqHandler> list = new ArrayList<>(BlockingHandler.all(im));
        list.add(new RosterHandler(im, subscriptions));
        return new ImIqHandlers(List.copyOf(list));
    }

    /** Told by the directory when an account is deleted. */
    @Bean
    AccountPurge xmppAccountPurge(Im im, Subscriptions subscriptions, RosterStore rosters, VCardStore vcards,
                                  PrivateXmlStore privateXml) {
        return new AccountPurge(im, subscriptions, rosters, vcards, privateXml);
    }

    @Bean
    MessageHandler xmppMessages(Im im, OfflineDelivery offline, VirtualResources virtual) {
        MessageHandler messages = new MessageHandler(im, offline, virtual);
        virtual.messages(messages);
        return messages;
    }

    @Bean
    ImDispatcher imDispatcher(Im im, PresenceHandler presence, MessageHandler messages, IqHandlers handlers,
                              CapsDiscovery caps, VirtualResources virtual) {
        return new ImDispatcher(im, presence, messages, handlers, caps, virtual);
    }

    /** How the services of other contexts on our component domains (the telephone gateway) reach local users. */
    @Bean
    StanzaOutbox xmppServiceOutbox(Im im, Subscriptions subscriptions, MessageHandler messages) {
        return new ServiceOutbox(im, subscriptions, new PresenceDelivery(im), messages);
    }
}
