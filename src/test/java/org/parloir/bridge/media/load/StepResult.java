package org.parloir.bridge.media.load;

import java.util.List;
import java.util.Locale;

/**
 * One step of the ramp: {@code calls} concurrent calls measured for {@code seconds}. Arrays are indexed by
 * direction ({@link LoadCall#TO_PHONE}: client → relay → phone, SRTP in and RTP out; {@link LoadCall#TO_CLIENT}:
 * phone → relay → client). Latency is one-way, sender to receiver through the relay, in milliseconds.
 *
 * @param misrouted    packets that arrived on another call's or direction's port, or could not be read
 * @param silentCalls  calls of which at least one direction received nothing in the window
 * @param anchorCpu    CPU seconds the relay process used in the window
 * @param generatorCpu CPU seconds this (generator) process used in the window
 * @param load1        the machine's 1-minute load average after the window (other users' work included)
 */
record StepResult(String anchor, int calls, int connected, List<String> failures, double seconds, long[] sent,
        long[] received, double[] p50, double[] p99, long misrouted, int silentCalls, double anchorCpu,
        double generatorCpu, double senderLateMs, String load1) {

    long sentTotal() {
        return sent[0] + sent[1];
    }

    long receivedTotal() {
        return received[0] + received[1];
    }

    double lossPercent() {
        long s = sentTotal();
        return s == 0 ? 100 : 100.0 * Math.max(0, s - receivedTotal()) / s;
    }

    /** Relay CPU per packet it relayed (both directions), in microseconds. */
    double cpuPerPacketMicros() {
        long r = receivedTotal();
        return r == 0 ? Double.NaN : 1e6 * anchorCpu / r;
    }

    /**
     * Packets the generator sent in the window, as a share of the 50 per call and second each way it should: under
     * 99 % it could not keep up (it shares the machine with the relay) and the step says little about the relay.
     */
    double offeredPercent() {
        return 100.0 * sentTotal() / (2.0 * calls * seconds * 1e9 / Senders.PERIOD_NANOS);
    }

    /** Every call connected and heard both ways, under 0.1 % loss, at the load asked for. */
    boolean clean() {
        return connected == calls && lossPercent() < 0.1 && silentCalls == 0 && misrouted == 0
                && offeredPercent() >= 99;
    }

    String line() {
        return String.format(Locale.ROOT, "STEP anchor=%s calls=%d connected=%d pps_each_way=%.0f offered_pct=%.1f"
                + " loss_pct=%.4f"
                + " lost_to_phone=%d lost_to_client=%d silent_calls=%d misrouted=%d"
                + " to_phone_p50_ms=%.3f to_phone_p99_ms=%.3f to_client_p50_ms=%.3f to_client_p99_ms=%.3f"
                + " relay_cpu_pct=%.1f relay_cpu_us_per_pkt=%.2f generator_cpu_pct=%.1f"
                + " sender_late_max_ms=%.1f load1=%s",
                anchor, calls, connected, sent[0] / seconds, offeredPercent(), lossPercent(), sent[0] - received[0],
                sent[1] - received[1], silentCalls, misrouted, p50[0], p99[0], p50[1], p99[1],
                100 * anchorCpu / seconds, cpuPerPacketMicros(), 100 * generatorCpu / seconds,
                senderLateMs, load1);
    }
}
