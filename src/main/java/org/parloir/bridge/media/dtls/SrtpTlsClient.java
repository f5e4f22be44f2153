package org.parloir.bridge.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.parloir.bridge.media.srtp.SrtpProfile;

/**
 * The active end (RFC 5763 §5): a DTLS 1.2 client offering both SRTP profiles in {@code use_srtp}, checking the
 * server's certificate against the signalled fingerprint and presenting ours when asked.
 */
final class SrtpTlsClient extends DefaultTlsClient {

    private static final int[] SUITES = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA};

    private final PeerChecks checks;
    private SrtpProfile profile;

    SrtpTlsClient(PeerChecks checks) {
        super(checks.crypto());
        this.checks = checks;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return checks.handshakeTimeoutMillis();
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return PeerChecks.VERSIONS;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        int[] ids = java.util.Arrays.stream(SrtpProfile.values()).mapToInt(SrtpProfile::id).toArray();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, new byte[0]));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        // RFC 5764 §4.1.1: the server answers with exactly one of the offered profiles
        if (chosen == null || chosen.getProtectionProfiles().length != 1
                || SrtpProfile.ofId(chosen.getProtectionProfiles()[0]).isEmpty()) {
            throw checks.fail(AlertDescription.illegal_parameter,
                    "the server chose no SRTP protection profile we offered (use_srtp, RFC 5764 §4.1.1)");
        }
        profile = SrtpProfile.ofId(chosen.getProtectionProfiles()[0]).orElseThrow();
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                checks.verify(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return checks.signer(context);
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        checks.established().accept(PeerChecks.export(context, profile));
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            checks.closed().run(); // DTLS: bctls closes the transport on it without notifyConnectionClosed
        }
    }

    @Override
    public void notifyConnectionClosed() {
        checks.closed().run();
    }
}
