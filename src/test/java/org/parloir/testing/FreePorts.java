package org.parloir.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test servers, free for UDP and TCP on every address when picked. They come from below the kernel's
 * ephemeral range (Linux: 32768–60999), because a port the kernel handed out for {@code bind(0)} and then freed can
 * be taken by any outgoing connection before the server binds it seconds later (seen: an XMPP listener of a full
 * build failed with "Address already in use"); and none is handed out twice in one JVM, so two servers set up one
 * after the other never get the same one.
 */
public final class FreePorts {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int udpAndTcp() {
        return pick(true);
    }

    /**
     * A port free for UDP and TCP whose next one is free for TCP too, both given: for baresip, which listens for
     * SIP over TLS on the SIP port + 1 (a full build saw it fail with "Address already in use" on that port, given
     * to another baresip's control socket).
     */
    public static synchronized int udpAndTcpWithNext() {
        int span = HIGH - LOW - 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = LOW + (start + i) % span;
            if (!GIVEN.contains(port) && !GIVEN.contains(port + 1) && free(port, true) && free(port + 1, false)) {
                GIVEN.add(port);
                GIVEN.add(port + 1);
                return port;
            }
        }
        throw new IllegalStateException("no two free ports between " + LOW + " and " + HIGH);
    }

    /** A TCP port (also free for UDP: one list for both). */
    public static synchronized int tcp() {
        return pick(false);
    }

    private static int pick(boolean udpToo) {
        int span = HIGH - LOW;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = LOW + (start + i) % span;
            if (!GIVEN.contains(port) && free(port, udpToo)) {
                GIVEN.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }

    private static boolean free(int port, boolean udpToo) {
        try (ServerSocket tcp = new ServerSocket(port, 1, null)) {
            if (udpToo) {
                try (DatagramSocket udp = new DatagramSocket(port)) {
                    return true;
                }
            }
            return true;
        } catch (IOException busy) {
            return false;
        }
    }
}
