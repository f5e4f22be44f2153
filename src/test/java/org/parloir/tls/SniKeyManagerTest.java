package org.parloir.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.TestCertificates;

class SniKeyManagerTest {

    @TempDir
    static Path dir;
    static KeyEntry site;
    static KeyEntry lab;
    static KeyEntry renewed;

    @BeforeAll
    static void certificates() throws Exception {
        site = entry("example.org");
        lab = entry("lab.example.org");
        renewed = entry("example.org");
    }

    private static KeyEntry entry(String domain) throws Exception {
        Path p12 = TestCertificates.selfSignedPkcs12ForDomain(dir.resolve(domain + System.nanoTime() + ".p12"),
                "changeit", domain);
        return CredentialFiles.keyStore(p12, "PKCS12", "changeit".toCharArray(), "test");
    }

    @Test
    void aDomainAndItsSubdomainsGetTheirOwnEntryOthersTheDefault() {
        SniKeyManager km = new SniKeyManager(site, Map.of("lab.example.org", lab));
        assertThat(km.entryFor("lab.example.org")).isSameAs(lab);
        assertThat(km.entryFor("CONFERENCE.Lab.Example.Org")).isSameAs(lab);
        assertThat(km.entryFor("example.org")).isSameAs(site);
        assertThat(km.entryFor("elsewhere.net")).isSameAs(site);
        assertThat(km.entryFor(null)).isSameAs(site);
    }

    @Test
    void anAliasChosenBeforeAReloadStillGivesItsOwnKeyAndChain() {
        SniKeyManager km = new SniKeyManager(site, Map.of());
        String alias = km.getServerAliases("EC", null)[0];
        km.install(renewed, Map.of());

        assertThat(km.getPrivateKey(alias)).isSameAs(site.key());
        assertThat(km.getCertificateChain(alias)).containsExactly(site.chain());
        String fresh = km.getServerAliases("EC", null)[0];
        assertThat(fresh).isNotEqualTo(alias);
        assertThat(km.getPrivateKey(fresh)).isSameAs(renewed.key());
        km.install(site, Map.of());
        assertThat(km.getPrivateKey(alias)).as("two generations back: gone").isNull();
    }

    @Test
    void onlyKeysOfTheRequestedTypeAreOffered() {
        SniKeyManager km = new SniKeyManager(site, Map.of("lab.example.org", lab));
        assertThat(km.getServerAliases("RSA", null)).isNull();
        assertThat(km.getServerAliases("EC", null)).hasSize(2);
        assertThat(km.chooseClientAlias(new String[] {"RSA", "EC"}, null, null)).isNotNull();
        assertThat(km.getPrivateKey("garbage")).isNull();
        assertThat(km.getPrivateKey("x:")).isNull();
    }
}
