package org.parloir.sip.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The reason conditions of XEP-0166 §7.4 (Table 6), the child of {@code <reason/>} in a session-terminate or an
 * error; their SIP meaning is {@link JingleSip}'s table.
 */
public enum JingleReason {
    /** The party prefers to use an existing session with the peer rather than a new one. */
    ALTERNATIVE_SESSION,
    /** The party is busy and cannot accept a session. */
    BUSY,
    /** The initiator wishes to formally cancel the session initiation request. */
    CANCEL,
    /** The action is related to connectivity problems. */
    CONNECTIVITY_ERROR,
    /** The party wishes to formally decline the session. */
    DECLINE,
    /** The session length has exceeded a pre-defined time limit. */
    EXPIRED,
    /** The party has been unable to initialise processing related to the application type. */
    FAILED_APPLICATION,
    /** The party has been unable to establish connectivity for the transport method. */
    FAILED_TRANSPORT,
    /** The action is related to a non-specific application error. */
    GENERAL_ERROR,
    /** The entity is going offline or is no longer available. */
    GONE,
    /** The party supports the offered application type but not the offered or negotiated parameters. */
    INCOMPATIBLE_PARAMETERS,
    /** The action is related to media processing problems. */
    MEDIA_ERROR,
    /** The action is related to a violation of local security policies. */
    SECURITY_ERROR,
    /** The action is generated during the normal course of state management and does not reflect any error. */
    SUCCESS,
    /** A request has not been answered so the sender is timing out the request. */
    TIMEOUT,
    /** The party supports none of the offered application types. */
    UNSUPPORTED_APPLICATIONS,
    /** The party supports none of the offered transport methods. */
    UNSUPPORTED_TRANSPORTS;

    private final String element = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The element name on the wire, e.g. {@code incompatible-parameters}. */
    public String element() {
        return element;
    }

    /** The condition named {@code element}, empty for a name XEP-0166 does not define. */
    public static Optional<JingleReason> of(String element) {
        return Arrays.stream(values()).filter(r -> r.element.equals(element)).findFirst();
    }
}
