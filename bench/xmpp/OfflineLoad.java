import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline-message load with stream management: SENDERS users log in (plain stream, SASL PLAIN), enable XEP-0198 and
 * write chat messages to RECIPIENTS users who are registered but offline, each message followed by {@code <r/>}
 * as Smack and Conversations do, at most WINDOW unacknowledged per sender. Counts messages acknowledged by the
 * server ({@code <a h/>}) per second over DURATION seconds after WARMUP, and the send-to-ack latency. Every loop is
 * bounded by count and time.
 *
 *   java OfflineLoad.java register HOST PORT DOMAIN SENDERS RECIPIENTS
 *   java OfflineLoad.java run HOST PORT DOMAIN SENDERS RECIPIENTS WINDOW WARMUP DURATION
 *
 * Prints one line "RESULT acked_per_s=... ack_p50_ms=... ack_p99_ms=... acked=...".
 */
public final class OfflineLoad {

    static String host;
    static int port;
    static String domain;

    public static void main(String[] a) throws Exception {
        host = a[1];
        port = Integer.parseInt(a[2]);
        domain = a[3];
        int senders = Integer.parseInt(a[4]);
        int recipients = Integer.parseInt(a[5]);
        if (a[0].equals("register")) {
            try (ExecutorService ex = Executors.newFixedThreadPool(16)) {
                for (int i = 1; i <= senders; i++) {
                    int n = i;
                    ex.submit(() -> register("sender" + n));
                }
                for (int i = 1; i <= recipients; i++) {
                    int n = i;
                    ex.submit(() -> register("absent" + n));
                }
            }
            System.out.println("RESULT registered=" + (senders + recipients));
            return;
        }
        int window = Integer.parseInt(a[6]);
        long warmupNanos = (long) (Double.parseDouble(a[7]) * 1e9);
        long durationNanos = (long) (Double.parseDouble(a[8]) * 1e9);
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + durationNanos;
        AtomicLong acked = new AtomicLong();
        long[] latencies = new long[4_000_000];
        AtomicLong samples = new AtomicLong();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= senders; i++) {
                int n = i;
                ex.submit(() -> {
                    try {
                        send("sender" + n, n, recipients, window, measureFrom, end, acked, latencies, samples);
                    } catch (Exception e) {
                        System.err.println("sender" + n + ": " + e);
                    }
                    return null;
                });
            }
        }
        int count = (int) Math.min(samples.get(), latencies.length);
        long[] l = Arrays.copyOf(latencies, count);
        Arrays.sort(l);
        double seconds = durationNanos / 1e9;
        System.out.printf("RESULT acked_per_s=%.1f ack_p50_ms=%.2f ack_p99_ms=%.2f acked=%d%n",
                acked.get() / seconds, pct(l, 0.50), pct(l, 0.99), acked.get());
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    static void register(String user) {
        try (Conn c = new Conn()) {
            c.send("<iq type='set' id='r1'><query xmlns='jabber:iq:register'><username>" + user
                    + "</username><password>secret</password></query></iq>");
            String r = c.await(Pattern.compile("<iq[^>]*id=['\"]r1['\"][^>]*?(/>|>.*?</iq>)", Pattern.DOTALL));
            if (!r.contains("result") && !r.contains("conflict")) {
                System.err.println("register " + user + ": " + r);
            }
        } catch (IOException e) {
            System.err.println("register " + user + ": " + e);
        }
    }

    static void send(String user, int n, int recipients, int window, long measureFrom, long end, AtomicLong acked,
                     long[] latencies, AtomicLong samples) throws IOException {
        try (Conn c = new Conn()) {
            String creds = "\0" + user + "\0secret";
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)) + "</auth>");
            if (!c.await(Pattern.compile("<(success|failure)[^>]*?(/>|>.*?</\\1>)", Pattern.DOTALL))
                    .startsWith("<success")) {
                throw new IOException("login refused");
            }
            c.openStream();
            c.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>load</resource>"
                    + "</bind></iq>");
            c.await(Pattern.compile("<iq[^>]*id=['\"]b1['\"][^>]*?(/>|>.*?</iq>)", Pattern.DOTALL));
            c.send("<enable xmlns='urn:xmpp:sm:3'/>");
            c.await(Pattern.compile("<(enabled|failed)[^>]*?(/>|>.*?</\\1>)", Pattern.DOTALL));
            Pattern ack = Pattern.compile("<a [^>]*h=['\"](\\d+)['\"][^>]*/>");
            long[] sentAt = new long[1 << 20];
            long sent = 0;
            long confirmed = 0;
            int to = (n - 1) % recipients + 1;
            while (System.nanoTime() < end && sent < sentAt.length) {
                while (sent - confirmed < window && System.nanoTime() < end && sent < sentAt.length) {
                    sent++;
                    sentAt[(int) sent - 1] = System.nanoTime();
                    c.send("<message type='chat' id='m" + sent + "' to='absent" + to + "@" + domain + "'><body>offline "
                            + sent + "</body></message><r xmlns='urn:xmpp:sm:3'/>");
                    to = to % recipients + 1;
                }
                Matcher m = c.awaitMatcher(ack);
                long h = Long.parseLong(m.group(1));
                long now = System.nanoTime();
                for (long i = confirmed; i < h; i++) {
                    if (sentAt[(int) i] >= measureFrom && now <= end) {
                        acked.incrementAndGet();
                        long s = samples.getAndIncrement();
                        if (s < latencies.length) {
                            latencies[(int) s] = now - sentAt[(int) i];
                        }
                    }
                }
                confirmed = Math.max(confirmed, h);
            }
        }
    }

    static final class Conn implements AutoCloseable {
        final Socket s;
        final InputStream in;
        final OutputStream out;
        final StringBuilder buf = new StringBuilder();

        Conn() throws IOException {
            s = new Socket(host, port);
            s.setSoTimeout(30_000);
            in = s.getInputStream();
            out = s.getOutputStream();
            openStream();
        }

        void openStream() throws IOException {
            send("<?xml version='1.0'?><stream:stream to='" + domain + "' version='1.0' xmlns='jabber:client'"
                    + " xmlns:stream='http://etherx.jabber.org/streams'>");
            await(Pattern.compile("</stream:features>"));
        }

        void send(String xml) throws IOException {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String await(Pattern p) throws IOException {
            Matcher m = awaitMatcher(p);
            return m.group();
        }

        Matcher awaitMatcher(Pattern p) throws IOException {
            byte[] b = new byte[8192];
            while (true) {
                Matcher m = p.matcher(buf);
                if (m.find()) {
                    String text = buf.substring(0, m.end());
                    buf.delete(0, m.end());
                    Matcher whole = p.matcher(text);
                    whole.find(m.start());
                    return whole;
                }
                int n = in.read(b);
                if (n < 0) {
                    throw new IOException("closed by server: " + buf);
                }
                buf.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public void close() throws IOException {
            try {
                send("</stream:stream>");
            } catch (IOException ignored) {
                // closing anyway
            }
            s.close();
        }
    }
}
