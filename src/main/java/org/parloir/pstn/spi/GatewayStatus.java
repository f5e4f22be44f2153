package org.parloir.pstn.spi;

import java.time.Instant;

/**
 * @param adapter   adapter name
 * @param gateway   gateway name
 * @param address   host:port;transport
 * @param up        usable now
 * @param since     when it last changed state
 * @param lastError what made it go down, null when up
 */
public record GatewayStatus(String adapter, String gateway, String address, boolean up, Instant since,
                            String lastError) {
}
