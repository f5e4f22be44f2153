package org.parloir.xmpp.im;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.jxmpp.jid.BareJid;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqHandlers;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.router.Route;
import org.parloir.xmpp.router.StanzaRouter;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stanza router of the c2s side: resolves the address, then hands messages to {@link MessageHandler}, presence
 * to {@link PresenceHandler} (in the sender's serialised work) and IQs to the registered handlers or the addressed
 * resource (RFC 6120 §10). Every IQ get/set gets an answer.
 */
public final class ImDispatcher implements StanzaRouter {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private static final Logger log = LoggerFactory.getLogger(ImDispatcher.class);

    private final Im im;
    private final PresenceHandler presence;
    private final CapsDiscovery caps;
    private final MessageHandler messages;
    private final IqHandlers handlers;
    private final VirtualResources virtual;

    ImDispatcher(Im im, PresenceHandler presence, MessageHandler messages, IqHandlers handlers, CapsDiscovery caps,
                 VirtualResources virtual) {
        this.caps = caps;
        this.virtual = virtual;
        this.im = im;
        this.presence = presence;
        this.messages = messages;
        this.handlers = handlers;
    }

    @Override
    public void bound(ClientSession session) {
        String owner = session.jid().asBareJid().toString();
        im.serial().submit(owner, () -> {
            im.blocklists().load(owner);
            im.rosters().of(owner);
        });
    }

    @Override
    public CompletionStage<Void> fromClient(ClientSession session, Element stanza) {
        try {
            Route route = im.addressing().resolve(stanza.attribute("to"), session.jid());
            if (Stanzas.isMessage(stanza)) {
                return messages.outbound(session, stanza, route);
            } else if (Stanzas.isPresence(stanza) && route instanceof Route.Component c
                    && SubscriptionRules.Request.of(stanza.attribute("type")).isEmpty()) {
                // on this thread, in order with the client's messages to the same room (RFC 6120 §10.1)
                presence.toComponent(session, stanza, c);
                return DONE;
            } else if (Stanzas.isPresence(stanza)) {
                return submit(session, stanza, () -> presence.outbound(session, stanza, route));
            } else {
                return iq(session, stanza, route);
            }
        } catch (RuntimeException e) {
            log.warn("{}: stanza failed: {}", session.jid(), e.toString(), e);
            reply(session, stanza, StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR));
            return DONE;
        }
    }

    @Override
    public void unbound(ClientSession session, List<Element> undelivered) {
        im.components().all().forEach(c -> c.unbound(session));
        virtual.gone(session);
        String owner = session.jid().asBareJid().toString();
        // owed to the contacts (unavailable) and to the senders (re-routing): never refused under load
        im.serial().submitEssential(owner, () -> {
            presence.ended(session);
            for (Element e : undelivered) {
                // XEP-0198 §5: what the client never acknowledged is routed again as if it were new
                if (Stanzas.isMessage(e) && e.attribute("to") != null) {
                    messages.toAccount(e.withAttribute("to", owner), session.jid().asBareJid(),
                            MessageHandler.type(e), null);
                } else if (Stanzas.isIq(e) && ("get".equals(e.attribute("type")) || "set".equals(e.attribute("type")))) {
                    // RFC 6120 §8.2.3: a request is never left unanswered
                    ClientSession asker = im.registry().session(Im.jid(e.attribute("from")));
                    if (asker != null) {
                        asker.deliver(Stanzas.error(e, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE)));
                    }
                }
            }
        });
    }

    /** An IQ: the answer completes after the handler ran (its writes committed) and its result was sent. */
    private CompletionStage<Void> iq(ClientSession session, Element iq, Route route) {
        String type = iq.attribute("type");
        boolean request = "get".equals(type) || "set".equals(type);
        if (!request && !"result".equals(type) && !"error".equals(type) || iq.attribute("id") == null) {
            reply(session, iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "IQ needs an id and a type"));
            return DONE;
        }
        switch (route) {
            case Route.Malformed m -> {
                if (request) {
                    reply(session, iq, StanzaError.of(StanzaError.Condition.JID_MALFORMED));
                }
            }
            case Route.Remote r -> {
                if (request) {
                    reply(session, iq, StanzaError.of(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND));
                }
            }
            case Route.Component c -> im.components().find(c.address().getDomain().toString())
                    .fromClient(session, iq);
            case Route.Resource r when virtual.addresses(r.full()) -> virtual.iq(iq, session);
            case Route.Resource r -> {
                ClientSession target = im.registry().session(r.full());
                Boolean blocked = target == null ? null
                        : im.blocklists().blocksCached(target.jid().asBareJid().toString(), session.jid());
                if (target != null && blocked != Boolean.TRUE) {
                    target.deliver(iq);
                } else if (request) {
                    reply(session, iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
                }
            }
            case Route.Server s -> {
                if (!request) {
                    caps.answered(session, iq);
                } else {
                    return handle(session, iq, new IqRequest(session, s.domain(), null, iq), false);
                }
            }
            case Route.Account a -> {
                if (request) {
                    return handle(session, iq, new IqRequest(session, a.bare().asDomainBareJid(), a.bare(), iq), true);
                }
            }
        }
        return DONE;
    }

    private CompletionStage<Void> handle(ClientSession session, Element iq, IqRequest request, boolean forAccount) {
        List<Element> payload = iq.elements();
        if (payload.size() != 1) {
            // RFC 6120 §8.2.3: exactly one child in get and set
            reply(session, iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "an IQ request has one payload"));
            return DONE;
        }
        Element child = payload.get(0);
        IqHandler handler = handlers.find(forAccount, child.name(), child.namespace());
        if (handler == null) {
            reply(session, iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return DONE;
        }
        if (forAccount && !request.own() && blocked(request.account(), session)) {
            reply(session, iq, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
            return DONE;
        }
        return submit(session, iq, () -> {
            Element answer;
            try {
                if (forAccount && !request.own() && !AccountExistence.exists(im, request.account().toString())) {
                    // RFC 6121 §8.5.1: no such user
                    throw new StanzaException(StanzaError.Condition.SERVICE_UNAVAILABLE);
                }
                answer = handler.handle(request);
            } catch (StanzaException e) {
                answer = Stanzas.error(iq, e.error());
            } catch (RuntimeException e) {
                log.warn("{}: {} failed", session.jid(), handler.getClass().getSimpleName(), e);
                answer = Stanzas.error(iq, StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR));
            }
            if (answer != null) {
                // null: the handler answered itself (a roster result must precede its pushes)
                session.deliver(answer.withAttribute("to", session.jid().toString()));
            }
        });
    }

    private boolean blocked(BareJid account, ClientSession requester) {
        return im.blocklists().blocksCached(account.toString(), requester.jid()) == Boolean.TRUE;
    }

    /**
     * Runs in the sender's serialised work; a full worker queue answers resource-constraint. The answer completes
     * when the work has run, normally even when it failed (the client got an error).
     */
    private CompletionStage<Void> submit(ClientSession session, Element stanza, Runnable work) {
        return im.serial().submit(session.jid().asBareJid().toString(), work).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RejectedExecutionException) {
                reply(session, stanza, StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT, "server busy"));
            } else {
                log.warn("{}: stanza failed", session.jid(), cause);
                reply(session, stanza, StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR));
            }
            return null;
        });
    }

    private static void reply(ClientSession session, Element stanza, StanzaError error) {
        if (!"error".equals(stanza.attribute("type")) && !"result".equals(stanza.attribute("type"))) {
            session.deliver(Stanzas.error(stanza, error).withAttribute("to", session.jid().toString()));
        }
    }
}
