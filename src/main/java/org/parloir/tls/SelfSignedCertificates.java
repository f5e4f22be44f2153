package org.parloir.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermissions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate used when none is configured: generated once (EC P-256, valid ten years, one DNS name per
 * served domain plus its subdomains) and kept in a PKCS#12 file so clients that pinned it still connect after a
 * restart. A new one is generated when the served domains change.
 */
final class SelfSignedCertificates {

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificates.class);
    private static final char[] PASSWORD = "parloir".toCharArray();
    private static final String ALIAS = "parloir";

    private SelfSignedCertificates() {
    }

    static KeyStore loadOrCreate(Path file, List<String> domains) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            KeyStore existing = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                existing.load(in, PASSWORD);
            }
            if (covers((X509Certificate) existing.getCertificate(ALIAS), domains)) {
                return existing;
            }
            log.info("Served domains changed; generating a new self-signed certificate in {}", file);
        }
        KeyStore created = generate(domains);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "cert", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            created.store(out, PASSWORD);
        }
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        log.warn("No TLS certificate configured: generated a self-signed one for {} in {} (clients will not trust it;"
                + " set parloir.tls.* for production)", domains, file);
        return created;
    }

    static char[] password() {
        return PASSWORD.clone();
    }

    private static boolean covers(X509Certificate cert, List<String> domains) throws GeneralSecurityException {
        if (cert == null || cert.getSubjectAlternativeNames() == null) {
            return false;
        }
        Set<String> names = new java.util.HashSet<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            names.add(String.valueOf(san.get(1)));
        }
        return names.containsAll(domains) && cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(30)));
    }

    private static KeyStore generate(List<String> domains) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + domains.get(0) + ",O=Parloir self-signed");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String domain : domains) {
            names.add(new GeneralName(GeneralName.dNSName, domain));
            names.add(new GeneralName(GeneralName.dNSName, "*." + domain));
        }
        try {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, pair.getPrivate(), PASSWORD, new Certificate[] {cert});
            return store;
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
