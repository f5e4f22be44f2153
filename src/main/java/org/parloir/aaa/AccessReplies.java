package org.parloir.aaa;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aaa4j.radius.core.attribute.attributes.Class;
import org.aaa4j.radius.core.attribute.attributes.FilterId;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.SessionTimeout;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.AuthorizationResult;
import org.parloir.aaa.api.CallPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an Access-Accept or Access-Reject into a result. Filter-Id (RFC 2865 §5.11) names a filter list held by the
 * NAS: here a {@code parloir.aaa.policies} entry. A name we do not hold, or several names, refuses the call (fail
 * closed: the server meant a restriction we cannot apply).
 */
final class AccessReplies {

    private static final Logger log = LoggerFactory.getLogger(AccessReplies.class);

    private final Map<String, AaaProperties.Policy> policies;

    AccessReplies(Map<String, AaaProperties.Policy> policies) {
        this.policies = Map.copyOf(policies);
    }

    AuthorizationResult read(Packet reply, AuthorizationRequest request) {
        if (reply.getCode() != AccessAccept.CODE) {
            String message = reply.getAttribute(ReplyMessage.class).map(m -> m.getData().getValue())
                    .filter(m -> !m.isBlank()).orElse("rejected");
            return new AuthorizationResult.Reject(message);
        }
        List<String> filters = reply.getAttributes(FilterId.class).stream().map(f -> f.getData().getValue())
                .distinct().toList();
        if (filters.size() > 1) {
            log.warn("Access-Accept for {} (call {}) has several Filter-Id {}: call refused", request.username(),
                    request.callId(), filters);
            return new AuthorizationResult.Reject("several call policies");
        }
        Optional<String> filter = filters.stream().findFirst();
        AaaProperties.Policy policy = filter.map(policies::get).orElse(null);
        if (filter.isPresent() && policy == null) {
            log.warn("Access-Accept for {} (call {}) names Filter-Id '{}', which is not a parloir.aaa.policies entry:"
                    + " call refused", request.username(), request.callId(), filter.get());
            return new AuthorizationResult.Reject("unknown call policy " + filter.get());
        }
        Optional<Duration> maxDuration = reply.getAttribute(SessionTimeout.class).map(t -> t.getData().getValue())
                .filter(seconds -> seconds > 0).map(Duration::ofSeconds);
        Optional<byte[]> callClass = reply.getAttribute(Class.class).map(c -> c.getData().getValue());
        CallPolicy callPolicy = new CallPolicy(filter, policy == null ? List.of() : policy.allowedPrefixes(),
                maxDuration, callClass);
        if (!callPolicy.allows(request.called().value())) {
            return new AuthorizationResult.Reject(request.called() + " not allowed by call policy " + filter.get());
        }
        return new AuthorizationResult.Accept(callPolicy);
    }
}
