package org.parloir.pstn;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.pstn.spi.PstnAdapter;
import org.parloir.pstn.spi.TrunkSignalling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Wires the PSTN context: the built-in {@code sip-trunk} adapter and the facade over every adapter. */
@Configuration(proxyBeanMethods = false)
public class PstnConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService pstnTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                new CustomizableThreadFactory("pstn-timer-"));
        timers.setRemoveOnCancelPolicy(true); // ping timeouts are cancelled on every answer
        return timers;
    }

    @Bean(destroyMethod = "close")
    SipTrunkAdapter sipTrunkAdapter(PstnProperties props, TrunkSignalling signalling,
                                    ScheduledExecutorService pstnTimers) {
        return new SipTrunkAdapter(props, signalling, Timers.of(pstnTimers), Clock.systemUTC(),
                ThreadLocalRandom::current);
    }

    /** Pings and registrations start once the application, SIP listener included, is up. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> sipTrunkStart(SipTrunkAdapter adapter) {
        return event -> adapter.start();
    }

    @Bean
    UserCallLimits callLimits(CallLimitsProperties props, ObjectProvider<MeterRegistry> meters,
                              ScheduledExecutorService pstnTimers) {
        UserCallLimits limits = new UserCallLimits(props, System::currentTimeMillis,
                meters.getIfAvailable(SimpleMeterRegistry::new));
        pstnTimers.scheduleWithFixedDelay(limits::sweep, 5, 5, TimeUnit.MINUTES);
        meters.ifAvailable(registry -> Gauge.builder("parloir.pstn.limits.users", limits, UserCallLimits::users)
                .description("users with PSTN calls in progress or in a limit's window (swept every 5 min)")
                .register(registry));
        return limits;
    }

    @Bean
    PstnRoutes pstnRoutes(List<PstnAdapter> adapters, PstnProperties props) {
        return new AdapterRoutes(adapters, props.denyPrefixes());
    }

    /** {@code parloir.pstn.gateway.up}: 1 while a gateway is usable, per adapter and gateway known at start. */
    @Bean
    MeterBinder pstnMeters(PstnRoutes routes) {
        return registry -> {
            for (GatewayStatus s : routes.status()) {
                Gauge.builder("parloir.pstn.gateway.up", routes, r -> r.status().stream()
                                .filter(x -> x.adapter().equals(s.adapter()) && x.gateway().equals(s.gateway()))
                                .findFirst().map(x -> x.up() ? 1.0 : 0.0).orElse(Double.NaN))
                        .tag("adapter", s.adapter()).tag("gateway", s.gateway())
                        .description("1 while the PSTN gateway is usable").register(registry);
            }
        };
    }
}
