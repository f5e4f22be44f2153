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

    synchronized void add(String line) {
        int space = line.indexOf(' ');
        pending.add(space < 0 ? new Event(line, "") : new Event(line.substring(0, space), line.substring(space + 1)));
        seen.add(line);
    }

    /**
     * Waits for and removes the first event whose kind matches {@code kinds} (a regular expression) and whose
     * argument passes {@code argument}; returns {@code kind argument} when several kinds match, else the argument.
     * Fails at once when the peer's process has ended without printing it.
     */
    String take(String kinds, Predicate<String> argument, Duration atMost, Process process) {
        Pattern kind = Pattern.compile(kinds);
        boolean several = kinds.contains("|");
        return Awaitility.await("event " + kinds + " of the browser peer").atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .failFast("the browser peer ended; it printed " + this, () -> !process.isAlive() && !has(kind, argument))
                .until(() -> poll(kind, argument), Optional::isPresent)
                .map(e -> several ? (e.argument().isEmpty() ? e.kind() : e.kind() + " " + e.argument()) : e.argument())
                .orElseThrow();
    }

    /** Drops the events nobody took (what a finished test left). */
    synchronized void forget() {
        pending.clear();
    }

    private synchronized boolean has(Pattern kind, Predicate<String> argument) {
        return pending.stream().anyMatch(e -> kind.matcher(e.kind()).matches() && argument.test(e.argument()));
    }

    private synchronized Optional<Event> poll(Pattern kind, Predicate<String> argument) {
        for (Iterator<Event> i = pending.iterator(); i.hasNext();) {
            Event e = i.next();
            if (kind.matcher(e.kind()).matches() && argument.test(e.argument())) {
                i.remove();
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized String toString() {
        return String.join(" | ", seen);
    }
}
