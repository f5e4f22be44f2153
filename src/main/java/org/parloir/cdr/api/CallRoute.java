package org.parloir.cdr.api;

/** How a call was routed. */
public enum CallRoute {
    /** To registered devices of one of our users. */
    LOCAL,
    /** SIP.edu: a directory address rewritten to the person's phone number. */
    DIRECTORY,
    /** Nomadic ToIP: an authenticated user dialled a number. */
    PSTN,
    /** To another SIP domain. */
    REMOTE,
    /** Refused or failed before a route was chosen (404, 403, 503 ...). */
    NONE
}
