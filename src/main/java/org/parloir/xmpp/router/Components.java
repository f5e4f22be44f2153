package org.parloir.xmpp.router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The components of this server by the domain they serve, built once at start-up. */
public final class Components {

    /**
     * @param domain    the component's domain, e.g. {@code conference.example.org}
     * @param parent    the served domain it belongs to (listed in that domain's disco#items, XEP-0030 §4)
     * @param component what answers there
     */
    public record Entry(String domain, String parent, Component component) {

        public Entry {
            domain = domain.toLowerCase(Locale.ROOT);
            parent = parent.toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Entry> byDomain = new LinkedHashMap<>();

    public Components(List<Entry> entries) {
        for (Entry e : entries) {
            if (byDomain.put(e.domain(), e) != null) {
                throw new IllegalStateException("two components for " + e.domain());
            }
        }
    }

    /** The component serving {@code domain}, or null. */
    public Component find(String domain) {
        Entry e = domain == null ? null : byDomain.get(domain.toLowerCase(Locale.ROOT));
        return e == null ? null : e.component();
    }

    public Set<String> domains() {
        return Set.copyOf(byDomain.keySet());
    }

    /** The component domains that belong to the served domain {@code parent}. */
    public List<String> servicesOf(String parent) {
        List<String> list = new ArrayList<>();
        for (Entry e : byDomain.values()) {
            if (e.parent().equalsIgnoreCase(parent)) {
                list.add(e.domain());
            }
        }
        return list;
    }

    /** Every component once (one may serve several domains). */
    public Set<Component> all() {
        Set<Component> set = new LinkedHashSet<>();
        byDomain.values().forEach(e -> set.add(e.component()));
        return set;
    }
}
