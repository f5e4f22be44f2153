package org.parloir.xmpp.sasl;

import java.util.concurrent.CompletionStage;

/** One server-side SASL exchange; a new instance per attempt. Not thread-safe: steps arrive one at a time. */
public interface SaslMechanism {

    /** Handles the initial response (empty array when the client sent none) or a later response. */
    CompletionStage<SaslStep> evaluate(byte[] response);
}
