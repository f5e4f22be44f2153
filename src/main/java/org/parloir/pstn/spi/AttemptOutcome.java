package org.parloir.pstn.spi;

/** How a call attempt on a gateway ended, as far as the gateway's health is concerned. */
public enum AttemptOutcome {
    /** Answered, or refused for a reason of the callee (busy, declined, not found): the gateway works. */
    WORKING,
    /** 5xx from the gateway: try the next one. */
    FAILED,
    /** No answer at all (408, transaction timeout, transport error): try the next one. */
    TIMEOUT
}
