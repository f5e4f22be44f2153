package org.parloir.xmpp.ext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.router.PreAuthIq;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0077 in-band registration: account creation before authentication (when enabled and the domain's store is
 * writable) and, once authenticated, the registration query, password change (§3.3) and the cancellation of the
 * registration (§3.2: the account is deleted, then every session of it ends with {@code not-authorized}).
 */
public final class RegistrationHandler implements PreAuthIq, IqHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistrationHandler.class);

    private final AccountRegistration accounts;
    private final AccountRemoval removal;
    private final boolean enabled;
    private final boolean allowRemove;

    /**
     * @param enabled     accounts may be created in-band
     * @param allowRemove users may delete their own account in-band, where the store can delete
     */
    public RegistrationHandler(AccountRegistration accounts, AccountRemoval removal, boolean enabled,
                               boolean allowRemove) {
        this.accounts = accounts;
        this.removal = removal;
        this.enabled = enabled;
        this.allowRemove = allowRemove;
    }

    @Override
    public boolean advertised(String domain) {
        return enabled && accounts.writable(domain);
    }

    // ---- before authentication ----

    @Override
    public CompletionStage<Element> handle(String domain, Element iq) {
        Element query = iq.child("query", Namespaces.REGISTER);
        String type = iq.attribute("type");
        if (query == null || !enabled) {
            return done(Stanzas.error(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE)));
        }
        if ("get".equals(type)) {
            if (!accounts.writable(domain)) {
                return done(Stanzas.error(iq, StanzaError.of(Condition.NOT_ALLOWED, "accounts are managed elsewhere")));
            }
            return done(Stanzas.result(iq, Element.builder("query", Namespaces.REGISTER)
                    .textChild("instructions", "Choose a user name and password for " + domain + ".")
                    .child(Element.of("username", Namespaces.REGISTER))
                    .child(Element.of("password", Namespaces.REGISTER)).build()));
        }
        if (!"set".equals(type)) {
            return done(Stanzas.error(iq, StanzaError.of(Condition.BAD_REQUEST)));
        }
        if (query.child("remove", Namespaces.REGISTER) != null) {
            return done(Stanzas.error(iq, StanzaError.of(Condition.NOT_AUTHORIZED)));
        }
        String username = query.childText("username", Namespaces.REGISTER);
        String password = query.childText("password", Namespaces.REGISTER);
        if (username == null || password == null || username.isBlank() || password.isEmpty()) {
            // XEP-0077 §3.1: missing fields are not-acceptable
            return done(Stanzas.error(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "username and password needed")));
        }
        UserAddress address;
        try {
            address = new UserAddress(Localpart.from(username.trim()).toString(), domain);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return done(Stanzas.error(iq, StanzaError.of(Condition.JID_MALFORMED, "not a valid user name")));
        }
        if (!accounts.writable(domain)) {
            return done(Stanzas.error(iq, StanzaError.of(Condition.NOT_ALLOWED, "accounts are managed elsewhere")));
        }
        CompletionStage<AccountRegistration.Outcome> created;
        try {
            created = accounts.register(address, password);
        } catch (IllegalArgumentException e) {
            return done(Stanzas.error(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "password not acceptable")));
        }
        return created.handle((outcome, err) -> {
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                    ? err.getCause() : err;
            if (cause instanceof IllegalArgumentException) {
                return Stanzas.error(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "password not acceptable"));
            }
            if (err != null) {
                log.warn("registration of {} failed: {}", address, err.toString());
                return Stanzas.error(iq, StanzaError.of(Condition.RESOURCE_CONSTRAINT, "try again later"));
            }
            return switch (outcome) {
                case CREATED -> {
                    log.info("registered {} in-band", address);
                    yield Stanzas.result(iq, null);
                }
                case CONFLICT -> Stanzas.error(iq, StanzaError.of(Condition.CONFLICT, "that name is taken"));
                case NOT_ALLOWED -> Stanzas.error(iq, StanzaError.of(Condition.NOT_ALLOWED));
            };
        });
    }

    private static CompletionStage<Element> done(Element reply) {
        return CompletableFuture.completedFuture(reply);
    }

    // ---- after authentication ----

    @Override
    public String element() {
        return "query";
    }

    @Override
    public String namespace() {
        return Namespaces.REGISTER;
    }

    @Override
    public Scope scope() {
        return Scope.BOTH;
    }

    @Override
    public java.util.List<String> features() {
        return java.util.List.of(Namespaces.REGISTER);
    }

    @Override
    public Element handle(IqRequest request) {
        if (request.account() != null && !request.own()) {
            throw new StanzaException(Condition.FORBIDDEN);
        }
        UserAddress me = UserAddress.parse(request.session().jid().asBareJid().toString());
        Element query = request.payload();
        if ("get".equals(request.iq().attribute("type"))) {
            return Stanzas.result(request.iq(), Element.builder("query", Namespaces.REGISTER)
                    .child(Element.of("registered", Namespaces.REGISTER))
                    .textChild("username", me.local()).build());
        }
        if (query.child("remove", Namespaces.REGISTER) != null) {
            return remove(request.session(), request.iq(), me);
        }
        String password = query.childText("password", Namespaces.REGISTER);
        String username = query.childText("username", Namespaces.REGISTER);
        if (password == null || password.isEmpty() || username != null && !username.equalsIgnoreCase(me.local())) {
            throw new StanzaException(Condition.BAD_REQUEST, "username (yours) and a new password needed");
        }
        if (!accounts.writable(me.domain())) {
            throw new StanzaException(Condition.NOT_ALLOWED, "passwords are managed elsewhere");
        }
        boolean changed;
        try {
            changed = accounts.changePassword(me, password).toCompletableFuture().join();
        } catch (IllegalArgumentException | java.util.concurrent.CompletionException e) {
            if (e instanceof IllegalArgumentException || e.getCause() instanceof IllegalArgumentException) {
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "password not acceptable");
            }
            throw e;
        }
        if (!changed) {
            throw new StanzaException(Condition.NOT_ALLOWED);
        }
        log.info("{} changed their password in-band", me);
        return Stanzas.result(request.iq(), null);
    }

    /**
     * XEP-0077 §3.2. The answer is sent when the removal is known, so null is returned: on success the result goes
     * out just before the {@code not-authorized} stream error that the account's removal gives every session of it
     * (Prosody sends it the same way); otherwise an error, and the session goes on.
     */
    private Element remove(ClientSession session, Element iq, UserAddress me) {
        if (!allowRemove || !removal.removable(me.domain())) {
            throw new StanzaException(Condition.NOT_ALLOWED, "accounts of " + me.domain() + " are not removed in-band");
        }
        session.beforeEnd(Stanzas.result(iq, null).withAttribute("to", session.jid().toString()));
        removal.remove(me).whenComplete((result, err) -> {
            if (err == null && result == AccountRemoval.Result.REMOVED) {
                log.info("{} removed their account in-band", me);
                // the removal ended the sessions already; this one too should a listener have failed
                session.end("not-authorized", "the account was deleted");
                return;
            }
            session.beforeEnd(null);
            if (err != null) {
                log.warn("in-band removal of {} failed: {}", me, err.toString());
            }
            StanzaError error = err != null ? StanzaError.of(Condition.RESOURCE_CONSTRAINT, "try again later")
                    : StanzaError.of(Condition.NOT_ALLOWED);
            session.deliver(Stanzas.error(iq, error).withAttribute("to", session.jid().toString()));
        });
        return null;
    }
}
