package org.parloir.admin;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.parloir.core.DomainsProperties;
import org.parloir.core.Listener;

/** The text of the start-up banner: a table of listeners, then domains, database and administrator. */
final class BannerText {

    private BannerText() {
    }

    static String format(String version, long startMillis, List<Listener> listeners,
                         List<DomainsProperties.Domain> domains, String database, String admin) {
        StringBuilder b = new StringBuilder("Parloir ").append(version).append(" ready");
        if (startMillis >= 0) {
            b.append(String.format(Locale.ROOT, " in %.1f s", startMillis / 1000.0));
        }
        int width = listeners.stream().mapToInt(l -> l.service().length()).max().orElse(0);
        for (Listener l : listeners) {
            String where = (l.address().contains(":") ? "[" + l.address() + "]" : l.address()) + ":" + l.port();
            b.append(String.format(Locale.ROOT, "%n  %-" + width + "s  %-3s  ", l.service(), l.transport()));
            b.append(l.note().isEmpty() ? where : String.format(Locale.ROOT, "%-21s %s", where, l.note()));
        }
        b.append(String.format(Locale.ROOT, "%n  Domains: %s", domains.stream()
                .map(d -> d.name() + " (" + d.accounts().name().toLowerCase(Locale.ROOT) + " accounts)")
                .collect(Collectors.joining(", "))));
        b.append(String.format(Locale.ROOT, "%n  Database: %s", database));
        b.append(String.format(Locale.ROOT, "%n  Admin: %s", admin));
        return b.toString().stripTrailing();
    }
}
