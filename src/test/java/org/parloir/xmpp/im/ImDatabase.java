package org.parloir.xmpp.im;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An H2 file database like the application's (pooled, migrated by Flyway at opening). Closing the pool closes the
 * database, so opening the same folder again is a restart that reads only what reached the disk.
 */
final class ImDatabase implements AutoCloseable {

    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    private ImDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.jdbc = new JdbcTemplate(pool);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    static ImDatabase open(Path folder) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:file:" + folder.resolve("parloir").toAbsolutePath());
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMaximumPoolSize(8);
        Flyway.configure().dataSource(pool).load().migrate();
        return new ImDatabase(pool);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    TransactionTemplate tx() {
        return tx;
    }

    @Override
    public void close() {
        pool.close();
    }
}
