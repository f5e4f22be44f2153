package org.parloir.pstn;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-user limits on PSTN calls ({@code parloir.pstn.limits}), against toll fraud: a stolen password must not become
 * a night of premium-rate calls. Each limit is a number of calls; 0 means no limit. A call policy named by the AAA
 * server (RADIUS Filter-Id) overrides its domain's values, which override the defaults; an override leaves unset what
 * it does not change.
 *
 * @param concurrentCalls          PSTN calls a user may have at once (ringing or answered)
 * @param callsPerHour             PSTN calls placed in any 60 minutes
 * @param internationalCallsPerDay calls to another country than the domain's routing region, in any 24 hours
 *                                 (with region ZZ every call counts)
 * @param domains                  overrides by domain, e.g. {@code "[lab.example.org]": { calls-per-hour: 10 }}
 * @param policies                 overrides by call policy name ({@code parloir.aaa.policies.<name>})
 */
@Validated
@ConfigurationProperties("parloir.pstn.limits")
public record CallLimitsProperties(@Min(0) @DefaultValue("4") int concurrentCalls,
                                   @Min(0) @DefaultValue("60") int callsPerHour,
                                   @Min(0) @DefaultValue("20") int internationalCallsPerDay,
                                   @NotNull @DefaultValue Map<String, @Valid Override> domains,
                                   @NotNull @DefaultValue Map<String, @Valid Override> policies) {

    /** Values that replace the defaults where set. */
    public record Override(@Min(0) Integer concurrentCalls, @Min(0) Integer callsPerHour,
                           @Min(0) Integer internationalCallsPerDay) {
    }

    /** The limits of one user: defaults, then the domain's, then the policy's. */
    Limits resolve(String domain, String policy) {
        Limits limits = new Limits(concurrentCalls, callsPerHour, internationalCallsPerDay);
        limits = limits.with(domains.get(domain));
        return policy == null ? limits : limits.with(policies.get(policy));
    }

    /** Resolved limits; 0 = none. */
    record Limits(int concurrentCalls, int callsPerHour, int internationalCallsPerDay) {

        Limits with(Override o) {
            if (o == null) {
                return this;
            }
            return new Limits(o.concurrentCalls() != null ? o.concurrentCalls() : concurrentCalls,
                    o.callsPerHour() != null ? o.callsPerHour() : callsPerHour,
                    o.internationalCallsPerDay() != null ? o.internationalCallsPerDay() : internationalCallsPerDay);
        }
    }
}
