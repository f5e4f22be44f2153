package org.parloir.xmpp.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-address and total caps count unauthenticated connections only, and close the oldest to make room. */
class ConnectionLimiterTest {

    private static final InetAddress CAMPUS = address("192.0.2.1");
    private static final InetAddress OTHER = address("198.51.100.7");

    /** An embedded channel with a client address, and the events that reached the end of its pipeline. */
    private static final class Client extends EmbeddedChannel {
        final List<Object> events = new ArrayList<>();
        private final InetSocketAddress remote;

        Client(InetAddress address) {
            super(false, false);
            this.remote = new InetSocketAddress(address, 40000);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }

        Client connect(ConnectionLimiter limiter) throws Exception {
            pipeline().addLast(limiter, new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    events.add(evt);
                }
            });
            register();
            return this;
        }

        boolean evicted() {
            runPendingTasks();
            return events.stream().anyMatch(ConnectionLimiter.Evicted.class::isInstance);
        }
    }

    @Test
    void aNewConnectionOverTheAddressCapClosesTheOldestUnauthenticatedOne() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new UnauthenticatedConnections(3, 100));
        List<Client> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slow.add(new Client(CAMPUS).connect(limiter));
        }
        Client login = new Client(CAMPUS).connect(limiter);

        assertThat(slow.get(0).evicted()).as("the oldest makes room").isTrue();
        assertThat(slow.get(0).events).singleElement().isEqualTo(new ConnectionLimiter.Evicted(
                UnauthenticatedConnections.Cap.ADDRESS.text()));
        assertThat(slow.subList(1, 3)).noneMatch(Client::evicted);
        assertThat(login.evicted()).as("the new one is served").isFalse();
        assertThat(limiter.unauthenticated().size(CAMPUS)).isEqualTo(3);
        assertThat(limiter.unauthenticated().evicted(UnauthenticatedConnections.Cap.ADDRESS)).isEqualTo(1);
        assertThat(limiter.openConnections()).as("the evicted one is still open until it closes").isEqualTo(4);
    }

    @Test
    void anEvictedConnectionThatDoesNotCloseItselfIsClosedAfterTheGrace() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new UnauthenticatedConnections(1, 100));
        Client first = new Client(CAMPUS).connect(limiter);
        new Client(CAMPUS).connect(limiter);
        assertThat(first.evicted()).isTrue();
        assertThat(first.isOpen()).as("the stream handler gets its chance to write the stream error").isTrue();

        first.advanceTimeBy(ConnectionLimiter.EVICTION_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        first.runScheduledPendingTasks();
        assertThat(first.isOpen()).isFalse();
        assertThat(limiter.openConnections()).isEqualTo(1);
    }

    @Test
    void authenticatedConnectionsLeaveTheCountAndAreNeverEvicted() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new UnauthenticatedConnections(2, 100));
        List<Client> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Client user = new Client(CAMPUS).connect(limiter);
            ConnectionLimiter.authenticated(user);
            users.add(user);
        }
        Client one = new Client(CAMPUS).connect(limiter);
        Client two = new Client(CAMPUS).connect(limiter);

        assertThat(users).noneMatch(Client::evicted);
        assertThat(one.evicted()).isFalse();
        assertThat(two.evicted()).isFalse();
        assertThat(limiter.unauthenticated().size(CAMPUS)).isEqualTo(2);
        assertThat(limiter.openConnections()).isEqualTo(52);
    }

    @Test
    void authenticatingAfterTheEvictionWasDecidedKeepsTheConnection() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new UnauthenticatedConnections(1, 100));
        Client first = new Client(CAMPUS).connect(limiter);
        new Client(CAMPUS).connect(limiter);
        // SASL success reached the event loop before the eviction's close: the stream handler ignores the event
        ConnectionLimiter.authenticated(first);
        first.advanceTimeBy(ConnectionLimiter.EVICTION_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        first.runPendingTasks();
        first.runScheduledPendingTasks();
        assertThat(first.isOpen()).isTrue();
    }

    @Test
    void closedConnectionsGiveTheirSlotBack() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new UnauthenticatedConnections(2, 100));
        Client a = new Client(CAMPUS).connect(limiter);
        Client b = new Client(CAMPUS).connect(limiter);
        a.close();
        Client c = new Client(CAMPUS).connect(limiter);

        assertThat(b.evicted()).isFalse();
        assertThat(c.evicted()).isFalse();
        assertThat(limiter.unauthenticated().size(CAMPUS)).isEqualTo(2);
        assertThat(limiter.openConnections()).isEqualTo(2);
    }

    @Test
    void theTotalCapClosesTheOldestOfAnyAddress() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(new UnauthenticatedConnections(2, 3));
        Client other = new Client(OTHER).connect(limiter);
        Client campus1 = new Client(CAMPUS).connect(limiter);
        Client campus2 = new Client(CAMPUS).connect(limiter);
        Client campus3 = new Client(CAMPUS).connect(limiter);

        // campus3 is over its address's cap (campus1 goes) and then the total is back at 3: nobody else goes
        assertThat(campus1.evicted()).isTrue();
        assertThat(other.evicted()).isFalse();
        Client another = new Client(address("203.0.113.9")).connect(limiter);
        assertThat(other.evicted()).as("the oldest of all").isTrue();
        assertThat(other.events).singleElement().isEqualTo(new ConnectionLimiter.Evicted(
                UnauthenticatedConnections.Cap.TOTAL.text()));
        assertThat(campus2.evicted()).isFalse();
        assertThat(campus3.evicted()).isFalse();
        assertThat(another.evicted()).isFalse();
        assertThat(limiter.unauthenticated().size()).isEqualTo(3);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
