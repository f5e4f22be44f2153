package org.parloir.tls;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parloir.core.DomainsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Wires the TLS credentials shared by SIP and XMPP, and the check that picks up renewed certificates. */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);

    @Bean
    TlsService tlsMaterial(TlsProperties props, DomainsProperties domains, Environment env) {
        RetiredTlsProperties.check(env);
        List<String> names = new ArrayList<>();
        for (DomainsProperties.Domain d : domains.domains()) {
            names.add(d.name().toLowerCase(Locale.ROOT));
        }
        return new TlsService(props, names);
    }

    /** One daemon thread reading a few small files every {@code reload-interval}. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService tlsReloader(TlsService tls, TlsProperties props) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                new CustomizableThreadFactory("parloir-tls-reload-"));
        long every = props.reloadInterval().toMillis();
        if (every > 0) {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    tls.reloadIfChanged();
                } catch (RuntimeException e) {
                    log.warn("TLS certificate check failed: {}", e.getMessage());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        return timer;
    }

    @Bean
    MeterBinder tlsMeters(TlsService tls) {
        return registry -> Gauge.builder("parloir.tls.certificate.expiry", tls,
                        t -> t.notAfter().getEpochSecond() - Instant.now().getEpochSecond())
                .baseUnit("seconds").description("time left before the default certificate expires")
                .register(registry);
    }
}
