package org.parloir.xmpp.muc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.xmpp.XmppProperties;
import org.parloir.xmpp.api.ChatRoom;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.Component;
import org.parloir.xmpp.router.Components;
import org.parloir.xmpp.router.SerialExecutor;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XEP-0045 multi-user chat service, {@code <subdomain>.<domain>} for every served domain. Each room's work
 * runs serialised (keyed by the room's JID) on the XMPP workers; rooms live in memory. Handler errors are mapped
 * to stanza errors here, once.
 */
public final class MucService implements Component {

    private static final Logger log = LoggerFactory.getLogger(MucService.class);

    private final XmppProperties.Muc props;
    private final List<String> servedDomains;
    private final SerialExecutor serial;
    private final Rooms rooms;
    private final Occupancy occupancy;
    private final RoomMessages messages;
    private final RoomIqs iqs;
    private final RoomOwner owner;

    public MucService(XmppProperties.Muc props, List<String> servedDomains, SessionRegistry registry,
                      SerialExecutor serial) {
        this.props = props;
        this.servedDomains = List.copyOf(servedDomains);
        this.serial = serial;
        this.rooms = new Rooms(props.maxRooms(), props.history());
        Delivery delivery = new Delivery(registry);
        this.occupancy = new Occupancy(rooms, delivery, props.maxOccupants());
        this.messages = new RoomMessages(rooms, delivery);
        this.owner = new RoomOwner(rooms, occupancy, delivery, props.maxOccupants());
        this.iqs = new RoomIqs(rooms, delivery, new MucDisco(rooms), new RoomAdmin(occupancy, delivery), owner);
    }

    /** The service's domains, one under each served domain, for the component registry. */
    public List<Components.Entry> entries() {
        List<Components.Entry> list = new ArrayList<>();
        for (String domain : servedDomains) {
            list.add(new Components.Entry(props.subdomain() + "." + domain, domain, this));
        }
        return list;
    }

    /** Rooms that exist now. */
    public int rooms() {
        return rooms.size();
    }

    // ---- administration ----

    /** Every room, each read in its own serialised work; waits at most {@code timeout} for them. */
    public List<ChatRoom> list(Duration timeout) throws Exception {
        Queue<ChatRoom> found = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Room r : rooms.all()) {
            reads.add(serial.submitEssential(r.jid(), () -> {
                if (rooms.get(r.jid()) == r) {
                    found.add(new ChatRoom(r.jid().toString(), r.displayName(), r.size(), r.config().persistent(),
                            r.locked()));
                }
            }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return found.stream().sorted(Comparator.comparing(ChatRoom::jid)).toList();
    }

    /** Destroys the room as its owner would (XEP-0045 §10.9), in its serialised work; false when there is none. */
    public boolean destroy(EntityBareJid jid, String reason, Duration timeout) throws Exception {
        AtomicBoolean destroyed = new AtomicBoolean();
        serial.submitEssential(jid, () -> {
            Room room = rooms.get(jid);
            if (room != null) {
                owner.destroy(room, Element.builder("destroy", Namespaces.MUC_OWNER).child(reason == null
                        || reason.isBlank() ? null : Element.builder("reason", Namespaces.MUC_OWNER).text(reason)
                        .build()).build());
                log.info("{}: destroyed by an administrator", jid);
                destroyed.set(true);
            }
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return destroyed.get();
    }

    @Override
    public void fromClient(ClientSession session, Element stanza) {
        Jid to = jid(stanza.attribute("to"));
        if (to == null) {
            reply(session, stanza, StanzaError.of(Condition.JID_MALFORMED));
            return;
        }
        EntityBareJid room = to.asEntityBareJidIfPossible();
        serial.submit(room != null ? room : to.asDomainBareJid(), () -> handle(session, stanza, to, room))
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof RejectedExecutionException) {
                        reply(session, stanza, StanzaError.of(Condition.RESOURCE_CONSTRAINT, "server busy"));
                    } else {
                        log.warn("{}: {} to {} failed", session.jid(), stanza.name(), to, cause);
                        reply(session, stanza, StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
                    }
                    return null;
                });
    }

    @Override
    public void unbound(ClientSession session) {
        EntityFullJid jid = session.jid();
        for (EntityBareJid room : rooms.forget(jid)) {
            serial.submit(room, () -> occupancy.gone(rooms.get(room), jid));
        }
    }

    private void handle(ClientSession session, Element stanza, Jid to, EntityBareJid room) {
        try {
            String nick = to.hasResource() ? to.getResourceOrThrow().toString() : null;
            if (room == null) {
                toService(session, stanza, to);
            } else if (Stanzas.isPresence(stanza)) {
                occupancy.presence(session.jid(), stanza, room, nick);
            } else if (Stanzas.isMessage(stanza)) {
                messages.message(session.jid(), stanza, room, nick);
            } else if (nick != null) {
                iqs.occupant(session.jid(), stanza, room, nick);
            } else if (isRequest(stanza)) {
                answer(session, stanza, iqs.room(session.jid(), stanza, room));
            }
        } catch (StanzaException e) {
            reply(session, stanza, e.error());
        }
        // anything else fails the task: fromClient logs it and answers internal-server-error
    }

    private void toService(ClientSession session, Element stanza, Jid to) {
        if (Stanzas.isIq(stanza) && isRequest(stanza)) {
            answer(session, stanza, iqs.service(stanza, to.asDomainBareJid()));
        } else if (Stanzas.isMessage(stanza)) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE, "send messages to a room");
        }
    }

    private static boolean isRequest(Element iq) {
        return "get".equals(iq.attribute("type")) || "set".equals(iq.attribute("type"));
    }

    private static void answer(ClientSession session, Element iq, Element payload) {
        session.deliver(Stanzas.result(iq, payload).withAttribute("to", session.jid().toString()));
    }

    /** The error reply, from the address the stanza was sent to; never to an error or an IQ result. */
    private static void reply(ClientSession session, Element stanza, StanzaError error) {
        String type = stanza.attribute("type");
        boolean answerable = Stanzas.isPresence(stanza) ? type == null : !"error".equals(type) && !"result".equals(type);
        if (answerable) {
            // a refused presence is not echoed (RFC 6120 §8.3.1 leaves it optional): it may hold the room password
            Element original = Stanzas.isPresence(stanza) ? stanza.withChildren(List.of()) : stanza;
            session.deliver(Stanzas.error(original, error).withAttribute("to", session.jid().toString()));
        }
    }

    private static Jid jid(String value) {
        try {
            return value == null ? null : JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}
