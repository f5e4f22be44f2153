package org.parloir.bridge.media.dtls;

import java.io.IOException;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.parloir.bridge.media.srtp.SrtpProfile;

/**
 * What the DTLS client and server of the relay share: the identity they sign with, the fingerprint the peer's
 * certificate must have, the keying material they export, and where they report a failure on our side, the keys
 * and the peer's close_notify (bctls 1.84's DTLS record layer reports it through {@code notifyAlertReceived} and
 * closes our transport itself, then reads it once more: the reading loop must take that as the end, not an error).
 */
record PeerChecks(JcaTlsCrypto crypto, DtlsIdentity identity, Fingerprint expected, int handshakeTimeoutMillis,
        Consumer<String> failure, Consumer<DtlsKeying> established, Runnable closed) {

    /** DTLS 1.2 only: what WebRTC stacks speak (RFC 8827 §6.5), and the version bctls and OpenSSL 3 agree on. */
    static final ProtocolVersion[] VERSIONS = ProtocolVersion.DTLSv12.only();

    /** Our certificate and ECDSA-SHA256 signatures with its key. */
    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(identity.certificateDer())});
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, identity.privateKey(),
                chain, SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /**
     * RFC 5763 §5/§6.6: the peer's (self-signed) certificate is accepted if and only if it hashes to the fingerprint
     * the signalling carried; a peer without a certificate fails too (both sides MUST present one).
     */
    void verify(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw fail(AlertDescription.certificate_required, "the peer sent no certificate");
        }
        if (!expected.matches(chain.getCertificateAt(0).getEncoded())) {
            throw fail(AlertDescription.bad_certificate,
                    "the peer's certificate does not match the signalled " + expected.algorithm() + " fingerprint");
        }
    }

    TlsFatalAlert fail(short alert, String reason) {
        failure.accept(reason);
        return new TlsFatalAlert(alert, reason);
    }

    /** RFC 5764 §4.2: 2 × (key + salt) bytes from the exporter labelled {@code EXTRACTOR-dtls_srtp}, no context. */
    static DtlsKeying export(TlsContext context, SrtpProfile profile) {
        return new DtlsKeying(profile, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsKeying.LENGTH),
                !context.isServer());
    }
}
