package org.parloir.sip.registrar;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parloir.directory.spi.AccountRemovalListener;
import org.parloir.sip.SipProperties;
import org.parloir.sip.stack.SipStackService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The location service, its database store and group-committing writer, and the expiry sweeper. */
@Configuration(proxyBeanMethods = false)
public class RegistrarConfiguration {

    @Bean(destroyMethod = "close")
    LocationService locationService(JdbcTemplate jdbc, PlatformTransactionManager txManager, SipProperties props,
                                    SipStackService sip, ScheduledExecutorService sipTimers,
                                    ObjectProvider<MeterRegistry> meters) {
        BindingStore store = new BindingStore(jdbc, new TransactionTemplate(txManager));
        BindingWriter writer = new BindingWriter(store, meters.getIfAvailable(SimpleMeterRegistry::new));
        LocationService location = new LocationService(store, writer, sip.addressFactory(),
                System::currentTimeMillis, props.registrar().maxContacts());
        long sweep = props.registrar().sweepInterval().toMillis();
        sipTimers.scheduleWithFixedDelay(() -> {
            try {
                location.sweep();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RegistrarConfiguration.class).warn("binding sweep failed", e);
            }
        }, sweep, sweep, TimeUnit.MILLISECONDS);
        meters.ifAvailable(registry -> {
            Gauge.builder("parloir.sip.bindings", location, LocationService::bindingCount)
                    .description("registered contacts").register(registry);
            Gauge.builder("parloir.sip.bindings.pending.writes", location, LocationService::pendingWrites)
                    .description("binding changes not yet written to the database").register(registry);
        });
        return location;
    }

    /** Whether a person has SIP phones registered, for the Jingle bridge (issue 11). */
    @Bean
    org.parloir.sip.api.SipDevices sipDevices(LocationService location) {
        return new org.parloir.sip.api.SipDevices() {
            @Override
            public boolean registered(String aor) {
                return !location.lookup(aor).isEmpty();
            }

            @Override
            public void onChange(java.util.function.Consumer<String> listener) {
                location.onAvailability(listener);
            }
        };
    }

    /** A deleted account's phones are unregistered: calls to it stop ringing them (its bindings leave the store). */
    @Bean
    AccountRemovalListener sipBindingsOfRemovedAccounts(LocationService location) {
        return address -> {
            int removed = location.remove(address.toString());
            if (removed > 0) {
                org.slf4j.LoggerFactory.getLogger(RegistrarConfiguration.class)
                        .info("{}: {} registration(s) removed with the account", address, removed);
            }
            return CompletableFuture.completedFuture(null);
        };
    }
}
