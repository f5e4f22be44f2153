package org.parloir.pstn;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.parloir.pstn.spi.TrunkCredentials;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The PSTN ({@code parloir.pstn}): the gateways of the built-in {@code sip-trunk} adapter and the numbers nobody
 * may call. No gateway (the default) leaves the PSTN route off.
 *
 * @param gateways     SIP gateways or ITSP trunks
 * @param denyPrefixes E.164 prefixes refused whoever calls (premium rates), e.g. {@code +3389}
 */
@Validated
@ConfigurationProperties("parloir.pstn")
public record PstnProperties(
        @Valid List<Gateway> gateways,
        List<@Pattern(regexp = "\\+[0-9]+", message = "must be + and digits") String> denyPrefixes) {

    public PstnProperties {
        List<Gateway> named = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Gateway> given = gateways == null ? List.of() : gateways;
        for (int i = 0; i < given.size(); i++) {
            Gateway g = given.get(i);
            String property = "parloir.pstn.gateways[" + i + "]";
            if (g == null) {
                continue;
            }
            try {
                GatewayAddress.parse(g.address());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ".address: " + e.getMessage(), e);
            }
            Gateway withName = g.name() == null || g.name().isBlank() ? g.named("gw" + i) : g;
            if (!names.add(withName.name())) {
                throw new IllegalArgumentException(property + ".name: '" + withName.name() + "' is used twice");
            }
            if (g.register() && (blank(g.username()) || g.password() == null)) {
                throw new IllegalArgumentException(property + ".register: needs username and password");
            }
            if (g.registerExpires().compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(property + ".register-expires: at least 1s");
            }
            if (g.optionsInterval().isNegative()) {
                throw new IllegalArgumentException(property + ".options-interval: 0 (no pings) or more");
            }
            named.add(withName);
        }
        gateways = List.copyOf(named);
        denyPrefixes = denyPrefixes == null ? List.of() : List.copyOf(denyPrefixes);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * One gateway (a SIP-to-PSTN gateway on site, or an ITSP's SIP trunk).
     *
     * @param name            unique name in logs, metrics and CDRs; defaults to {@code gw<index>}
     * @param address         {@code HOST:PORT[;transport=udp|tcp|tls]}
     * @param priority        lower is tried first
     * @param weight          share of calls among the gateways of one priority (RFC 2782); 0 = only after them
     * @param prefixRules     number rewriting, first match wins; none matching gives {@code 00} + digits
     * @param username        digest username at the gateway / ITSP, when it challenges
     * @param password        digest password
     * @param domain          the account's domain ({@code sip:username@domain}); empty = the gateway's host
     * @param register        REGISTER {@code sip:username@domain} at the gateway
     * @param registerExpires registration lifetime asked for
     * @param optionsInterval time between OPTIONS pings; 0 = no pings
     * @param failuresToDown  consecutive failed calls or pings that mark the gateway down
     */
    public record Gateway(String name,
                          @NotBlank String address,
                          @Min(0) @DefaultValue("10") int priority,
                          @Min(0) @DefaultValue("1") int weight,
                          @Valid List<PrefixRule> prefixRules,
                          String username,
                          String password,
                          String domain,
                          @DefaultValue("false") boolean register,
                          @NotNull @DefaultValue("3600s") Duration registerExpires,
                          @NotNull @DefaultValue("30s") Duration optionsInterval,
                          @Min(1) @DefaultValue("1") int failuresToDown) {

        @ConstructorBinding
        public Gateway {
            prefixRules = prefixRules == null ? List.of() : List.copyOf(prefixRules);
        }

        /** A gateway with every default but its address. */
        public Gateway(String address) {
            this(null, address, 10, 1, List.of(), null, null, null, false, Duration.ofSeconds(3600),
                    Duration.ofSeconds(30), 1);
        }

        Gateway named(String newName) {
            return new Gateway(newName, address, priority, weight, prefixRules, username, password, domain, register,
                    registerExpires, optionsInterval, failuresToDown);
        }

        GatewayAddress endpoint() {
            return GatewayAddress.parse(address);
        }

        /** Digest credentials, when a username is set. */
        public Optional<TrunkCredentials> credentials() {
            return username == null || username.isBlank() ? Optional.empty()
                    : Optional.of(new TrunkCredentials(username, password == null ? "" : password,
                    domain == null || domain.isBlank() ? null : domain));
        }

        @Override
        public String toString() {
            return "Gateway[name=" + name + ", address=" + address + "]"; // never the password
        }
    }

    /**
     * @param match   E.164 prefix, {@code +} and digits ({@code +} alone matches every number)
     * @param replace what replaces it: digits, {@code *}, {@code #} or {@code +}; may be empty
     */
    public record PrefixRule(@NotNull @Pattern(regexp = "\\+[0-9]*", message = "must be + and digits") String match,
                             @NotNull @Pattern(regexp = "[0-9*#+]*", message = "must be digits, *, # or +")
                             String replace) {
    }
}
