package org.parloir.sip;

import java.util.function.Consumer;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.sip.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the responses this server originates (as opposed to those it forwards), built by {@link SipResponses}.
 * With a server transaction the stack retransmits as RFC 3261 §17.2 says; without one the response is sent
 * statelessly.
 */
public final class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final SipResponses responses;
    private final SipProvider provider;

    public Replies(SipResponses responses, SipProvider provider) {
        this.responses = responses;
        this.provider = provider;
    }

    public SipResponses responses() {
        return responses;
    }

    /** Is this To tag one we put on a response we originated? */
    public boolean isOurTag(String toTag) {
        return responses.isOurTag(toTag);
    }

    public void send(ServerTransaction tx, Response response) {
        try {
            if (tx != null) {
                tx.sendResponse(response);
            } else {
                provider.sendResponse(response);
            }
        } catch (SipException | RuntimeException e) {
            log.debug("could not send {} {}: {}", response.getStatusCode(), response.getReasonPhrase(),
                    e.getMessage());
        } catch (Exception e) {
            log.debug("could not send response", e);
        }
    }

    public void refuse(ServerTransaction tx, Request request, Refusal refusal) {
        send(tx, responses.refusal(request, refusal));
    }

    /** {@code extra} completes the response (a challenge's authenticate headers, say). */
    public void refuse(ServerTransaction tx, Request request, Refusal refusal, Consumer<Response> extra) {
        Response response = responses.refusal(request, refusal);
        extra.accept(response);
        send(tx, response);
    }

    public void trying(ServerTransaction tx, Request request) {
        send(tx, responses.trying(request));
    }

    public void ok(ServerTransaction tx, Request request) {
        send(tx, responses.ok(request));
    }

    /** {@code extra} completes the 200 (contacts of a registration, Allow of an OPTIONS answer...). */
    public void ok(ServerTransaction tx, Request request, Consumer<Response> extra) {
        Response response = responses.ok(request);
        extra.accept(response);
        send(tx, response);
    }
}
