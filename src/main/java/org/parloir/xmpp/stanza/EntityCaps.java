package org.parloir.xmpp.stanza;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * What an entity can do, as XEP-0030 disco#info says it and XEP-0115 hashes it for presence: identities, features,
 * and the {@code ver} string of §5.1 (sha-1; no extended forms).
 */
public record EntityCaps(String node, List<Identity> identities, List<String> features) {

    /** A disco identity (XEP-0030 §3.1); lang may be null. */
    public record Identity(String category, String type, String lang, String name) {
    }

    public EntityCaps {
        identities = List.copyOf(identities);
        features = features.stream().distinct().sorted(Comparator.naturalOrder()).toList();
    }

    /** XEP-0115 §5.1: identities sorted by category, type, lang, then features sorted, each followed by '<'. */
    public String ver() {
        List<Identity> sorted = new ArrayList<>(identities);
        sorted.sort(Comparator.comparing(Identity::category).thenComparing(Identity::type)
                .thenComparing(i -> i.lang() == null ? "" : i.lang()));
        StringBuilder s = new StringBuilder();
        for (Identity i : sorted) {
            s.append(i.category()).append('/').append(i.type()).append('/')
                    .append(i.lang() == null ? "" : i.lang()).append('/')
                    .append(i.name() == null ? "" : i.name()).append('<');
        }
        for (String f : features) {
            s.append(f).append('<');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** The {@code <c/>} element for presence (XEP-0115 §4). */
    public Element presenceElement() {
        return Element.builder("c", Namespaces.CAPS).attribute("hash", "sha-1").attribute("node", node)
                .attribute("ver", ver()).build();
    }

    /** The {@code node#ver} a disco#info request for these caps names (XEP-0115 §6.2). */
    public String capsNode() {
        return node + "#" + ver();
    }

    /** The disco#info result payload; {@code queriedNode} is echoed when the request named one. */
    public Element discoInfo(String queriedNode) {
        Element.Builder query = Element.builder("query", Namespaces.DISCO_INFO).attribute("node", queriedNode);
        for (Identity i : identities) {
            query.child(Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", i.category())
                    .attribute("type", i.type()).attribute("xml:lang", i.lang()).attribute("name", i.name()).build());
        }
        for (String f : features) {
            query.child(Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", f).build());
        }
        return query.build();
    }
}
