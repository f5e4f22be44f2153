package org.parloir.cdr;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The CDR recorder and query. The recorder is closed when its bean is destroyed: after the listeners stopped (the
 * last calls are recorded) and, since it depends on the repository, before the EntityManagerFactory and the
 * DataSource close, so the queue is drained to the database (or the spool).
 */
@Configuration(proxyBeanMethods = false)
public class CdrConfiguration {

    @Bean(destroyMethod = "close")
    JpaCdrRecorder cdrRecorder(CdrRepository repository, PlatformTransactionManager txManager, CdrProperties props,
                               ObjectProvider<MeterRegistry> meters) {
        CdrSpool spool = new CdrSpool(Path.of(props.spoolDir()), props.spoolFileSize().toBytes());
        return new JpaCdrRecorder(new JpaCdrStore(repository, new TransactionTemplate(txManager)), spool, props,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    JpaCdrQuery cdrQuery(CdrRepository repository) {
        return new JpaCdrQuery(repository);
    }
}
