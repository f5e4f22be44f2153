package org.parloir.pstn.spi;

import java.time.Instant;

/**
 * @param adapter      adapter name
 * @param gateway      gateway name
 * @param address      host:port;transport
 * @param up           usable now
 * @param since        when it last changed state
 * @param lastError    what made it go down, null when up
 * @param registration state of the REGISTER towards it ({@code registered, expires <instant>}, {@code registering},
 *                     {@code failed: <reason>}), null when the gateway is not registered to
 */
public record GatewayStatus(String adapter, String gateway, String address, boolean up, Instant since,
                            String lastError, String registration) {

    /** A gateway that is not registered to. */
    public GatewayStatus(String adapter, String gateway, String address, boolean up, Instant since,
                         String lastError) {
        this(adapter, gateway, address, up, since, lastError, null);
    }
}
