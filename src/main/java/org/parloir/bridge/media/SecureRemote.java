package org.parloir.bridge.media;

import java.net.InetSocketAddress;
import java.util.List;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * The Jingle side's parameters of the secure leg.
 *
 * @param candidates its candidates, for information: checks are accepted from any address (peer-reflexive ones,
 *                   RFC 8445 §7.3.1.3) because their credentials authenticate them
 * @param localRole  our DTLS role, ACTIVE (we start the handshake) or PASSIVE (RFC 5763 §5)
 */
public record SecureRemote(String iceUfrag, String icePwd, List<InetSocketAddress> candidates, Fingerprint fingerprint,
        SetupRole localRole) {

    public SecureRemote {
        if (localRole == SetupRole.ACTPASS) {
            throw new IllegalArgumentException("our DTLS role is decided: ACTIVE or PASSIVE");
        }
        if (iceUfrag == null || iceUfrag.isEmpty() || fingerprint == null) {
            throw new IllegalArgumentException("an ICE ufrag and a fingerprint (RFC 5763 §5: none, no call)");
        }
        candidates = List.copyOf(candidates);
    }
}
