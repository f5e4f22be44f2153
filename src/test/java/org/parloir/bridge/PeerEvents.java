package org.parloir.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The events a {@link BrowserPeer} printed, one a line as {@code kind [argument]}, kept until a test takes them:
 * a test waits for the first event of a kind that it has not taken yet, so an event that came early is not lost.
 */
final class PeerEvents {

    record Event(String kind, String argument) {
    }

    private final List<Event> pending = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private boolean closed;

    synchronized void add(String line) {
        int space = line.indexOf(' ');
        pending.add(space < 0 ? new Event(line, "") : new Event(line.substring(0, space), line.substring(space + 1)));
        seen.add(line);
    }

    /**
     * Waits for and removes the first event whose kind matches {@code kinds} (a regular expression) and whose
     * argument passes {@code argument}; returns {@code kind argument} when several kinds match, else the argument.
     * Fails at once, with what the peer printed, when its output ended without it.
     */
    String take(String kinds, Predicate<String> argument, Duration atMost) {
        Pattern kind = Pattern.compile(kinds);
        boolean several = kinds.contains("|");
        return Awaitility.await("event " + kinds + " of the browser peer").atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> poll(kind, argument), Optional::isPresent)
                .map(e -> several ? (e.argument().isEmpty() ? e.kind() : e.kind() + " " + e.argument()) : e.argument())
                .orElseThrow();
    }

    /** The peer's stdout ended: no event will come any more. */
    synchronized void close() {
        closed = true;
    }

    /** Drops the events nobody took (what a finished test left). */
    synchronized void forget() {
        pending.clear();
    }

    private synchronized Optional<Event> poll(Pattern kind, Predicate<String> argument) {
        for (Iterator<Event> i = pending.iterator(); i.hasNext();) {
            Event e = i.next();
            if (kind.matcher(e.kind()).matches() && argument.test(e.argument())) {
                i.remove();
                return Optional.of(e);
            }
        }
        if (closed) {
            throw new IllegalStateException("the browser peer ended; it printed " + String.join(" | ", seen));
        }
        return Optional.empty();
    }

    @Override
    public synchronized String toString() {
        return String.join(" | ", seen);
    }
}
