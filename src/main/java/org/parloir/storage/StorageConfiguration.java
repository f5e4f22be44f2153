package org.parloir.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Durable commits on the embedded H2 database. H2's MVStore keeps committed changes in memory and writes them in
 * the background every 500 ms by default (WRITE_DELAY): a process killed with SIGKILL lost every acknowledged
 * offline message, registration and CDR of its last half second, the whole database when it was young (issue 9,
 * tested). With {@code WRITE_DELAY 0} every commit is written to the file before it returns, so it survives the
 * death of the process; H2 does not fsync a commit, so surviving the machine's crash needs PostgreSQL (see
 * docs/durability.md). The setting is the database's own and persistent; it is set at every start, whatever URL
 * the site configured. PostgreSQL needs nothing: its commits are durable with its defaults.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    /** Runs before anything that uses the database is created (Flyway's migrations included). */
    @Bean
    static DurableCommits durableCommits() {
        return new DurableCommits();
    }

    /** Sets H2's write delay to 0 on each data source as it is created. */
    static final class DurableCommits implements org.springframework.beans.factory.config.BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            // only an H2 URL is opened here: a PostgreSQL that is down must not hold the start-up
            if (bean instanceof com.zaxxer.hikari.HikariDataSource hikari) {
                if (hikari.getJdbcUrl() != null && hikari.getJdbcUrl().startsWith("jdbc:h2:")) {
                    makeCommitsDurable(hikari);
                }
            } else if (bean instanceof DataSource dataSource) {
                makeCommitsDurable(dataSource);
            }
            return bean;
        }
    }

    static void makeCommitsDurable(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
                return;
            }
            s.execute("SET WRITE_DELAY 0");
            log.info("H2 database {}: every commit written through to its file (WRITE_DELAY 0)",
                    c.getMetaData().getURL());
        } catch (SQLException e) {
            // a database that is down at start-up fails the application later, with its own message
            log.warn("could not set H2's WRITE_DELAY to 0: {}", e.getMessage());
        }
    }
}
