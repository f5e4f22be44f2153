package org.parloir.bridge.media;

/**
 * What one leg of a relayed call received and sent.
 *
 * @param packetsIn   accepted packets received (RTP and RTCP, after authentication on the secure leg)
 * @param packetsOut  packets sent on this leg
 * @param packetsLost RTP packets missing from the received sequence numbers
 * @param rejected    datagrams refused: wrong source, failed authentication or replay, or not media
 */
public record LegStats(long packetsIn, long packetsOut, long packetsLost, long bytesIn, long bytesOut,
        long rejected) {
}
