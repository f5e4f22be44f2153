package org.parloir.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.cdr.api.HangupParty;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/cdrs?from=2026-11-24T00:00:00Z&to=...&user=alice&number=%2B33&page=0&size=50}: recorded calls,
 * newest first; {@code from}/{@code to} bound the start time (ISO-8601 instants), {@code user} and {@code number}
 * match parts of the caller and of the dialled or translated number. At most 500 a page.
 */
@Component
@Endpoint(id = "cdrs")
public class CdrsEndpoint {

    static final int DEFAULT_SIZE = 50;

    /** One call as shown to an administrator. */
    public record CdrView(String callId, String callerAor, String callerIdentity, String dialledUri,
                          String translatedNumber, CallRoute route, String gateway, Instant startTime,
                          Instant answerTime, Instant endTime, long durationSeconds, int status,
                          HangupParty hungUpBy, String radiusSessionId) {
        static CdrView of(CallDetail d) {
            return new CdrView(d.callId(), d.callerAor(), d.callerIdentity(), d.dialledUri(), d.translatedNumber(),
                    d.route(), d.gateway(), d.startTime(), d.answerTime(), d.endTime(), d.duration().toSeconds(),
                    d.status(), d.hungUpBy(), d.radiusSessionId());
        }
    }

    public record CdrPage(List<CdrView> records, int page, int size, long total) {
    }

    private final CdrQuery query;

    public CdrsEndpoint(CdrQuery query) {
        this.query = query;
    }

    @ReadOperation
    public CdrPage cdrs(@Nullable String from, @Nullable String to, @Nullable String user, @Nullable String number,
                        @Nullable Integer page, @Nullable Integer size) {
        CdrQuery.Page found = query.find(instant("from", from), instant("to", to), user, number,
                page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
        return new CdrPage(found.records().stream().map(CdrView::of).toList(), found.page(), found.size(),
                found.total());
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidEndpointRequestException(name + " is not an ISO-8601 instant: " + value,
                    name + " must be an ISO-8601 instant such as 2026-11-24T00:00:00Z");
        }
    }
}
