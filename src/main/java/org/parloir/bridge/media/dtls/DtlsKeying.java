package org.parloir.bridge.media.dtls;

import java.util.Arrays;
import org.parloir.bridge.media.srtp.SrtpProfile;
import org.parloir.bridge.media.srtp.SrtpSession;

/**
 * The SRTP keys of a finished DTLS-SRTP handshake (RFC 5764 §4.2): the 60 bytes the exporter
 * {@code EXTRACTOR-dtls_srtp} gives are client key, server key, client salt, server salt; the client sends with
 * the client's, the server with the server's.
 *
 * @param material      the exporter's output, 2 × (16 + 14) bytes
 * @param localIsClient whether we were the DTLS client (setup active)
 */
public record DtlsKeying(SrtpProfile profile, byte[] material, boolean localIsClient) {

    static final int LENGTH = 2 * (SrtpProfile.MASTER_KEY_LENGTH + SrtpProfile.MASTER_SALT_LENGTH);

    public DtlsKeying {
        if (material.length != LENGTH) {
            throw new IllegalArgumentException("DTLS-SRTP keying material is " + LENGTH + " bytes");
        }
        material = material.clone();
    }

    @Override
    public byte[] material() {
        return material.clone();
    }

    /** What we send is protected with our side's key and salt. */
    public SrtpSession outbound(int maxSsrcs) {
        return session(localIsClient, maxSsrcs);
    }

    /** What we receive was protected with the peer's. */
    public SrtpSession inbound(int maxSsrcs) {
        return session(!localIsClient, maxSsrcs);
    }

    private SrtpSession session(boolean client, int maxSsrcs) {
        int key = SrtpProfile.MASTER_KEY_LENGTH;
        int keyAt = client ? 0 : key;
        int saltAt = 2 * key + (client ? 0 : SrtpProfile.MASTER_SALT_LENGTH);
        return new SrtpSession(profile, Arrays.copyOfRange(material, keyAt, keyAt + key),
                Arrays.copyOfRange(material, saltAt, saltAt + SrtpProfile.MASTER_SALT_LENGTH), maxSsrcs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsKeying k && k.profile == profile && k.localIsClient == localIsClient
                && Arrays.equals(k.material, material);
    }

    @Override
    public int hashCode() {
        return 31 * profile.hashCode() + Arrays.hashCode(material);
    }

    @Override
    public String toString() {
        return "DtlsKeying[" + profile + ", client=" + localIsClient + "]"; // never the keys
    }
}
