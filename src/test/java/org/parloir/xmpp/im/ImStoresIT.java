package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;

/** The IM stores in the real application: wired as beans, over the schema Flyway migrated at start-up. */
class ImStoresIT {

    @TempDir
    Path data;

    @Test
    void theStoresAreBeansOverTheMigratedSchema() {
        try (ParloirServer server = new ParloirServer(data).start()) {
            RosterStore roster = server.bean(RosterStore.class);
            RosterItem bob = RosterItem.none("bob@example.org").withItem("Bob", List.of("Friends"));
            assertThat(roster.put("alice@example.org", bob)).isEqualTo(1);
            assertThat(roster.items("alice@example.org")).containsExactly(bob);
            OfflineStore offline = server.bean(OfflineStore.class);
            assertThat(offline.store("alice@example.org", "<message/>", Instant.now(), 10)).isTrue();
            assertThat(offline.count("alice@example.org")).isEqualTo(1);
            server.bean(VCardStore.class).put("alice@example.org", "<vCard xmlns='vcard-temp'/>");
            PrivateXmlStore privateXml = server.bean(PrivateXmlStore.class);
            privateXml.put("alice@example.org", "storage", "storage:bookmarks", "<storage xmlns='storage:bookmarks'/>");
            assertThat(privateXml.get("alice@example.org", "storage", "storage:bookmarks")).isPresent();
            assertThat(server.bean(BlocklistStore.class).add("alice@example.org", List.of("spam.example")))
                    .isTrue();
        }
    }
}
