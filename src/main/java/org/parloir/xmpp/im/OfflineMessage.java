package org.parloir.xmpp.im;

import java.time.Instant;

/**
 * A message kept for a user who had no available resource (RFC 6121 §8.5.2.2).
 *
 * @param id        its place in arrival order, and the key to {@link OfflineStore#delete} it once delivered
 * @param owner     the bare JID it is kept for
 * @param stanzaXml the serialised {@code <message/>} as it was routed
 * @param stamp     when it arrived, to the millisecond: the stamp of the XEP-0203 delay added on delivery
 */
public record OfflineMessage(long id, String owner, String stanzaXml, Instant stamp) {
}
