package org.parloir.xmpp.router;

import java.util.concurrent.CompletionStage;
import org.parloir.xmpp.stanza.Element;

/** IQs a stream may send before authenticating: XEP-0077 in-band registration. */
public interface PreAuthIq {

    /** Whether registration is advertised on streams to {@code domain}. */
    boolean advertised(String domain);

    /** The reply to {@code iq} (result or error), on a stream to {@code domain}. */
    CompletionStage<Element> handle(String domain, Element iq);
}
