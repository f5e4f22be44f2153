package org.parloir.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The setup deadline and the cap of connections that have not delivered a complete SIP message (fake clock). */
class IncompleteConnectionsTest {

    private final AtomicLong now = new AtomicLong();
    private final IncompleteConnections incomplete = new IncompleteConnections("tcp", Duration.ofSeconds(30), 3,
            now::get);

    private static final class Fake implements IncompleteConnections.Connection {
        boolean open = true;

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private static InetSocketAddress remote(int port) {
        return new InetSocketAddress("192.0.2.1", port);
    }

    private void at(Duration t) {
        now.set(t.toNanos());
    }

    @Test
    void aConnectionWithoutACompleteMessageIsClosedAtItsDeadlineCountedFromTheAccept() {
        Fake a = new Fake();
        Fake b = new Fake();
        incomplete.accepted(remote(1), a);
        at(Duration.ofSeconds(5));
        incomplete.accepted(remote(2), b);

        at(Duration.ofMillis(29_999));
        assertThat(incomplete.sweep()).isZero();
        at(Duration.ofSeconds(30));
        assertThat(incomplete.sweep()).isOne();
        assertThat(a.open).isFalse();
        assertThat(b.open).isTrue();
        at(Duration.ofSeconds(35));
        assertThat(incomplete.sweep()).isOne();
        assertThat(b.open).isFalse();
        assertThat(incomplete.closed(IncompleteConnections.Reason.DEADLINE)).isEqualTo(2);
        assertThat(incomplete.size()).isZero();
    }

    @Test
    void aCompleteMessageEndsTheDeadline() {
        Fake a = new Fake();
        incomplete.accepted(remote(1), a);
        incomplete.completed(remote(1));
        incomplete.completed(remote(9));
        at(Duration.ofMinutes(5));
        assertThat(incomplete.sweep()).isZero();
        assertThat(a.open).isTrue();
        assertThat(incomplete.size()).isZero();
    }

    @Test
    void overTheCapTheOldestIsClosedAndTheNewOneStays() {
        Fake[] c = {new Fake(), new Fake(), new Fake(), new Fake()};
        for (int i = 0; i < 3; i++) {
            assertThat(incomplete.accepted(remote(i), c[i])).isZero();
        }
        assertThat(incomplete.accepted(remote(3), c[3])).isOne();
        assertThat(c[0].open).isFalse();
        assertThat(c[1].open && c[2].open && c[3].open).isTrue();
        assertThat(incomplete.size()).isEqualTo(3);
        assertThat(incomplete.closed(IncompleteConnections.Reason.CAP)).isOne();
    }

    @Test
    void connectionsThePeerClosedDoNotCountAgainstTheCap() {
        Fake gone = new Fake();
        incomplete.accepted(remote(1), gone);
        gone.open = false;
        Fake[] live = {new Fake(), new Fake(), new Fake()};
        for (int i = 0; i < 3; i++) {
            assertThat(incomplete.accepted(remote(10 + i), live[i])).isZero();
        }
        assertThat(live).allMatch(Fake::isOpen);
        assertThat(incomplete.closed(IncompleteConnections.Reason.CAP)).isZero();
    }

    @Test
    void aReusedRemotePortIsANewConnectionAtTheEndOfTheLine() {
        Fake first = new Fake();
        Fake other = new Fake();
        Fake again = new Fake();
        incomplete.accepted(remote(1), first);
        first.open = false;
        at(Duration.ofSeconds(10));
        incomplete.accepted(remote(2), other);
        at(Duration.ofSeconds(20));
        incomplete.accepted(remote(1), again);

        at(Duration.ofSeconds(40));
        assertThat(incomplete.sweep()).as("only the one accepted at 10 s").isOne();
        assertThat(other.open).isFalse();
        assertThat(again.open).isTrue();
    }
}
