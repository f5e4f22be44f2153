package org.parloir.aaa;

import org.aaa4j.radius.core.packet.Packet;

/** How one RADIUS request ended after failover: a server answered, or none did. */
sealed interface Exchange {

    /** @param server host:port of the server that answered */
    record Answered(String server, Packet reply) implements Exchange {
    }

    /** @param reason why each server failed, for the log and the Unavailable result */
    record NoAnswer(String reason) implements Exchange {
    }
}
