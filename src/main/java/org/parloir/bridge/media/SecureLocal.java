package org.parloir.bridge.media;

import java.net.InetSocketAddress;
import org.parloir.bridge.media.dtls.Fingerprint;

/**
 * What the Jingle side's offer or answer says about our end of the secure leg: ICE-lite credentials
 * (RFC 8445 §5.3), our one host candidate, and the DTLS fingerprint (XEP-0320, RFC 8122).
 */
public record SecureLocal(String iceUfrag, String icePwd, InetSocketAddress candidate, Fingerprint fingerprint) {
}
