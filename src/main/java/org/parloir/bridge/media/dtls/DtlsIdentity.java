package org.parloir.bridge.media.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate and key the relay presents in every DTLS handshake. WebRTC peers authenticate it by the
 * fingerprint signalled beside the media description (RFC 5763 §5, RFC 8122), not by a CA: a self-signed ECDSA
 * P-256 certificate generated once at start-up is enough; a configured one can be passed in instead.
 */
public record DtlsIdentity(PrivateKey privateKey, X509Certificate certificate) {

    private static final Duration VALIDITY = Duration.ofDays(365);

    /** A fresh self-signed ECDSA P-256 identity, valid a year from a day ago (clock skew of peers). */
    public static DtlsIdentity generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant from = Instant.now().minus(Duration.ofDays(1));
            X500Name name = new X500Name("CN=parloir media relay");
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(from), Date.from(from.plus(VALIDITY)), name, pair.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            return new DtlsIdentity(pair.getPrivate(),
                    new JcaX509CertificateConverter().getCertificate(builder.build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("EC P-256 and SHA256withECDSA are part of every JDK", e);
        }
    }

    /** The DER encoding of the certificate, as it travels in the handshake. */
    public byte[] certificateDer() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sha-256 fingerprint the signalling announces (RFC 8122 §5). */
    public Fingerprint fingerprint() {
        return Fingerprint.of("sha-256", certificateDer());
    }
}
