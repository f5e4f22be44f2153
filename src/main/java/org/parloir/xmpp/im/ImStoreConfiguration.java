package org.parloir.xmpp.im;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database stores of XMPP IM data: rosters, offline messages, vCards, block lists (schema: Flyway V3) and
 * private XML (V4). The transaction template is Spring Boot's, over the application's one transaction manager.
 */
@Configuration(proxyBeanMethods = false)
public class ImStoreConfiguration {

    @Bean
    RosterStore rosterStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new RosterStore(jdbc, tx);
    }

    @Bean
    OfflineStore offlineStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new OfflineStore(jdbc, tx);
    }

    @Bean
    VCardStore vCardStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new VCardStore(jdbc, tx);
    }

    @Bean
    PrivateXmlStore privateXmlStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new PrivateXmlStore(jdbc, tx, PrivateXmlStore.DEFAULT_MAX_BYTES);
    }

    @Bean
    BlocklistStore blocklistStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new BlocklistStore(jdbc, tx);
    }
}
