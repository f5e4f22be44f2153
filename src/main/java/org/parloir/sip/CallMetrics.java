package org.parloir.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parloir.cdr.api.CallRoute;

/**
 * Call attempts, answers and the answer-seizure ratio (answered / attempts since start) per route and gateway:
 * {@code parloir.sip.calls.attempts}, {@code parloir.sip.calls.answered}, {@code parloir.sip.calls.asr}.
 */
public final class CallMetrics {

    private record Key(CallRoute route, String gateway) {
    }

    private record Meters(Counter attempts, Counter answered) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A call attempt was routed ({@code gateway} "none" when it went to no gateway). */
    public void attempt(CallRoute route, String gateway) {
        meters(route, gateway).attempts.increment();
    }

    public void answered(CallRoute route, String gateway) {
        meters(route, gateway).answered.increment();
    }

    private Meters meters(CallRoute route, String gateway) {
        return meters.computeIfAbsent(new Key(route, gateway == null ? "none" : gateway), k -> {
            String r = k.route().name().toLowerCase(java.util.Locale.ROOT);
            Counter attempts = Counter.builder("parloir.sip.calls.attempts").tag("route", r)
                    .tag("gateway", k.gateway()).description("INVITEs routed (one per call attempt)")
                    .register(registry);
            Counter answered = Counter.builder("parloir.sip.calls.answered").tag("route", r)
                    .tag("gateway", k.gateway()).description("call attempts answered (2xx)").register(registry);
            Gauge.builder("parloir.sip.calls.asr", () -> attempts.count() == 0 ? 0.0
                            : answered.count() / attempts.count())
                    .tag("route", r).tag("gateway", k.gateway())
                    .description("answer-seizure ratio since start").register(registry);
            return new Meters(attempts, answered);
        });
    }
}
