package org.parloir.xmpp.router;

import java.util.List;
import org.parloir.xmpp.stanza.Element;

/**
 * Answers IQ get/set requests whose payload is {@link #element()} in {@link #namespace()}, addressed to a domain
 * of ours, to an account's bare JID (the server answers on the account's behalf, RFC 6120 §10.5.4), or both.
 * Runs on a worker thread, serialised per requesting account, so it may block on storage briefly; it answers a
 * result or throws {@link org.parloir.xmpp.stanza.StanzaException}.
 */
public interface IqHandler {

    enum Scope { SERVER, ACCOUNT, BOTH }

    String element();

    String namespace();

    Scope scope();

    /** Disco features (XEP-0030) this handler adds to the entity it serves. */
    default List<String> features() {
        return List.of(namespace());
    }

    /**
     * The reply: normally {@code Stanzas.result(request.iq(), payload)}; null when the handler delivered its answer
     * itself (to send something after it, like roster pushes after a roster result).
     */
    Element handle(IqRequest request);
}
