package org.parloir.bridge.media.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.parloir.bridge.media.dtls.DtlsIdentity;

/**
 * The bridged-media load of issue 11: N concurrent calls through a relay, each a WebRTC client (ICE, DTLS-SRTP)
 * and a plain-RTP phone exchanging 20 ms G.711 packets both ways, ramped up step by step (calls of earlier steps
 * stay). Per step: calls are set up (not measured), media warms up, then a window is measured: loss from the
 * packets sent and received in it (a packet later than the grace after the window counts as lost), one-way
 * latency through the relay per direction, the relay's CPU time per relayed packet.
 *
 * <pre>
 *   java -cp … org.parloir.bridge.media.load.MediaLoad --anchor parloir --control 127.0.0.1:PORT [options]
 *   java -cp … org.parloir.bridge.media.load.MediaLoad --anchor rtpengine --ng 127.0.0.1:PORT --pid PID
 *       [--ice-lite] [options]
 *   options: --ramp 50,100,200,300,500 --first-warmup 3 --warmup 3 --duration 8 --grace 1 --senders 2
 *            --receivers 2 --bind 127.0.0.1
 *   (--first-warmup: the first step's, for the JIT of a freshly started JVM relay)
 * </pre>
 *
 * Prints one {@code STEP} line per step and {@code RESULT anchor=… max_clean_calls=…}, the most calls of a step
 * with every call connected, under 0.1 % loss, packets both ways in every call, and the generator keeping up.
 */
public final class MediaLoad {

    /** How a run is shaped; durations in seconds. */
    record Plan(int[] ramp, double firstWarmup, double warmup, double duration, double grace, int senders,
            int receivers, InetSocketAddress bind) {
    }

    private MediaLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(key, flag ? "true" : args[++i]);
        }
        Plan plan = new Plan(java.util.Arrays.stream(o.getOrDefault("ramp", "50,100,200,300,500").split(","))
                .mapToInt(Integer::parseInt).toArray(),
                Double.parseDouble(o.getOrDefault("first-warmup", o.getOrDefault("warmup", "3"))),
                Double.parseDouble(o.getOrDefault("warmup", "3")),
                Double.parseDouble(o.getOrDefault("duration", "8")), Double.parseDouble(o.getOrDefault("grace", "1")),
                Integer.parseInt(o.getOrDefault("senders", "2")), Integer.parseInt(o.getOrDefault("receivers", "2")),
                new InetSocketAddress(o.getOrDefault("bind", "127.0.0.1"), 0));
        try (Anchor anchor = switch (o.getOrDefault("anchor", "parloir")) {
            case "parloir" -> new RelayHostAnchor(RelayHost.address(o.get("control")));
            case "rtpengine" -> new RtpengineAnchor(RelayHost.address(o.get("ng")), Long.parseLong(o.get("pid")),
                    o.containsKey("ice-lite"));
            default -> throw new IllegalArgumentException("--anchor parloir|rtpengine");
        }) {
            List<StepResult> steps = run(anchor, plan, System.out);
            int best = steps.stream().filter(StepResult::clean).mapToInt(StepResult::calls).max().orElse(0);
            System.out.println("RESULT anchor=" + anchor.name() + " max_clean_calls=" + best);
        }
    }

    /** Runs the ramp against the anchor, printing each step's line to {@code out}; closes every call it opened. */
    static List<StepResult> run(Anchor anchor, Plan plan, PrintStream out) throws IOException {
        DtlsIdentity identity = DtlsIdentity.generate();
        AtomicInteger step = new AtomicInteger();
        LoadStats stats = new LoadStats(plan.ramp().length);
        List<LoadCall> calls = new ArrayList<>();
        List<StepResult> results = new ArrayList<>();
        String runId = "load" + Long.toString(System.currentTimeMillis(), 36);
        try (Receivers receivers = new Receivers(plan.receivers(), stats);
                Senders senders = new Senders(plan.senders(), step)) {
            for (int s = 1; s <= plan.ramp().length; s++) {
                int n = plan.ramp()[s - 1];
                while (calls.size() < n) {
                    LoadCall call = new LoadCall(calls.size(), runId, plan.bind(), plan.ramp().length);
                    calls.add(call);
                    receivers.add(call);
                    Anchor.RelayEnds ends = anchor.open(call.ends(identity));
                    if (call.index == 0) {
                        out.println("CALL0 anchor=" + anchor.name() + " client_dtls_role="
                                + ends.clientRole().attribute() + " relay_secure=" + RelayHost.format(ends.secure()) + " relay_plain="
                                + RelayHost.format(ends.plain()));
                    }
                    call.connect(ends, identity);
                    senders.add(call);
                }
                waitConnected(calls, Duration.ofSeconds(30).plusMillis(50L * n));
                pause(s == 1 ? plan.firstWarmup() : plan.warmup());
                results.add(measure(anchor, plan, s, calls, step, stats, senders));
                out.println(results.getLast().line());
                out.flush();
            }
        } finally {
            try (var closing = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (LoadCall call : calls) { // each DTLS close waits for its close_notify to go out: in parallel
                    closing.submit(() -> call.close(anchor));
                }
            }
        }
        return results;
    }

    private static StepResult measure(Anchor anchor, Plan plan, int s, List<LoadCall> calls, AtomicInteger step,
            LoadStats stats, Senders senders) throws IOException {
        long self = ProcessHandle.current().pid();
        double relay0 = ProcCpu.processSeconds(anchor.pid());
        double gen0 = ProcCpu.processSeconds(self);
        senders.takeMaxLateNanos();
        long t0 = System.nanoTime();
        step.set(s);
        pause(plan.duration());
        step.set(0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double relay1 = ProcCpu.processSeconds(anchor.pid());
        double gen1 = ProcCpu.processSeconds(self);
        double late = senders.takeMaxLateNanos() / 1e6;
        pause(plan.grace()); // packets of the window still in flight
        long[] sent = new long[2];
        long[] received = new long[2];
        int silent = 0;
        int connected = 0;
        List<String> failures = new ArrayList<>();
        for (LoadCall c : calls) {
            boolean bothWays = true;
            for (int d = 0; d < 2; d++) {
                sent[d] += c.sent(s, d);
                received[d] += c.received(s, d);
                bothWays &= c.received(s, d) > 0;
            }
            silent += bothWays ? 0 : 1;
            connected += c.connected() ? 1 : 0;
            if (c.failure() != null) {
                failures.add(c.callId + ": " + c.failure());
            }
        }
        double[] p50 = new double[2];
        double[] p99 = new double[2];
        for (int d = 0; d < 2; d++) {
            p50[d] = stats.latency(s, d).quantileMillis(0.50);
            p99[d] = stats.latency(s, d).quantileMillis(0.99);
        }
        return new StepResult(anchor.name(), calls.size(), connected, failures, seconds, sent, received, p50, p99,
                stats.misroutedCount(), silent, relay1 - relay0, gen1 - gen0, late, ProcCpu.loadAverage());
    }

    /** Until every call's DTLS is up, one failed, or the deadline: the signalling of a step is not measured. */
    private static void waitConnected(List<LoadCall> calls, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline
                && calls.stream().anyMatch(c -> !c.connected() && c.failure() == null)) {
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** A timed phase of the load (warm-up, window, grace): the load runs meanwhile. */
    private static void pause(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
