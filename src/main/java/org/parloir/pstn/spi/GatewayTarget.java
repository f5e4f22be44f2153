package org.parloir.pstn.spi;

import java.util.Optional;

/**
 * One gateway to send a PSTN call to, with the number as that gateway wants it.
 *
 * @param adapter      name of the adapter that chose it
 * @param gateway      gateway name (unique within the adapter)
 * @param number       the number to put in the Request-URI user part (after the gateway's prefix rules)
 * @param host         host or address of the gateway
 * @param port         its port
 * @param transport    {@code udp}, {@code tcp} or {@code tls}
 * @param credentials  digest credentials to answer the gateway's challenges with, if it asks
 */
public record GatewayTarget(String adapter, String gateway, String number, String host, int port, String transport,
                            Optional<TrunkCredentials> credentials) {

    /** {@code sip:<number>@host:port;user=phone[;transport=tcp]}. */
    public String requestUri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "sip:" + number + "@" + h + ":" + port + ";user=phone"
                + ("udp".equals(transport) ? "" : ";transport=" + transport);
    }
}
