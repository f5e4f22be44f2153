package org.parloir.xmpp.router;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.spi.SubdomainService;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SubdomainService} of another context as one of our components: its stanzas run serialised per
 * addressed entity (a number JID, or the service itself) on the XMPP workers, off the connection threads.
 */
public final class ServiceComponent implements Component {

    private static final Logger log = LoggerFactory.getLogger(ServiceComponent.class);

    private final SubdomainService service;
    private final SerialExecutor serial;
    private final Supplier<StanzaOutbox> outbox;

    /** {@code outbox}: looked up at first use (the IM context that delivers is built after the components). */
    public ServiceComponent(SubdomainService service, SerialExecutor serial, Supplier<StanzaOutbox> outbox) {
        this.service = service;
        this.serial = serial;
        this.outbox = outbox;
    }

    /** One entry per served domain: {@code <subdomain>.<domain>}. */
    public List<Components.Entry> entries(List<String> servedDomains) {
        List<Components.Entry> list = new ArrayList<>();
        for (String domain : servedDomains) {
            list.add(new Components.Entry(service.subdomain() + "." + domain, domain, this));
        }
        return list;
    }

    @Override
    public void fromClient(ClientSession session, Element stanza) {
        handOff(stanza, session);
    }

    @Override
    public void fromServer(Element stanza) {
        handOff(stanza, null);
    }

    private void handOff(Element stanza, ClientSession session) {
        Jid to = jid(stanza.attribute("to"));
        if (to == null) {
            return;
        }
        Runnable task = () -> service.receive(stanza, outbox.get());
        // what the server owes on a user's behalf is never refused; a client's own stanzas are bounded per target
        var done = session == null ? serial.submitEssential(to.asBareJid(), task) : serial.submit(to.asBareJid(), task);
        done.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            boolean busy = cause instanceof RejectedExecutionException;
            if (!busy) {
                log.warn("{} to {} failed", stanza.name(), to, cause);
            }
            if (session != null && Stanzas.isIq(stanza) && !"result".equals(stanza.attribute("type"))
                    && !"error".equals(stanza.attribute("type"))) {
                session.deliver(Stanzas.error(stanza, busy
                        ? StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT, "server busy")
                        : StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR)));
            }
            return null;
        });
    }

    @Override
    public void unbound(ClientSession session) {
        service.resourceGone(session.jid().toString());
    }

    private static Jid jid(String value) {
        try {
            return value == null ? null : JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}
