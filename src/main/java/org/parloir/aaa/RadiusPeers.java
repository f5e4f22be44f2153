package org.parloir.aaa;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The UDP clients of every configured server: one for its access port, retransmitting {@code retries} times itself,
 * and one for its accounting port sending once per call (the failover loop retries with a new Acct-Delay-Time).
 */
record RadiusPeers(List<RadiusPeer> access, List<RadiusPeer> accounting) implements AutoCloseable {

    static RadiusPeers of(AaaProperties.Radius radius) {
        List<RadiusPeer> access = radius.servers().stream()
                .map(s -> peer(s.host(), s.accessPort(), s.secret(), radius.retries() + 1, radius))
                .toList();
        List<RadiusPeer> accounting = radius.servers().stream()
                .map(s -> peer(s.host(), s.accountingPort(), s.secret(), 1, radius))
                .toList();
        return new RadiusPeers(access, accounting);
    }

    private static RadiusPeer peer(String host, int port, String secret, int attempts, AaaProperties.Radius radius) {
        VerifyingUdpClient client = new VerifyingUdpClient(new InetSocketAddress(host, port),
                secret.getBytes(StandardCharsets.UTF_8), attempts, radius.timeout(),
                radius.requireMessageAuthenticator());
        String name = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        return new RadiusPeer(name, client);
    }

    @Override
    public void close() {
        access.forEach(RadiusPeer::close);
        accounting.forEach(RadiusPeer::close);
    }
}
