package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aaa4j.radius.client.RadiusClient;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.aaa4j.radius.core.packet.packets.AccountingRequest;
import org.aaa4j.radius.core.packet.packets.AccountingResponse;
import org.junit.jupiter.api.Test;

/** Servers tried in order, what counts as a failure, and how often one server is asked. */
class FailoverTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> asked = new ArrayList<>();

    @Test
    void theFirstServerThatAnswersWins() {
        Failover failover = new Failover("access", List.of(silent("a:1812"), answering("b:1812", new AccessAccept()),
                answering("c:1812", new AccessAccept())), 1, meters);

        Exchange exchange = failover.exchange(AccessRequest::new);

        assertThat(exchange).isInstanceOfSatisfying(Exchange.Answered.class,
                a -> assertThat(a.server()).isEqualTo("b:1812"));
        assertThat(asked).containsExactly("a:1812", "b:1812");
        assertThat(meters.counter("parloir.aaa.radius.failures", "server", "a:1812", "type", "access").count())
                .isEqualTo(1);
        assertThat(meters.timer("parloir.aaa.radius.requests", "server", "a:1812", "type", "access", "outcome",
                "timeout").count()).isEqualTo(1);
        assertThat(meters.timer("parloir.aaa.radius.requests", "server", "b:1812", "type", "access", "outcome",
                "accept").count()).isEqualTo(1);
    }

    @Test
    void noAnswerNamesEveryServerAndWhy() {
        Failover failover = new Failover("access", List.of(silent("a:1812"), broken("b:1812")), 1, meters);

        assertThat(failover.exchange(AccessRequest::new)).isInstanceOfSatisfying(Exchange.NoAnswer.class,
                none -> assertThat(none.reason()).contains("a:1812 timeout").contains("b:1812 error: PortUnreachableException: ICMP port unreachable"));
    }

    @Test
    void accountingRetriesASilentServerWithANewPacketEachTime() {
        AtomicInteger built = new AtomicInteger();
        Failover failover = new Failover("accounting", List.of(silent("a:1813"),
                answering("b:1813", new AccountingResponse())), 3, meters);

        Exchange exchange = failover.exchange(() -> {
            built.incrementAndGet();
            return new AccountingRequest();
        });

        assertThat(exchange).isInstanceOf(Exchange.Answered.class);
        assertThat(asked).containsExactly("a:1813", "a:1813", "a:1813", "b:1813");
        assertThat(built).hasValue(4);
    }

    @Test
    void anUnreachableServerIsRetriedButOneAnsweringTheWrongKindOfPacketIsNot() {
        Failover failover = new Failover("accounting", List.of(broken("a:1813"),
                answering("b:1813", new AccessAccept()), answering("c:1813", new AccountingResponse())), 2, meters);

        assertThat(failover.exchange(AccountingRequest::new)).isInstanceOfSatisfying(Exchange.Answered.class,
                a -> assertThat(a.server()).isEqualTo("c:1813"));
        assertThat(asked).containsExactly("a:1813", "a:1813", "b:1813", "c:1813");
        assertThat(meters.timer("parloir.aaa.radius.requests", "server", "b:1813", "type", "accounting", "outcome",
                "error").count()).isEqualTo(1);
    }

    @Test
    void noServerAtAllIsNoAnswer() {
        assertThat(new Failover("access", List.of(), 1, meters).exchange(AccessRequest::new))
                .isEqualTo(new Exchange.NoAnswer("no RADIUS server"));
    }

    private RadiusPeer silent(String name) {
        return peer(name, () -> {
            throw new RadiusClientException("Timeout waiting for response");
        });
    }

    private RadiusPeer broken(String name) {
        return peer(name, () -> {
            throw new RadiusClientException(new java.net.PortUnreachableException("ICMP port unreachable"));
        });
    }

    private RadiusPeer answering(String name, Packet reply) {
        return peer(name, () -> reply);
    }

    private interface Reply {
        Packet get() throws RadiusClientException;
    }

    private RadiusPeer peer(String name, Reply reply) {
        return new RadiusPeer(name, new RadiusClient() {
            @Override
            public Packet send(Packet request) throws RadiusClientException {
                asked.add(name);
                return reply.get();
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void aServerThatFailedIsTriedAfterTheOthersForItsDeadTime() {
        Failover failover = new Failover("access", List.of(silent("a:1812"), answering("b:1812", new AccessAccept())),
                1, meters, java.time.Duration.ofMinutes(5));

        failover.exchange(AccessRequest::new);
        failover.exchange(AccessRequest::new);

        // the first exchange found a silent; the second went to b first and never waited for a
        assertThat(asked).containsExactly("a:1812", "b:1812", "b:1812");
        assertThat(failover.order()).extracting(RadiusPeer::name).containsExactly("b:1812", "a:1812");
    }

    @Test
    void withoutDeadTimeTheConfiguredOrderAlwaysHolds() {
        Failover failover = new Failover("access", List.of(silent("a:1812"), answering("b:1812", new AccessAccept())),
                1, meters);

        failover.exchange(AccessRequest::new);
        failover.exchange(AccessRequest::new);

        assertThat(asked).containsExactly("a:1812", "b:1812", "a:1812", "b:1812");
    }
}
