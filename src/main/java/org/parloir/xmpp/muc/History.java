package org.parloir.xmpp.muc;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/** The last messages of a room, replayed to newcomers with a XEP-0203 delay (XEP-0045 §7.2.14). */
final class History {

    private record Entry(Element message, Instant stamp, int chars) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    History(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps {@code message} (already stamped 'from' the sender's occupant JID, no 'to'). */
    void add(Element message, Instant when) {
        if (capacity == 0) {
            return;
        }
        entries.addLast(new Entry(message, when, message.toXml().length()));
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    /**
     * The messages to replay, oldest first, as limited by the join's {@code <history/>} (XEP-0045 §7.2.14:
     * maxchars counts whole stanzas, maxstanzas, seconds, since); {@code request} may be null. Each carries a
     * delay from {@code room}.
     */
    List<Element> replay(Element request, String room, Instant now) {
        int maxStanzas = number(request, "maxstanzas");
        int maxChars = number(request, "maxchars");
        int seconds = number(request, "seconds");
        Instant since = instant(request == null ? null : request.attribute("since"));
        if (seconds >= 0) {
            Instant from = now.minusSeconds(seconds);
            since = since == null || from.isAfter(since) ? from : since;
        }
        List<Element> picked = new ArrayList<>();
        int chars = 0;
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (maxStanzas >= 0 && picked.size() >= maxStanzas || since != null && e.stamp().isBefore(since)
                    || maxChars >= 0 && chars + e.chars() > maxChars) {
                break;
            }
            chars += e.chars();
            picked.add(e.message().withChild(Element.builder("delay", Namespaces.DELAY).attribute("from", room)
                    .attribute("stamp", DateTimeFormatter.ISO_INSTANT.format(e.stamp().truncatedTo(ChronoUnit.MILLIS)))
                    .build()));
        }
        Collections.reverse(picked);
        return picked;
    }

    private static int number(Element request, String attribute) {
        String value = request == null ? null : request.attribute(attribute);
        if (value == null) {
            return -1;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
