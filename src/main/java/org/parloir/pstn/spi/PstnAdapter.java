package org.parloir.pstn.spi;

import java.util.List;
import org.parloir.core.E164;

/**
 * A source of PSTN gateways: the built-in {@code sip-trunk} adapter, or a third party's, found as a Spring bean of
 * this type (a jar on the class path with an auto-configuration declaring it). Methods are called on SIP threads:
 * they must answer from memory, never block.
 */
public interface PstnAdapter {

    /** Short name for logs, metrics and CDRs, e.g. {@code sip-trunk}. */
    String name();

    /** Whether this adapter has at least one gateway configured. */
    boolean configured();

    /**
     * The gateways to try for {@code number}, best first, each with the number rewritten as that gateway wants it
     * dialled. Gateways marked down come after the healthy ones (or not at all). Empty: no route for this number.
     */
    List<GatewayTarget> candidates(E164 number);

    /** How an attempt on {@code target} ended; feeds the adapter's health view. */
    void report(GatewayTarget target, AttemptOutcome outcome);

    /** Health of each gateway of this adapter. */
    List<GatewayStatus> status();
}
