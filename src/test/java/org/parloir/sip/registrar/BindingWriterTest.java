package org.parloir.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Write-behind of bindings against a real (in-memory H2) database, through an outage of the table. */
class BindingWriterTest {

    private JdbcTemplate jdbc;
    private BindingStore store;
    private BindingWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:writer-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(ds);
        jdbc.execute(new String(getClass().getResourceAsStream("/db/migration/V1__sip_bindings.sql")
                .readAllBytes()));
        store = new BindingStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
        writer = new BindingWriter(store, Duration.ofMillis(20));
    }

    @AfterEach
    void tearDown() {
        writer.close();
    }

    private static Binding binding(String aor, String contact, long cseq) {
        return new Binding(aor, contact, -1, System.currentTimeMillis() + 600_000, "call", cseq, List.of("<sip:p;lr>"),
                "udp:127.0.0.1:5062", "ua");
    }

    private int rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sip_binding", Integer.class);
    }

    @Test
    void changesAreCoalescedAndWritten() {
        writer.upsert(binding("a@example.org", "sip:a@h1", 1));
        writer.upsert(binding("a@example.org", "sip:a@h1", 2));
        writer.upsert(binding("b@example.org", "sip:b@h1", 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> rows() == 2);
        assertThat(store.loadUnexpired(System.currentTimeMillis()))
                .anySatisfy(b -> {
                    assertThat(b.aor()).isEqualTo("a@example.org");
                    assertThat(b.cseq()).isEqualTo(2);
                    assertThat(b.path()).containsExactly("<sip:p;lr>");
                });
        writer.delete("a@example.org", "sip:a@h1");
        await().atMost(Duration.ofSeconds(5)).until(() -> rows() == 1);
    }

    @Test
    void nothingIsLostWhileTheDatabaseIsDown() {
        jdbc.execute("ALTER TABLE sip_binding RENAME TO sip_binding_away");
        for (int i = 0; i < 50; i++) {
            writer.upsert(binding("u" + i + "@example.org", "sip:u" + i + "@h", 1));
        }
        writer.delete("u0@example.org", "sip:u0@h");
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> writer.pendingCount() == 50);
        jdbc.execute("ALTER TABLE sip_binding_away RENAME TO sip_binding");
        // pending drops to 0 when a batch is taken, before it commits: wait for the rows themselves
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.pendingCount() == 0 && rows() == 49);
        assertThat(rows()).isEqualTo(49);
    }

    @Test
    void closeFlushesWhatIsPending() {
        BindingWriter slow = new BindingWriter(store, Duration.ofHours(1));
        slow.upsert(binding("c@example.org", "sip:c@h", 1));
        slow.close();
        assertThat(rows()).isEqualTo(1);
    }
}
