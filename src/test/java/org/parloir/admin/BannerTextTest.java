package org.parloir.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parloir.core.DomainsProperties;
import org.parloir.core.Listener;

class BannerTextTest {

    @Test
    void listsEveryListenerInAlignedColumnsThenDomainsDatabaseAndAdmin() {
        String text = BannerText.format("0.1.0", 12_345, List.of(
                        new Listener("SIP", "udp", "0.0.0.0", 5060, ""),
                        new Listener("XMPP c2s", "tcp", "0.0.0.0", 5222, "STARTTLS required"),
                        new Listener("HTTP", "tcp", "::", 5280, "")),
                List.of(new DomainsProperties.Domain("example.org", null, "ou=people,dc=example,dc=org",
                                DomainsProperties.AccountStore.DIRECTORY),
                        new DomainsProperties.Domain("chat.example.org", null, null,
                                DomainsProperties.AccountStore.LOCAL)),
                "jdbc:h2:file:./data/parloir", "admin / s3cret  (generated for this run: set parloir.admin.password)");

        assertThat(text.lines()).containsExactly(
                "Parloir 0.1.0 ready in 12.3 s",
                "  SIP       udp  0.0.0.0:5060",
                "  XMPP c2s  tcp  0.0.0.0:5222          STARTTLS required",
                "  HTTP      tcp  [::]:5280",
                "  Domains: example.org (directory accounts), chat.example.org (local accounts)",
                "  Database: jdbc:h2:file:./data/parloir",
                "  Admin: admin / s3cret  (generated for this run: set parloir.admin.password)");
    }

    @Test
    void aConfiguredPasswordIsNeverPrinted() {
        assertThat(new AdminCredentials("admin", "site-secret", false).bannerLine())
                .doesNotContain("site-secret").contains("parloir.admin.password");
        assertThat(new AdminCredentials("admin", "drawn", true).bannerLine()).contains("drawn");
    }
}
