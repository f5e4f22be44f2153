package org.parloir.sip.registrar;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The location service with 10,000 registered AORs: the proxy's lookup of a callee, and a registration refresh
 * (the registrar's update, group-committed to an in-memory H2 database; the benchmark does not wait for the commit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocationBenchmark {

    private static final int USERS = 10_000;

    private LocationService location;
    private List<javax.sip.address.URI> contacts;

    @Setup
    public void setUp() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.execute(new String(getClass().getResourceAsStream("/db/migration/V1__sip_bindings.sql")
                .readAllBytes()));
        BindingStore store = new BindingStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        AddressFactory addresses = factory.createAddressFactory();
        location = new LocationService(store, new BindingWriter(store, new SimpleMeterRegistry()), addresses,
                System::currentTimeMillis, 10);
        contacts = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            javax.sip.address.URI uri = addresses.createURI(String.format("sip:u%05d@127.0.0.1:5070", i));
            contacts.add(uri);
            location.update(String.format("u%05d@example.org", i),
                    List.of(new LocationService.ContactChange(uri, 3600, -1)), "call-" + i, 1, List.of(),
                    "udp:127.0.0.1:5062", "bench");
        }
    }

    @TearDown
    public void tearDown() {
        location.close();
    }

    @Benchmark
    public List<Binding> lookup() {
        int i = ThreadLocalRandom.current().nextInt(USERS);
        return location.lookup(String.format("u%05d@example.org", i));
    }

    @Benchmark
    public LocationService.UpdateResult refresh() {
        int i = ThreadLocalRandom.current().nextInt(USERS);
        return location.update(String.format("u%05d@example.org", i),
                List.of(new LocationService.ContactChange(contacts.get(i), 3600, -1)),
                "refresh-" + System.nanoTime(), 1, List.of(), "udp:127.0.0.1:5062", "bench");
    }
}
