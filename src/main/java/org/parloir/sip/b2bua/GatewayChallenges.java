package org.parloir.sip.b2bua;

import java.util.Optional;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.pstn.spi.TrunkCredentials;

/** Answers a gateway's 401/407 to one of our INVITEs with the trunk's credentials (RFC 3261 §22.2). */
interface GatewayChallenges {

    /** The Authorization / Proxy-Authorization header for {@code request}, or empty when it cannot answer. */
    Optional<Header> answer(Response challenge, Request request, TrunkCredentials credentials);
}
