package org.parloir.bridge.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.parloir.bridge.media.srtp.SrtpProfile;

/**
 * The passive end (RFC 5763 §5): a DTLS 1.2 server with our ECDSA certificate that asks for the client's, picks
 * the first of our SRTP profiles the client offers in {@code use_srtp} (RFC 5764 §4.1.1) and fails the handshake
 * when there is none.
 */
final class SrtpTlsServer extends DefaultTlsServer {

    private static final int[] SUITES = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA};

    private final PeerChecks checks;
    private SrtpProfile profile;

    SrtpTlsServer(PeerChecks checks) {
        super(checks.crypto());
        this.checks = checks;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return checks.signer(context);
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
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered != null) {
            for (SrtpProfile candidate : SrtpProfile.values()) {
                for (int id : offered.getProtectionProfiles()) {
                    if (profile == null && id == candidate.id()) {
                        profile = candidate;
                    }
                }
            }
        }
        if (profile == null) {
            throw checks.fail(AlertDescription.handshake_failure,
                    "the client offered no SRTP protection profile we support (use_srtp, RFC 5764 §4.1.1)");
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile.id()}, new byte[0]));
        return extensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // RFC 5763 §5: the server MUST request a certificate; WebRTC stacks present ECDSA or RSA ones
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        checks.verify(clientCertificate);
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
