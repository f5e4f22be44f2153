package org.parloir.sip.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.parloir.core.UserAddress;

/**
 * Which digest algorithms a 401/407 offers, and which a response may use.
 *
 * <p>A domain's list (its own, else the site-wide one) is offered as one challenge header per algorithm, in list
 * order, the most preferred first (RFC 8760 §2.3); one entry, the default {@code MD5}, means one challenge, which
 * every deployed phone understands. Several challenges are the administrator's explicit choice: some UAs (libre
 * 1.x, older desk-phone firmware) fail on the first algorithm they do not know instead of taking one they do. A UA
 * that has authenticated with one of several offered algorithms is challenged with that one alone afterwards
 * ({@link KnownAgents}), as long as its domain still lists it.
 */
public final class ChallengePolicy {

    private final List<DigestAlgorithm> site;
    private final Map<String, List<DigestAlgorithm>> domains;
    private final KnownAgents known;

    /** @param domains per-domain lists by domain name (any case) */
    public ChallengePolicy(List<DigestAlgorithm> site, Map<String, List<DigestAlgorithm>> domains,
                           KnownAgents known) {
        this.site = List.copyOf(site);
        Map<String, List<DigestAlgorithm>> lower = new LinkedHashMap<>();
        domains.forEach((d, list) -> lower.put(d.toLowerCase(Locale.ROOT), List.copyOf(list)));
        this.domains = Map.copyOf(lower);
        this.known = known;
    }

    /** The algorithms a response from a user of {@code domain} may use. */
    public List<DigestAlgorithm> accepted(String domain) {
        return domains.getOrDefault(domain.toLowerCase(Locale.ROOT), site);
    }

    /** The challenges for {@code user}'s UA named {@code agent} (null: none sent), one header each, in order. */
    public List<DigestAlgorithm> offer(UserAddress user, String agent) {
        List<DigestAlgorithm> list = accepted(user.domain());
        if (list.size() > 1) {
            Optional<DigestAlgorithm> last = known.algorithm(user, agent);
            if (last.isPresent() && list.contains(last.get())) {
                return List.of(last.get());
            }
        }
        return list;
    }

    /** A verified response: where the domain offers a choice, remember what this UA chose. */
    public void authenticated(UserAddress user, String agent, DigestAlgorithm algorithm) {
        if (accepted(user.domain()).size() > 1) {
            known.authenticated(user, agent, algorithm);
        }
    }

    /**
     * Parses a configured list ({@code MD5}, {@code SHA-256}, any case), refusing an unknown algorithm or one
     * named twice (RFC 8760 §2.3: each challenge of a realm uses a different algorithm) with the property's name.
     */
    public static List<DigestAlgorithm> parse(String property, List<String> tokens) {
        List<DigestAlgorithm> list = new ArrayList<>();
        for (String t : tokens) {
            DigestAlgorithm a = DigestAlgorithm.fromToken(t.strip()).filter(x -> !t.isBlank())
                    .orElseThrow(() -> new IllegalArgumentException(
                            property + ": unknown digest algorithm '" + t + "' (MD5, SHA-256)"));
            if (list.contains(a)) {
                throw new IllegalArgumentException(property + ": " + a.token() + " is listed twice");
            }
            list.add(a);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(property + ": at least one digest algorithm is needed");
        }
        return List.copyOf(list);
    }
}
