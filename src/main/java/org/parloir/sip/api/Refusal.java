package org.parloir.sip.api;

import java.util.List;
import java.util.Objects;

/**
 * Why a request is refused, named for the reason rather than for its number. Services and routing return one;
 * {@code org.parloir.sip.SipResponses} alone turns it into a response with the headers its status requires, and
 * {@link JingleSip} maps it to a Jingle reason for the bridge. The status of each case is RFC 3261 §21 (RFC 4028
 * §6 for 422). {@link #phrase()} null means the status's standard reason phrase.
 */
public sealed interface Refusal {

    Refusal NOT_FOUND = new NotFound("Not Found");
    Refusal TEMPORARILY_UNAVAILABLE = new TemporarilyUnavailable("Temporarily Unavailable");
    /** The callee was rung and did not pick up in time. */
    Refusal NO_ANSWER = new TemporarilyUnavailable("No Answer");
    Refusal BUSY = new Busy();
    Refusal DECLINED = new Declined();
    Refusal FORBIDDEN = new Forbidden("Forbidden");
    Refusal RELAYING_DENIED = new Forbidden("Relaying denied");
    Refusal LOOP_DETECTED = new LoopDetected();
    Refusal TOO_MANY_HOPS = new TooManyHops();
    Refusal REQUEST_TIMEOUT = new RequestTimeout();
    Refusal REQUEST_TERMINATED = new RequestTerminated();
    Refusal REQUEST_PENDING = new RequestPending();
    Refusal NO_SUCH_CALL = new NoSuchCall();
    Refusal ADDRESS_INCOMPLETE = new AddressIncomplete();
    Refusal UNSUPPORTED_URI_SCHEME = new UnsupportedUriScheme();
    Refusal SERVER_ERROR = new ServerError("Server Internal Error", 0);
    /** Authenticating failed in a way no credentials explain (a bug, a crashed lookup): our fault, a 500. */
    Refusal AUTHENTICATION_ERROR = new ServerError("Authentication error", 0);
    /** The directory did not answer: callers may retry soon (RFC 3261 §21.5.4). */
    Refusal DIRECTORY_UNAVAILABLE = new ServiceUnavailable("Directory unavailable", 5);
    Refusal AAA_UNAVAILABLE = new ServiceUnavailable("AAA server unavailable", 5);

    /**
     * The far leg's final failure {@code status}, to pass on to our caller (a B2BUA leg). Statuses about our own
     * request to that leg, whose headers describe that leg (405 Allow, 420 Unsupported, 421 Require, 422 Min-SE,
     * 423 Min-Expires), are no answer to the caller's request: they are our failure, a 500.
     */
    static Refusal relay(int status) {
        return ownLeg(status) ? SERVER_ERROR : new Relayed(status);
    }

    private static List<String> nonEmpty(List<String> list, String message) {
        List<String> copy = List.copyOf(list);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(message);
        }
        return copy;
    }

    private static void checkDelayed(String phrase, int retryAfter) {
        Objects.requireNonNull(phrase, "phrase");
        if (retryAfter < 0) {
            throw new IllegalArgumentException("retryAfter < 0");
        }
    }

    private static boolean ownLeg(int status) {
        return switch (status) {
            case 405, 420, 421, 422, 423 -> true;
            default -> false;
        };
    }

    /** The status code this refusal is answered with: RFC 3261 §21, RFC 4028 §6 for 422. */
    default int status() {
        return switch (this) {
            case BadRequest b -> 400;
            case Challenge c -> c.proxy() ? 407 : 401;
            case Forbidden f -> 403;
            case NotFound n -> 404;
            case MethodNotAllowed m -> 405;
            case RequestTimeout t -> 408;
            case UnsupportedUriScheme u -> 416;
            case BadExtension b -> 420;
            case ExtensionRequired e -> 421;
            case SessionIntervalTooSmall s -> 422;
            case IntervalTooBrief i -> 423;
            case TemporarilyUnavailable t -> 480;
            case NoSuchCall n -> 481;
            case LoopDetected l -> 482;
            case TooManyHops t -> 483;
            case AddressIncomplete a -> 484;
            case Busy b -> 486;
            case RequestTerminated r -> 487;
            case UnsupportedMedia u -> 488;
            case RequestPending r -> 491;
            case ServerError e -> 500;
            case ServiceUnavailable u -> 503;
            case Declined d -> 603;
            case Relayed r -> r.status();
        };
    }

    /** The reason phrase, or null for the standard one of {@link #status()}. */
    default String phrase() {
        return null;
    }

    /** 404: no such user here (RFC 3261 §21.4.5). */
    record NotFound(String phrase) implements Refusal {
    }

    /** 480: the person exists but cannot be reached now (§21.4.18). */
    record TemporarilyUnavailable(String phrase) implements Refusal {
    }

    /** 486: the callee is busy (§21.4.24). */
    record Busy() implements Refusal {
    }

    /** 603: the callee declined, and will decline anywhere else (§21.6.2). */
    record Declined() implements Refusal {
    }

    /** 403: understood and refused; authorisation will not help (§21.4.4). */
    record Forbidden(String phrase) implements Refusal {
        public Forbidden {
            Objects.requireNonNull(phrase, "phrase");
        }
    }

    /**
     * 401 with WWW-Authenticate from a registrar or UAS, 407 with Proxy-Authenticate from a proxy (§22.1, §22.3);
     * the caller of SipResponses adds the challenge headers. {@code stale}: the nonce expired (RFC 2617 §3.2.1).
     */
    record Challenge(boolean proxy, boolean stale) implements Refusal {
    }

    /** 488: the session description is not acceptable; {@code warning} says why (§21.4.26, Warning 305). */
    record UnsupportedMedia(String warning) implements Refusal {
    }

    /** 482: the request came back to us (§16.3 item 4). */
    record LoopDetected() implements Refusal {
    }

    /** 483: Max-Forwards reached zero (§16.3 item 3). */
    record TooManyHops() implements Refusal {
    }

    /** 503: overloaded or a service we depend on is down; Retry-After when {@code retryAfter} > 0 (§21.5.4). */
    record ServiceUnavailable(String phrase, int retryAfter) implements Refusal {
        public ServiceUnavailable {
            Refusal.checkDelayed(phrase, retryAfter);
        }
    }

    /** 500: our own failure; Retry-After when {@code retryAfter} > 0 (§21.5.1, §20.33). */
    record ServerError(String phrase, int retryAfter) implements Refusal {
        public ServerError {
            Refusal.checkDelayed(phrase, retryAfter);
        }
    }

    /** 408: nobody answered in time (§21.4.9). */
    record RequestTimeout() implements Refusal {
    }

    /** 487: the request was cancelled (§21.4.25, §9.2). */
    record RequestTerminated() implements Refusal {
    }

    /** 491: another request of the dialog is still pending (§21.4.27, §14.2). */
    record RequestPending() implements Refusal {
    }

    /** 481: no dialog or transaction matches (§21.4.19, §12.2.2). */
    record NoSuchCall() implements Refusal {
    }

    /** 484: the dialled number is incomplete or invalid (§21.4.22). */
    record AddressIncomplete() implements Refusal {
    }

    /** 416: a Request-URI scheme we do not serve (§21.4.14). */
    record UnsupportedUriScheme() implements Refusal {
    }

    /** 405 with the methods this element does allow (§8.2.1: the Allow header is mandatory). */
    record MethodNotAllowed(List<String> allow) implements Refusal {
        public MethodNotAllowed {
            allow = Refusal.nonEmpty(allow, "a 405 must list the allowed methods");
        }
    }

    /** 400: the request is malformed; {@code what} says how, as the reason phrase (§21.4.1). */
    record BadRequest(String what) implements Refusal {
        public BadRequest {
            Objects.requireNonNull(what, "what");
        }

        @Override
        public String phrase() {
            return what;
        }
    }

    /** 420 with Unsupported listing the Require / Proxy-Require option tags we lack (§8.2.2.3, §16.3 item 6). */
    record BadExtension(List<String> unsupported) implements Refusal {
        public BadExtension {
            unsupported = Refusal.nonEmpty(unsupported, "a 420 must list the unsupported option tags");
        }
    }

    /** 421 with Require listing the extensions the request must support (§21.4.16). */
    record ExtensionRequired(List<String> required) implements Refusal {
        public ExtensionRequired {
            required = Refusal.nonEmpty(required, "a 421 must list the required option tags");
        }
    }

    /** 423 with Min-Expires: a registration shorter than we keep (§10.3 step 7, §20.23). */
    record IntervalTooBrief(int minExpires) implements Refusal {
    }

    /** 422 with Min-SE: a session interval below ours (RFC 4028 §6, §8.1). */
    record SessionIntervalTooSmall(int minSe) implements Refusal {
    }

    /**
     * A final failure another element gave us, passed on with its standard phrase and none of its headers (the
     * B2BUA relays a gateway's 486 or 404 this way, so nothing of the far side leaks).
     */
    record Relayed(int status) implements Refusal {
        public Relayed {
            if (status < 300 || status > 699 || Refusal.ownLeg(status)) {
                throw new IllegalArgumentException("not a failure status to relay: " + status);
            }
        }
    }
}
