package org.parloir.pstn;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.parloir.core.E164;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.pstn.spi.GatewayTarget;
import org.parloir.pstn.spi.PstnAdapter;
import org.parloir.pstn.spi.TrunkCredentials;
import org.parloir.pstn.spi.TrunkSignalling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in adapter: SIP gateways and ITSP trunks of {@code parloir.pstn.gateways}. Candidates are ordered by
 * priority and weight (RFC 2782), healthy gateways first. Health comes from call outcomes and OPTIONS pings.
 *
 * <p>A gateway marked down is still offered, after every healthy one: it may have been marked down by one bad call
 * or a lost ping, and without pings ({@code options-interval: 0}) the only way back up is a call that works. With a
 * single gateway, leaving it out would turn one glitch into refusing every PSTN call until the next ping.
 */
final class SipTrunkAdapter implements PstnAdapter, AutoCloseable {

    static final String NAME = "sip-trunk";
    private static final Logger log = LoggerFactory.getLogger(SipTrunkAdapter.class);
    private static final Duration UNREGISTER_WAIT = Duration.ofSeconds(2);

    private final List<Trunk> trunks;
    private final TrunkSignalling signalling;
    private final Timers timers;
    private final Supplier<RandomGenerator> random;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    private record Trunk(PstnProperties.Gateway config, GatewayAddress address, PrefixRules rules,
                         Optional<TrunkCredentials> credentials, GatewayHealth health,
                         TrunkRegistration registration) {
    }

    SipTrunkAdapter(PstnProperties props, TrunkSignalling signalling, Timers timers, Clock clock,
                    Supplier<RandomGenerator> random) {
        this.signalling = signalling;
        this.timers = timers;
        this.random = random;
        List<Trunk> list = new ArrayList<>();
        for (PstnProperties.Gateway g : props.gateways()) {
            GatewayAddress address = g.endpoint();
            Optional<TrunkCredentials> credentials = g.credentials();
            TrunkRegistration registration = g.register() ? new TrunkRegistration(g.name(), address,
                    credentials.orElseThrow(), g.registerExpires(), signalling, timers, clock) : null;
            list.add(new Trunk(g, address, new PrefixRules(g.prefixRules()), credentials,
                    new GatewayHealth(g.failuresToDown(), clock), registration));
        }
        this.trunks = List.copyOf(list);
    }

    /** Starts pinging and registering; call once SIP is listening (later calls do nothing). */
    void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        for (Trunk t : trunks) {
            if (t.registration() != null) {
                t.registration().start();
            }
            if (t.config().optionsInterval().isPositive()) {
                ping(t);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configured() {
        return !trunks.isEmpty();
    }

    @Override
    public List<GatewayTarget> candidates(E164 number) {
        RandomGenerator r = random.get();
        List<Trunk> up = new ArrayList<>();
        List<Trunk> down = new ArrayList<>();
        for (Trunk t : trunks) {
            (t.health().up() ? up : down).add(t);
        }
        List<GatewayTarget> out = new ArrayList<>(trunks.size());
        for (List<Trunk> group : List.of(up, down)) {
            for (Trunk t : WeightedOrder.order(group, x -> x.config().priority(), x -> x.config().weight(), r)) {
                out.add(new GatewayTarget(NAME, t.config().name(), t.rules().dial(number), t.address().host(),
                        t.address().port(), t.address().transport(), t.credentials()));
            }
        }
        return out;
    }

    @Override
    public void report(GatewayTarget target, AttemptOutcome outcome) {
        for (Trunk t : trunks) {
            if (t.config().name().equals(target.gateway())) {
                switch (outcome) {
                    case WORKING -> succeeded(t);
                    case FAILED -> failed(t, "call attempt failed (5xx)");
                    case TIMEOUT -> failed(t, "call attempt got no answer");
                }
            }
        }
    }

    @Override
    public List<GatewayStatus> status() {
        List<GatewayStatus> out = new ArrayList<>(trunks.size());
        for (Trunk t : trunks) {
            GatewayHealth.Snapshot h = t.health().snapshot();
            out.add(new GatewayStatus(NAME, t.config().name(), t.address().toString(), h.up(), h.since(),
                    h.lastError(), t.registration() == null ? null : t.registration().state()));
        }
        return out;
    }

    private void succeeded(Trunk t) {
        if (t.health().success()) {
            log.info("PSTN gateway {} ({}) is up", t.config().name(), t.address());
        }
    }

    private void failed(Trunk t, String error) {
        if (t.health().failure(error)) {
            log.info("PSTN gateway {} ({}) is down: {}", t.config().name(), t.address(), error);
        }
    }

    /**
     * One OPTIONS ping (RFC 3261 §11). Any final answer shows the gateway's SIP side is alive (a 501 from one that
     * does not implement OPTIONS, a 401/407 from one that challenges it, 500 from a confused one), except 503
     * (§21.5.4: overloaded or in maintenance) and 408 or no answer at all before the next ping is due.
     */
    private void ping(Trunk t) {
        if (closed) {
            return;
        }
        Duration interval = t.config().optionsInterval();
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        Runnable cancelTimeout = timers.schedule(() -> answer.complete(408), interval);
        try {
            signalling.options(t.address().host(), t.address().port(), t.address().transport())
                    .whenComplete((code, error) -> {
                        if (error != null) {
                            answer.completeExceptionally(error);
                        } else {
                            answer.complete(code);
                        }
                    });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        answer.whenComplete((code, error) -> {
            cancelTimeout.run();
            if (error != null) {
                failed(t, "OPTIONS not sent: " + TrunkRegistration.reason(error));
            } else if (code == 408) {
                failed(t, "no answer to OPTIONS");
            } else if (code == 503) {
                failed(t, "OPTIONS answered 503 (overloaded or in maintenance)");
            } else {
                succeeded(t);
            }
            if (!closed) {
                timers.schedule(() -> ping(t), interval);
            }
        });
    }

    /** Stops pings and refreshes, and unregisters (waiting a little for the registrars' answers). */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<?>> unregistering = new ArrayList<>();
        for (Trunk t : trunks) {
            if (t.registration() != null) {
                unregistering.add(t.registration().stop().toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(unregistering.toArray(CompletableFuture[]::new))
                    .get(UNREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.info("PSTN: unregistration not confirmed: {}", TrunkRegistration.reason(e));
        }
    }
}
