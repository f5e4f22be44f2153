package org.parloir.sip;

import java.text.ParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends the responses this server originates (as opposed to those it forwards). With a server
 * transaction the stack retransmits as RFC 3261 §17.2 says; without one the response is sent statelessly.
 */
public final class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final MessageFactory messages;
    private final SipProvider provider;
    /** To tags of responses we originate start with this, so the ACK of a stateless non-2xx reply is recognised. */
    private final String tagPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | (1L << 60)) + "-";

    public Replies(MessageFactory messages, SipProvider provider) {
        this.messages = messages;
        this.provider = provider;
    }

    public Response create(Request request, int status, String reason) {
        try {
            Response response = messages.createResponse(status, request);
            if (reason != null) {
                response.setReasonPhrase(reason);
            }
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > 100 && to != null && to.getTag() == null) {
                to.setTag(tagPrefix + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a " + status + " response", e);
        }
    }

    /** Is this To tag one we put on a response we originated? */
    public boolean isOurTag(String toTag) {
        return toTag != null && toTag.startsWith(tagPrefix);
    }

    public static void retryAfter(Response response, HeaderFactory headers, int seconds) {
        try {
            response.addHeader(headers.createRetryAfterHeader(seconds));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3261 §8.2.2.3: the option tags we do not support, on a 420. */
    public static void unsupported(Response response, HeaderFactory headers, String optionTag) {
        try {
            response.addHeader(headers.createUnsupportedHeader(optionTag));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
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

    public void reply(ServerTransaction tx, Request request, int status, String reason) {
        send(tx, create(request, status, reason));
    }

    public void reply(ServerTransaction tx, Request request, int status, String reason, Consumer<Response> extra) {
        Response response = create(request, status, reason);
        extra.accept(response);
        send(tx, response);
    }
}
