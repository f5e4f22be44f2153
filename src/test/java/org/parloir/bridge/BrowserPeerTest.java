package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser peer's prerequisites: a missing one is named, so BrowserCallIT fails instead of skipping. */
class BrowserPeerTest {

    @Test
    void eachMissingPrerequisiteIsNamedWithHowToInstallIt(@TempDir Path dir) {
        assertThat(BrowserPeer.missing(false, dir, dir.resolve("chromium"))).satisfiesExactly(
                node -> assertThat(node).contains("node is not installed"),
                puppeteer -> assertThat(puppeteer).contains("puppeteer-core").contains("npm ci"),
                xmpp -> assertThat(xmpp).contains("@xmpp/client"),
                chromium -> assertThat(chromium).contains("chromium is not installed"));
    }

    @Test
    void nothingIsMissingWhenNodeTheModulesAndAnExecutableChromiumAreThere(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("node_modules/puppeteer-core"));
        Files.createDirectories(dir.resolve("node_modules/@xmpp/client"));
        Path chromium = Files.writeString(dir.resolve("chromium"), "#!/bin/sh\n");
        chromium.toFile().setExecutable(true);

        assertThat(BrowserPeer.missing(true, dir, chromium)).isEmpty();
    }
}
