package org.parloir.cdr.api;

/** Who ended a call. */
public enum HangupParty {
    /** The caller: BYE or CANCEL from the calling side. */
    CALLER,
    /** The callee: BYE from the called side, or a final failure response (busy, decline ...). */
    CALLEE,
    /** This server: timeouts, maximum duration, an administrator, routing or authorisation failure. */
    SERVER
}
