package org.parloir.aaa;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.aaa4j.radius.client.IntervalRetransmissionStrategy;
import org.aaa4j.radius.client.clients.UdpRadiusClient;

/**
 * The UDP clients of every configured server: one for its access port, retransmitting {@code retries} times itself,
 * and one for its accounting port sending once per call (the failover loop retries with a new Acct-Delay-Time).
 */
record RadiusPeers(List<RadiusPeer> access, List<RadiusPeer> accounting) implements AutoCloseable {

    static RadiusPeers of(AaaProperties.Radius radius) {
        List<RadiusPeer> access = radius.servers().stream()
                .map(s -> peer(s.host(), s.accessPort(), s.secret(), radius.retries() + 1, radius.timeout()))
                .toList();
        List<RadiusPeer> accounting = radius.servers().stream()
                .map(s -> peer(s.host(), s.accountingPort(), s.secret(), 1, radius.timeout()))
                .toList();
        return new RadiusPeers(access, accounting);
    }

    private static RadiusPeer peer(String host, int port, String secret, int attempts, Duration timeout) {
        UdpRadiusClient client = UdpRadiusClient.newBuilder()
                .address(new InetSocketAddress(host, port))
                .secret(secret.getBytes(StandardCharsets.UTF_8))
                .retransmissionStrategy(new IntervalRetransmissionStrategy(attempts, timeout))
                .build();
        String name = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        return new RadiusPeer(name, client);
    }

    @Override
    public void close() {
        access.forEach(RadiusPeer::close);
        accounting.forEach(RadiusPeer::close);
    }
}
