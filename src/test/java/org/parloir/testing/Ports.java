package org.parloir.testing;

/**
 * Where a test server's ports come from: {@link #FREE} picks loopback ports free right now; a {@link SharedServer}
 * profile records what its first start picked and replays them to compare a second class's definition with it.
 */
public interface Ports {

    /** A loopback port free for both UDP and TCP (SIP listens on both). */
    int udpAndTcp();

    /** A loopback TCP port. */
    int tcp();

    Ports FREE = new Ports() {
        @Override
        public int udpAndTcp() {
            return FreePorts.udpAndTcp();
        }

        @Override
        public int tcp() {
            return FreePorts.tcp();
        }
    };
}
