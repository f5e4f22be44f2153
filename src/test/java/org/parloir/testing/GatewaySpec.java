package org.parloir.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PSTN gateway of a test server ({@code parloir.pstn.gateways[i].*}), on a loopback port where the test runs SIPp
 * or baresip. Defaults are those tests want: no OPTIONS pings (nothing answers them between tests), and the
 * application's own failure count, name and priority unless set.
 */
public record GatewaySpec(String name, boolean tcp, Integer priority, Duration optionsInterval, Integer failuresToDown,
        List<PrefixRule> prefixRules, String username, String password) {

    /** {@code parloir.pstn.gateways[i].prefix-rules[j]}: a leading {@code match} of the E.164 number becomes {@code replace}. */
    public record PrefixRule(String match, String replace) {
    }

    public GatewaySpec {
        prefixRules = List.copyOf(prefixRules);
    }

    /** An unnamed UDP gateway without prefix rules, never pinged. */
    public static GatewaySpec gateway() {
        return new GatewaySpec(null, false, null, Duration.ZERO, null, List.of(), null, null);
    }

    public static GatewaySpec named(String name) {
        return gateway().name(name);
    }

    public GatewaySpec name(String newName) {
        return new GatewaySpec(newName, tcp, priority, optionsInterval, failuresToDown, prefixRules, username,
                password);
    }

    /** The address gets {@code ;transport=tcp}. */
    public GatewaySpec overTcp() {
        return new GatewaySpec(name, true, priority, optionsInterval, failuresToDown, prefixRules, username, password);
    }

    public GatewaySpec priority(int newPriority) {
        return new GatewaySpec(name, tcp, newPriority, optionsInterval, failuresToDown, prefixRules, username,
                password);
    }

    /** OPTIONS pings every {@code interval} (zero: none, the default here). */
    public GatewaySpec optionsEvery(Duration interval) {
        return new GatewaySpec(name, tcp, priority, interval, failuresToDown, prefixRules, username, password);
    }

    /** So many failures before the gateway counts as down that a test's failed calls never take it out. */
    public GatewaySpec neverDown() {
        return new GatewaySpec(name, tcp, priority, optionsInterval, 100_000, prefixRules, username, password);
    }

    /** A prefix rule, after those already given: {@code rewrite("+33", "0")} sends national numbers. */
    public GatewaySpec rewrite(String match, String replace) {
        List<PrefixRule> more = new ArrayList<>(prefixRules);
        more.add(new PrefixRule(match, replace));
        return new GatewaySpec(name, tcp, priority, optionsInterval, failuresToDown, more, username, password);
    }

    /** The trunk's digest credentials, answered when the gateway challenges. */
    public GatewaySpec trunk(String user, String secret) {
        return new GatewaySpec(name, tcp, priority, optionsInterval, failuresToDown, prefixRules, user, secret);
    }

    /** The properties of this gateway as gateway number {@code index}, listening on loopback {@code port}. */
    public Map<String, String> properties(int index, int port) {
        String p = "parloir.pstn.gateways[" + index + "].";
        Map<String, String> props = new LinkedHashMap<>();
        put(props, p + "name", name);
        props.put(p + "address", "127.0.0.1:" + port + (tcp ? ";transport=tcp" : ""));
        put(props, p + "priority", priority);
        props.put(p + "options-interval", optionsInterval.isZero() ? "0" : optionsInterval.toMillis() + "ms");
        put(props, p + "failures-to-down", failuresToDown);
        for (int j = 0; j < prefixRules.size(); j++) {
            props.put(p + "prefix-rules[" + j + "].match", prefixRules.get(j).match());
            props.put(p + "prefix-rules[" + j + "].replace", prefixRules.get(j).replace());
        }
        put(props, p + "username", username);
        put(props, p + "password", password);
        return props;
    }

    private static void put(Map<String, String> props, String key, Object value) {
        if (value != null) {
            props.put(key, value.toString());
        }
    }
}
