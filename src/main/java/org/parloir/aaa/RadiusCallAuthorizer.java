package org.parloir.aaa;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.AuthorizationResult;
import org.parloir.aaa.api.CallAuthorizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Authorises PSTN calls with an Access-Request to the configured RADIUS servers, in failover order. */
final class RadiusCallAuthorizer implements CallAuthorizer {

    private static final Logger log = LoggerFactory.getLogger(RadiusCallAuthorizer.class);

    private final Failover servers;
    private final BoundedSends sends;
    private final NasIdentity nas;
    private final AccessReplies replies;
    private final Set<String> digestDomains;

    RadiusCallAuthorizer(Failover servers, BoundedSends sends, NasIdentity nas, AccessReplies replies,
                         Set<String> digestDomains) {
        this.servers = servers;
        this.sends = sends;
        this.nas = nas;
        this.replies = replies;
        this.digestDomains = Set.copyOf(digestDomains);
    }

    @Override
    public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
        CompletableFuture<AuthorizationResult> result = sends.supply(() -> exchange(request));
        return result.exceptionally(e -> unavailable(request, e));
    }

    @Override
    public boolean verifiesDigest(String domain) {
        return domain != null && digestDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    private AuthorizationResult exchange(AuthorizationRequest request) {
        Exchange exchange = servers.exchange(() -> AccessRequests.build(request, nas));
        return switch (exchange) {
            case Exchange.Answered answered -> {
                AuthorizationResult result = replies.read(answered.reply(), request);
                log.debug("call {} of {} to {}: {} from {}", request.callId(), request.username(), request.called(),
                        result, answered.server());
                yield result;
            }
            case Exchange.NoAnswer none -> {
                log.warn("call {} of {}: no RADIUS server answered ({})", request.callId(), request.username(),
                        none.reason());
                yield new AuthorizationResult.Unavailable("no RADIUS server answered");
            }
        };
    }

    private static AuthorizationResult unavailable(AuthorizationRequest request, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String why = cause instanceof TimeoutException ? "RADIUS timeout" : cause.getMessage();
        log.warn("call {} of {}: authorisation unavailable ({})", request.callId(), request.username(), why);
        return new AuthorizationResult.Unavailable(why);
    }
}
