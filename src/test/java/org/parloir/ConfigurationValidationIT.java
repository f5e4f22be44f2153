package org.parloir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parloir.testing.ParloirServer;

/** A wrong configuration value stops start-up with a message that names the property. */
class ConfigurationValidationIT {

    @TempDir
    Path data;

    @ParameterizedTest
    @CsvSource({
            "parloir.sip.port, 70000, parloir.sip.port",
            "parloir.sip.registrar.min-expires, 0, parloir.sip.registrar.min-expires",
            "parloir.sip.registrar.durable-timeout, 1m, parloir.sip.registrar.durable-timeout",
            "parloir.sip.auth.algorithms, MD4, parloir.sip.auth.algorithms",
            "parloir.sip.auth.algorithms, 'SHA-256,MD5,sha-256', parloir.sip.auth.algorithms",
            "parloir.sip.auth.domains[nowhere.test].algorithms, SHA-256, parloir.sip.auth.domains[nowhere.test]",
            "parloir.sip.auth.domains[example.org].algorithms, SHA-1, parloir.sip.auth.domains[example.org]",
            "parloir.sip.transports, sctp, parloir.sip.transports",
            "parloir.sip.connection-setup-timeout, 10ms, parloir.sip.connection-setup-timeout",
            "parloir.sip.max-incomplete-connections, 0, parloir.sip.max-incomplete-connections",
            "parloir.ldap.embedded.ldif, /nonexistent/seed.ldif, parloir.ldap.embedded.ldif",
            "parloir.ldap.embedded.ldif, classpath:config/ldap/nonexistent.ldif, parloir.ldap.embedded.ldif",
            "parloir.sip.tls.key-store, /etc/sip.p12, parloir.tls.key-store",
            "parloir.xmpp.tls.certificate, /etc/xmpp.pem, parloir.tls.certificate",
            "parloir.tls.certificate, /nonexistent/cert.pem, parloir.tls",
            "parloir.tls.domains.[nowhere.example].key-store, /etc/x.p12, parloir.tls.domains",
            "parloir.ldap.pool-size, 0, parloir.ldap.pool-size",
            "parloir.domains[0].ldap-base, '', parloir.domains[0].ldap-base",
            "parloir.domains[0].accounts, ldap, parloir.domains[0].accounts",
            "parloir.accounts.scram-iterations, 1000, parloir.accounts.scram-iterations",
            "parloir.xmpp.c2s-port, 70000, parloir.xmpp.c2s-port",
            "parloir.xmpp.limits.max-depth, 1, parloir.xmpp.limits.max-depth",
            "parloir.xmpp.stream-management.max-unacked, 500, parloir.xmpp.stream-management.max-unacked",
            "parloir.xmpp.negotiation-timeout, 0s, parloir.xmpp.negotiation-timeout",
            "parloir.xmpp.limits.connections-per-ip, 20000, parloir.xmpp.limits.connections-per-ip",
            "parloir.pstn.gateways[0].address, gw.example:5060;transport=sctp, parloir.pstn.gateways[0].address",
            "parloir.pstn.gateways[0].address, gw.example:99999, parloir.pstn.gateways[0].address",
            "parloir.cdr.queue-size, 0, parloir.cdr.queue-size",
            "parloir.cdr.flush-interval, 0s, parloir.cdr.flush-interval"
    })
    void wrongValueNamesTheProperty(String key, String value, String named) {
        ParloirServer server = new ParloirServer(data).with(key, value);
        assertThatThrownBy(server::start).satisfies(e -> {
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            // Spring names nested record components in camelCase (parloir.sip.registrar.minExpires)
            String camel = java.util.regex.Pattern.compile("-([a-z])").matcher(named)
                    .replaceAll(m -> m.group(1).toUpperCase(java.util.Locale.ROOT));
            org.assertj.core.api.Assertions.assertThat(all.toString()).containsAnyOf(named, camel);
        });
        server.close();
    }
}
