package org.parloir.bridge.xmpp;

/**
 * The XEP-0166 §7.4 reason a Jingle client hears when the SIP side ends a call attempt with a final status
 * (RFC 3261 §21). Interim: the table moves to {@code sip.api} next to the SIP responses (issue 11, STYLE.md).
 */
final class SipStatuses {

    private SipStatuses() {
    }

    static String reason(int status) {
        return switch (status) {
            case 486, 600 -> "busy";                    // §21.4.24, §21.6.1: busy here / everywhere
            case 603 -> "decline";                      // §21.6.2
            case 408, 480 -> "timeout";                 // no answer in time, temporarily unavailable
            case 404, 410, 484, 604 -> "gone";          // no such number (any more)
            case 488, 606 -> "incompatible-parameters"; // the session description was not acceptable
            case 401, 403, 407 -> "security-error";     // not allowed to call this number
            case 487 -> "cancel";                       // the request was cancelled
            default -> "general-error";
        };
    }
}
