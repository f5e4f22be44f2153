package org.parloir.directory;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Directory journals on a private in-memory H2 database with the application's schema. */
final class TestJournals {

    private TestJournals() {
    }

    static JdbcTemplate database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:journal-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        return new JdbcTemplate(ds);
    }

    static DirectoryJournal journal() {
        return new DirectoryJournal(database(), System::currentTimeMillis);
    }
}
