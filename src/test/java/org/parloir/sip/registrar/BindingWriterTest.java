package org.parloir.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The binding writer against a real (in-memory H2) database, through an outage of the table. */
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
        writer = new BindingWriter(store, new SimpleMeterRegistry());
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

    /**
     * Repeated: a change that arrives while the writer collects a batch used to put the same binding twice in one
     * transaction (the older upsert after the acknowledged delete); under load 7% of runs lost the delete.
     */
    @RepeatedTest(10)
    void nothingIsLostWhileTheDatabaseIsDown() {
        jdbc.execute("ALTER TABLE sip_binding RENAME TO sip_binding_away");
        for (int i = 0; i < 50; i++) {
            writer.upsert(binding("u" + i + "@example.org", "sip:u" + i + "@h", 1));
        }
        var deleted = writer.delete("u0@example.org", "sip:u0@h");
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> writer.pendingCount() == 50);
        assertThat(deleted).isNotDone();
        jdbc.execute("ALTER TABLE sip_binding_away RENAME TO sip_binding");
        await().atMost(Duration.ofSeconds(10)).until(deleted::isDone);
        assertThat(deleted).isCompleted();
        assertThat(rows()).isEqualTo(49);
    }

    @Test
    void closeFlushesWhatIsPending() {
        BindingWriter closing = new BindingWriter(store, new SimpleMeterRegistry());
        var committed = closing.upsert(binding("c@example.org", "sip:c@h", 1));
        closing.close();
        assertThat(rows()).isEqualTo(1);
        assertThat(committed).isCompleted();
    }
}
