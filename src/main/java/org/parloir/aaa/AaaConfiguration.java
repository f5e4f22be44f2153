package org.parloir.aaa;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.parloir.aaa.api.CallAccounting;
import org.parloir.aaa.api.CallAuthorizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Wires the AAA context: {@link CallAuthorizer} and {@link CallAccounting} over RADIUS when {@code
 * parloir.aaa.radius.servers} lists any, local authorisation and CDR-only accounting otherwise.
 */
@Configuration(proxyBeanMethods = false)
public class AaaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AaaConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    ThreadPoolExecutor aaaExecutor(AaaProperties props, ObjectProvider<MeterRegistry> meters) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(props.poolSize(), props.poolSize(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(props.queueSize()), new CustomizableThreadFactory("radius-"),
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        meters.ifAvailable(registry -> Gauge.builder("parloir.aaa.queue", executor, e -> e.getQueue().size())
                .description("RADIUS exchanges waiting for a thread").register(registry));
        return executor;
    }

    @Bean(destroyMethod = "close")
    RadiusPeers radiusPeers(AaaProperties props) {
        return RadiusPeers.of(props.radius());
    }

    @Bean
    CallAuthorizer callAuthorizer(AaaProperties props, RadiusPeers radiusPeers, ThreadPoolExecutor aaaExecutor,
                                  ObjectProvider<MeterRegistry> meters) {
        if (!props.radiusConfigured()) {
            log.warn("no RADIUS server (parloir.aaa.radius.servers): PSTN calls of every authenticated user are"
                    + " allowed to any number, digests are verified locally, accounting is in CDRs only");
            return new LocalCallAuthorizer();
        }
        log.info("PSTN calls authorised by RADIUS {} (in this order); digest verified by RADIUS for {}",
                radiusPeers.access().stream().map(RadiusPeer::name).toList(), props.digestDomains());
        Failover access = new Failover("access", radiusPeers.access(), 1, registry(meters),
                props.radius().deadTime());
        return new RadiusCallAuthorizer(access, BoundedSends.of(aaaExecutor, props.radius()), NasIdentity.of(props),
                new AccessReplies(props.policies()), new HashSet<>(props.digestDomains()));
    }

    @Bean
    CallAccounting callAccounting(AaaProperties props, RadiusPeers radiusPeers, ThreadPoolExecutor aaaExecutor,
                                  ObjectProvider<MeterRegistry> meters) {
        SessionIds sessionIds = new SessionIds(Clock.systemUTC().instant(), new SecureRandom());
        if (!props.radiusConfigured()) {
            return new DisabledAccounting(sessionIds);
        }
        Failover accounting = new Failover("accounting", radiusPeers.accounting(), props.radius().retries() + 1,
                registry(meters), props.radius().deadTime());
        return new RadiusCallAccounting(accounting, BoundedSends.of(aaaExecutor, props.radius()),
                NasIdentity.of(props), sessionIds, Clock.systemUTC(), props.interimInterval());
    }

    private static MeterRegistry registry(ObjectProvider<MeterRegistry> meters) {
        return meters.getIfAvailable(SimpleMeterRegistry::new);
    }
}
