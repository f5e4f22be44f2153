package org.parloir.pstn;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;
import org.parloir.pstn.api.CallLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallLimits} in memory, per node: per user, the calls in progress and the start times of the calls of the
 * last hour and the international ones of the last day (sliding windows, at most a limit's worth each). Users are
 * only our authenticated accounts, so the table is bounded by the directory; idle users are swept. A refusal is
 * counted ({@code parloir.pstn.calls.refused}) and logged at WARN once per user, limit and window.
 */
final class UserCallLimits implements CallLimits {

    private static final Logger log = LoggerFactory.getLogger(UserCallLimits.class);
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final CallLimitsProperties props;
    private final LongSupplier clock;
    private final MeterRegistry meters;
    private final Map<String, UserState> users = new ConcurrentHashMap<>();

    UserCallLimits(CallLimitsProperties props, LongSupplier clock, MeterRegistry meters) {
        this.props = props;
        this.clock = clock;
        this.meters = meters;
    }

    /** One user's counters; guarded by itself. */
    private static final class UserState {
        boolean removed;
        int active;
        final ArrayDeque<Long> lastHour = new ArrayDeque<>();
        final ArrayDeque<Long> lastDay = new ArrayDeque<>();
        final Map<Limit, Long> refused = new EnumMap<>(Limit.class);
        final Map<Limit, Long> lastRefusal = new EnumMap<>(Limit.class);
        final Map<Limit, Long> warned = new EnumMap<>(Limit.class);

        boolean idle(long now) {
            prune(now);
            return active == 0 && lastHour.isEmpty() && lastDay.isEmpty()
                    && lastRefusal.values().stream().allMatch(t -> now - t >= DAY);
        }

        void prune(long now) {
            while (!lastHour.isEmpty() && now - lastHour.peekFirst() >= HOUR) {
                lastHour.pollFirst();
            }
            while (!lastDay.isEmpty() && now - lastDay.peekFirst() >= DAY) {
                lastDay.pollFirst();
            }
        }
    }

    @Override
    public Admission admit(UserAddress caller, E164 number, String region, Optional<String> policy) {
        CallLimitsProperties.Limits limits = props.resolve(caller.domain(), policy.orElse(null));
        boolean international = international(number, region);
        long now = clock.getAsLong();
        while (true) {
            UserState s = users.computeIfAbsent(caller.toString(), u -> new UserState());
            synchronized (s) {
                if (!s.removed) {
                    return admit(s, caller, number, limits, international, now);
                }
            }
            // swept between the lookup and the lock: take the new entry
        }
    }

    /** Under the lock of {@code s}. */
    private Admission admit(UserState s, UserAddress caller, E164 number, CallLimitsProperties.Limits limits,
                            boolean international, long now) {
        s.prune(now);
        Limit refused = over(s, limits, international);
        if (refused != null) {
            s.refused.merge(refused, 1L, Long::sum);
            s.lastRefusal.put(refused, now);
            Long warned = s.warned.get(refused);
            if (warned == null || now - warned >= window(refused)) {
                s.warned.put(refused, now);
                log.warn("PSTN call of {} to {} refused: {} (limit {}; further refusals in this window are only"
                        + " counted)", caller, number, refused.reason(), value(limits, refused));
            }
            Counter.builder("parloir.pstn.calls.refused").tag("limit", refused.name().toLowerCase(Locale.ROOT))
                    .tag("domain", caller.domain()).description("PSTN calls refused by a per-user limit")
                    .register(meters).increment();
            return new Refused(refused);
        }
        s.active++;
        s.lastHour.addLast(now);
        if (international) {
            s.lastDay.addLast(now);
        }
        AtomicBoolean released = new AtomicBoolean();
        return new Admitted(() -> {
            if (released.compareAndSet(false, true)) {
                synchronized (s) {
                    s.active--;
                }
            }
        });
    }

    private static Limit over(UserState s, CallLimitsProperties.Limits limits, boolean international) {
        if (limits.concurrentCalls() > 0 && s.active >= limits.concurrentCalls()) {
            return Limit.CONCURRENT;
        }
        if (limits.callsPerHour() > 0 && s.lastHour.size() >= limits.callsPerHour()) {
            return Limit.HOURLY;
        }
        if (international && limits.internationalCallsPerDay() > 0
                && s.lastDay.size() >= limits.internationalCallsPerDay()) {
            return Limit.INTERNATIONAL;
        }
        return null;
    }

    private static int value(CallLimitsProperties.Limits limits, Limit limit) {
        return switch (limit) {
            case CONCURRENT -> limits.concurrentCalls();
            case HOURLY -> limits.callsPerHour();
            case INTERNATIONAL -> limits.internationalCallsPerDay();
        };
    }

    /** How long one WARN covers: the limit's own window (an hour for concurrent calls). */
    private static long window(Limit limit) {
        return limit == Limit.INTERNATIONAL ? DAY : HOUR;
    }

    /** Another country than the region's; with no home region (ZZ) every call. */
    static boolean international(E164 number, String region) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        int home = util.getCountryCodeForRegion(region);
        if (home == 0) {
            return true;
        }
        try {
            return util.parse(number.value(), "ZZ").getCountryCode() != home;
        } catch (NumberParseException e) {
            return true;
        }
    }

    @Override
    public List<Breach> breaches() {
        long now = clock.getAsLong();
        List<Breach> out = new ArrayList<>();
        users.forEach((user, s) -> {
            synchronized (s) {
                s.lastRefusal.forEach((limit, at) -> {
                    if (now - at < DAY) {
                        out.add(new Breach(user, limit, s.refused.getOrDefault(limit, 0L), Instant.ofEpochMilli(at)));
                    }
                });
            }
        });
        out.sort(Comparator.comparing(Breach::last).reversed());
        return out;
    }

    /** Forgets users with nothing in progress and nothing in any window (run every few minutes). */
    void sweep() {
        long now = clock.getAsLong();
        users.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                e.getValue().removed = e.getValue().idle(now);
                return e.getValue().removed;
            }
        });
    }

    int users() {
        return users.size();
    }
}
