package org.parloir.sip.api;

import static org.parloir.sip.api.JingleReason.BUSY;
import static org.parloir.sip.api.JingleReason.CANCEL;
import static org.parloir.sip.api.JingleReason.DECLINE;
import static org.parloir.sip.api.JingleReason.FAILED_APPLICATION;
import static org.parloir.sip.api.JingleReason.GENERAL_ERROR;
import static org.parloir.sip.api.JingleReason.GONE;
import static org.parloir.sip.api.JingleReason.INCOMPATIBLE_PARAMETERS;
import static org.parloir.sip.api.JingleReason.SECURITY_ERROR;
import static org.parloir.sip.api.JingleReason.SUCCESS;
import static org.parloir.sip.api.JingleReason.TIMEOUT;
import static org.parloir.sip.api.JingleReason.UNSUPPORTED_APPLICATIONS;

/**
 * The one table between SIP final statuses (RFC 3261 §21) and Jingle reasons (XEP-0166 §7.4), for the bridge: a
 * SIP leg's final response becomes the reason of the Jingle leg's session-terminate, and a Jingle leg that ends an
 * unanswered session becomes the refusal of the SIP leg's INVITE. Refusals of our own go through the same rows.
 * An ended call in either direction is BYE ↔ {@code success}, and {@code cancel} from a Jingle caller is a CANCEL
 * on the SIP leg (whose INVITE then ends with 487, the {@link Refusal#REQUEST_TERMINATED} row).
 */
public final class JingleSip {

    private static final Refusal MEDIA_PATH_FAILED = new Refusal.TemporarilyUnavailable("Media path failed");
    private static final Refusal SECURITY_REFUSED = new Refusal.Forbidden("Security error");

    private JingleSip() {
    }

    /**
     * The Jingle reason for a SIP final status. A status the table does not name counts as the x00 of its class,
     * as RFC 3261 §8.1.3.2 tells a UAC to treat an unknown final response.
     */
    public static JingleReason reason(int status) {
        if (status < 200 || status > 699) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        return switch (status) {
            // §21.2: the request succeeded; BYE ends a session normally (XEP-0166: "success")
            case 200 -> SUCCESS;
            // §21.3: the user is elsewhere; the bridge follows no redirection, so here the party is gone
            case 300 -> GONE;
            // §21.4.4 403 "authorization will not help" and the challenges of §22: refused on security grounds,
            // with credentials the bridge cannot supply for the user; §21.4.28 493: a body we could not decipher
            case 401, 403, 407, 493 -> SECURITY_ERROR;
            // §21.4.5 404 "user does not exist", §21.4.10 410 "no longer available", §21.4.19 481 the far end lost
            // the dialog, §21.4.22-23 484/485 the address leads nowhere, §21.6.3 604 "does not exist anywhere"
            case 404, 410, 481, 484, 485, 604 -> GONE;
            // §21.4.9 408 no answer in time, §21.4.18 480 reached but unavailable (not logged in, no answer),
            // §21.5.5 504 "did not receive a timely response" from the next server
            case 408, 480, 504 -> TIMEOUT;
            // §21.4.13 415: the session description format is not one it supports
            case 415 -> UNSUPPORTED_APPLICATIONS;
            // §21.4.24 486 "not willing or able to take additional calls", §21.6.1 600 the same everywhere
            case 486, 600 -> BUSY;
            // §21.4.25 487: the INVITE was cancelled (XEP-0166: "cancel" the session initiation request)
            case 487 -> CANCEL;
            // §21.4.26 488 / §21.6.4 606: the session description (codecs, transports) is not acceptable: the
            // application is supported, its parameters are not
            case 488, 606 -> INCOMPATIBLE_PARAMETERS;
            // §21.5.2 501: the far end does not implement what the session needs
            case 501 -> FAILED_APPLICATION;
            // §21.6.2 603: the callee declined, and would anywhere
            case 603 -> DECLINE;
            // §21.4.1 400 and the other 4xx (our request's form, 405, 413-423, 482, 483, 491) and 5xx server
            // failures (500, 502, 503, 505, 513): no more specific Jingle condition than a general error
            case 400, 500 -> GENERAL_ERROR;
            default -> reason(status / 100 * 100);
        };
    }

    /** The Jingle reason of a refusal of ours: the row of its status. */
    public static JingleReason reason(Refusal refusal) {
        return reason(refusal.status());
    }

    /**
     * What the SIP caller's INVITE is answered with when the Jingle leg ends the session before accepting it
     * (session-terminate, or a XEP-0353 reject/retract carrying one of these reasons).
     */
    public static Refusal refusal(JingleReason reason) {
        return switch (reason) {
            // the callee takes no new session (XEP-0166: prefers one it has): §21.4.24 "not willing to take
            // additional calls at this end system"
            case ALTERNATIVE_SESSION, BUSY -> Refusal.BUSY;
            // the Jingle caller gave up: on the SIP leg it is a CANCEL, and the INVITE ends with §21.4.25 487
            case CANCEL -> Refusal.REQUEST_TERMINATED;
            // the callee was reached but no media path could be made: §21.4.18 480 "contacted successfully but
            // currently unavailable" (not 503, which would send an RFC 3263 client to another server)
            case CONNECTIVITY_ERROR, FAILED_TRANSPORT -> MEDIA_PATH_FAILED;
            // XEP-0166 "formally decline": §21.6.2 603; a "success" before any accept is a callee ending the
            // ringing session on purpose, which to a SIP caller is a decline too
            case DECLINE, SUCCESS -> Refusal.DECLINED;
            // nobody answered before the time limit: §21.4.9 408
            case EXPIRED -> Refusal.REQUEST_TIMEOUT;
            // the offer cannot be handled: §21.4.26 488 "not acceptable here", with XEP-0166's reason as Warning
            case FAILED_APPLICATION, INCOMPATIBLE_PARAMETERS, UNSUPPORTED_APPLICATIONS, UNSUPPORTED_TRANSPORTS ->
                    new Refusal.UnsupportedMedia(reason.element());
            // a non-specific error, or one of media processing: §21.5.1 500
            case GENERAL_ERROR, MEDIA_ERROR -> Refusal.SERVER_ERROR;
            // the XMPP client went offline: §21.4.18 480 (temporary; §21.4.10 410 would say it is gone for good)
            case GONE -> Refusal.TEMPORARILY_UNAVAILABLE;
            // a local security policy refused the session: §21.4.4 403, authorisation will not help
            case SECURITY_ERROR -> SECURITY_REFUSED;
            // the Jingle callee did not answer in time: 480 "No Answer", as the B2BUA answers a ring timeout
            case TIMEOUT -> Refusal.NO_ANSWER;
        };
    }
}
