package org.parloir.xmpp.api;

import java.time.Instant;

/**
 * One bound client resource, as an administrator sees it.
 *
 * @param jid              the full JID
 * @param user             the account, {@code local@domain}
 * @param resource         the resource part
 * @param address          the client's IP address and port, as last connected
 * @param since            when the resource was bound
 * @param tls              the stream is encrypted
 * @param streamManagement XEP-0198 is enabled
 * @param detached         the connection dropped and the session waits to be resumed
 * @param available        the resource sent available presence (RFC 6121 §4.2)
 * @param client           the software the client names in its presence (the XEP-0115 caps node, a URI), or null
 *                         when it named none
 */
public record XmppSession(String jid, String user, String resource, String address, Instant since, boolean tls,
                          boolean streamManagement, boolean detached, boolean available, String client) {
}
