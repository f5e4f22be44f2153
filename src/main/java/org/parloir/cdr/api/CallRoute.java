package org.parloir.cdr.api;

/** How a call was routed. */
public enum CallRoute {
    /** To registered devices of one of our users. */
    LOCAL,
    /** SIP.edu: a directory address rewritten to the person's phone number. */
    DIRECTORY,
    /** Nomadic ToIP: an authenticated user dialled a number. */
    PSTN,
    /** An XMPP user's Jingle call to a number, through the bridge and the B2BUA (issue 11). */
    BRIDGE,
    /** To another SIP domain. */
    REMOTE,
    /** Refused or failed before a route was chosen (404, 403, 503 ...). */
    NONE
}
