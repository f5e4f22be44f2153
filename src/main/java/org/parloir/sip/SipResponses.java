package org.parloir.sip;

import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.header.AllowHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.UnsupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.sip.api.Refusal;

/**
 * The one place that builds the responses this server originates: a {@link Refusal} becomes its status, phrase and
 * the headers that status requires; 100, 200 and statuses relayed from another leg are built here too, with the
 * phrases of RFC 3261 §21 unless the refusal gives its own. To tags
 * follow RFC 3261 §8.2.6.2: a request's To tag is kept, otherwise every response but a 100 gets ours.
 */
public final class SipResponses {

    /** RFC 3261 §20.43: the warn-agent of our Warning headers, a pseudonym. */
    static final String WARN_AGENT = "parloir";
    /** RFC 3261 §20.43: 305 Incompatible media format. */
    static final int WARN_INCOMPATIBLE_MEDIA = 305;
    /** RFC 4028 §4: the Min-SE header, which JAIN-SIP has no factory method for. */
    static final String MIN_SE = "Min-SE";
    /**
     * Headers a relayed failure cannot go without: RFC 3261 §8.2.1 (Allow on 405), §8.2.2.3 (Unsupported on 420),
     * §21.4.16 (Require on 421), §10.3 (Min-Expires on 423), RFC 4028 §6 (Min-SE on 422), and §20.33 (Retry-After,
     * meaningful on these statuses).
     */
    private static final Map<Integer, String> REQUIRED_BY_STATUS = Map.ofEntries(
            Map.entry(405, AllowHeader.NAME), Map.entry(420, UnsupportedHeader.NAME),
            Map.entry(421, RequireHeader.NAME), Map.entry(423, MinExpiresHeader.NAME), Map.entry(422, MIN_SE),
            Map.entry(404, RetryAfterHeader.NAME), Map.entry(413, RetryAfterHeader.NAME),
            Map.entry(480, RetryAfterHeader.NAME), Map.entry(486, RetryAfterHeader.NAME),
            Map.entry(500, RetryAfterHeader.NAME), Map.entry(503, RetryAfterHeader.NAME),
            Map.entry(600, RetryAfterHeader.NAME), Map.entry(603, RetryAfterHeader.NAME));

    private final MessageFactory messages;
    private final HeaderFactory headers;
    /** Our To tags start with this, so the ACK of a stateless non-2xx reply is recognised. */
    private final String tagPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | (1L << 60)) + "-";

    public SipResponses(MessageFactory messages, HeaderFactory headers) {
        this.messages = messages;
        this.headers = headers;
    }

    /** {@code refusal} as the response to {@code request}, with a To tag of ours when the request had none. */
    public Response refusal(Request request, Refusal refusal) {
        return refusal(request, refusal, null);
    }

    /** {@code refusal} as the response to {@code request}; {@code toTag} (null: a fresh one) when it had none. */
    public Response refusal(Request request, Refusal refusal, String toTag) {
        Response response = create(request, refusal.status(), refusal.phrase(), toTag);
        try {
            switch (refusal) {
                case Refusal.MethodNotAllowed m -> {
                    for (String method : m.allow()) {
                        response.addHeader(headers.createAllowHeader(method));
                    }
                }
                case Refusal.BadExtension b -> {
                    for (String tag : b.unsupported()) {
                        response.addHeader(headers.createUnsupportedHeader(tag));
                    }
                }
                case Refusal.ExtensionRequired e -> {
                    for (String tag : e.required()) {
                        response.addHeader(headers.createRequireHeader(tag));
                    }
                }
                case Refusal.IntervalTooBrief i -> response.addHeader(headers.createMinExpiresHeader(i.minExpires()));
                case Refusal.SessionIntervalTooSmall s ->
                        response.addHeader(headers.createHeader(MIN_SE, Integer.toString(s.minSe())));
                case Refusal.ServiceUnavailable s -> retryAfter(response, s.retryAfter());
                case Refusal.ServerError s -> retryAfter(response, s.retryAfter());
                case Refusal.UnsupportedMedia u -> {
                    if (u.warning() != null) {
                        response.addHeader(headers.createWarningHeader(WARN_AGENT, WARN_INCOMPATIBLE_MEDIA,
                                u.warning()));
                    }
                }
                default -> {
                    // the status and phrase say it all; a challenge's headers are the authenticator's
                }
            }
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("cannot build " + refusal, e);
        }
        return response;
    }

    /** 100 Trying (RFC 3261 §16.2, §8.2.6.1): hop by hop, no To tag. */
    public Response trying(Request request) {
        return create(request, Response.TRYING, null, null);
    }

    /** 180 Ringing in the dialog of {@code toTag} (RFC 3261 §13.3.1.1: the callee is being alerted). */
    public Response ringing(Request request, String toTag) {
        return create(request, Response.RINGING, null, toTag);
    }

    /** 200 OK with a To tag of ours when the request had none. */
    public Response ok(Request request) {
        return create(request, Response.OK, null, null);
    }

    /** 200 OK; {@code toTag} when the request had none (the 200 to a CANCEL carries the INVITE's, §9.2). */
    public Response ok(Request request, String toTag) {
        return create(request, Response.OK, null, toTag);
    }

    /**
     * {@code far}'s status passed on to {@code request} from the other leg (provisional, 2xx or failure), with the
     * standard phrase and the header that failure requires copied ({@link #REQUIRED_BY_STATUS}); the caller
     * copies what else it relays (body, Contact).
     * {@code toTag} as for {@link #refusal(Request, Refusal, String)}.
     */
    public Response relayed(Request request, Response far, String toTag) {
        Response response = create(request, far.getStatusCode(), null, toTag);
        String name = REQUIRED_BY_STATUS.get(far.getStatusCode());
        if (name != null) {
            ListIterator<?> it = far.getHeaders(name);
            while (it.hasNext()) {
                response.addHeader((Header) ((Header) it.next()).clone());
            }
        }
        return response;
    }

    /** Is this To tag one we put on a response we originated? */
    public boolean isOurTag(String toTag) {
        return toTag != null && toTag.startsWith(tagPrefix);
    }

    /** A fresh To tag of ours. */
    public String newTag() {
        return tagPrefix + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    }

    private Response create(Request request, int status, String phrase, String toTag) {
        try {
            Response response = messages.createResponse(status, request);
            String text = phrase != null ? phrase : ReasonPhrases.of(status);
            if (text != null) {
                response.setReasonPhrase(text);
            }
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to != null && to.getTag() == null && (toTag != null || status > Response.TRYING)) {
                to.setTag(toTag != null ? toTag : newTag());
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build a " + status + " response", e);
        }
    }

    private void retryAfter(Response response, int seconds) throws InvalidArgumentException {
        if (seconds > 0) {
            response.addHeader(headers.createRetryAfterHeader(seconds));
        }
    }

    /** The methods an element lists in Allow, for a {@link Refusal.MethodNotAllowed}. */
    public static List<String> methods(String commaSeparated) {
        return List.of(commaSeparated.split("\\s*,\\s*"));
    }
}
