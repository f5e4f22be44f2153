package org.parloir.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of every TLS listener. It serves the certificate of the served domain the client names in SNI
 * (RFC 6066 §3; a subdomain such as {@code conference.example.org} gets its domain's), the default one otherwise,
 * and swaps in renewed credentials atomically: an alias carries the generation it was chosen from, and the previous
 * generation stays readable, so a handshake that straddles a reload still gets a key and chain that belong together.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    /** Credentials of one generation: the default entry and the per-domain ones (lower-case domain keys). */
    record Generation(long number, KeyEntry fallback, Map<String, KeyEntry> domains) {
    }

    private volatile Generation current;
    private volatile Generation previous;

    SniKeyManager(KeyEntry fallback, Map<String, KeyEntry> domains) {
        current = new Generation(1, fallback, Map.copyOf(domains));
    }

    synchronized void install(KeyEntry fallback, Map<String, KeyEntry> domains) {
        Generation next = new Generation(current.number() + 1, fallback, Map.copyOf(domains));
        previous = current;
        current = next;
    }

    Generation current() {
        return current;
    }

    /** The entry for an SNI host name (null: none asked), as a handshake would get it. */
    KeyEntry entryFor(String serverName) {
        return entry(current, serverName == null ? null : domainOf(current, serverName));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    /** Outgoing connections (gateways asking for a client certificate) get the default certificate. */
    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        Generation g = current;
        for (String keyType : keyTypes) {
            if (g.fallback().keyType().equals(keyType)) {
                return alias(g, null);
            }
        }
        return null;
    }

    private String choose(String keyType, SSLSession handshake) {
        Generation g = current;
        String domain = null;
        String asked = requestedName(handshake);
        if (asked != null) {
            domain = domainOf(g, asked);
        }
        KeyEntry entry = entry(g, domain);
        return entry.keyType().equals(keyType) ? alias(g, domain) : null;
    }

    /** The served domain of {@code host}: itself or its nearest parent with credentials of its own. */
    private static String domainOf(Generation g, String host) {
        String name = host.toLowerCase(Locale.ROOT);
        while (true) {
            if (g.domains().containsKey(name)) {
                return name;
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return null;
            }
            name = name.substring(dot + 1);
        }
    }

    private static String requestedName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession session) {
            for (SNIServerName name : session.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    private static KeyEntry entry(Generation g, String domain) {
        return domain == null ? g.fallback() : g.domains().get(domain);
    }

    private static String alias(Generation g, String domain) {
        return g.number() + ":" + (domain == null ? "" : domain);
    }

    private KeyEntry lookup(String alias) {
        if (alias == null) {
            return null;
        }
        int colon = alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(alias.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
        String domain = alias.substring(colon + 1);
        for (Generation g : new Generation[] {current, previous}) {
            if (g != null && g.number() == number) {
                return domain.isEmpty() ? g.fallback() : g.domains().get(domain);
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyEntry e = lookup(alias);
        return e == null ? null : e.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyEntry e = lookup(alias);
        return e == null ? null : e.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = current;
        List<String> aliases = new ArrayList<>();
        if (g.fallback().keyType().equals(keyType)) {
            aliases.add(alias(g, null));
        }
        g.domains().forEach((domain, e) -> {
            if (e.keyType().equals(keyType)) {
                aliases.add(alias(g, domain));
            }
        });
        return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = chooseClientAlias(new String[] {keyType}, issuers, null);
        return alias == null ? null : new String[] {alias};
    }
}
