package org.parloir.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads one configured certificate and key ({@link TlsProperties.Credentials}): a PEM pair (what cert-manager and
 * Let's Encrypt clients write) or a key store. Errors name the property and the file.
 */
final class CredentialFiles {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private CredentialFiles() {
    }

    /** The files whose change means a renewed certificate. */
    static List<Path> files(TlsProperties.Credentials c) {
        List<Path> files = new ArrayList<>();
        if (TlsProperties.Credentials.has(c.keyStore())) {
            files.add(Path.of(c.keyStore()));
        } else {
            if (TlsProperties.Credentials.has(c.certificate())) {
                files.add(Path.of(c.certificate()));
            }
            if (TlsProperties.Credentials.has(c.privateKey())) {
                files.add(Path.of(c.privateKey()));
            }
        }
        return files;
    }

    /** {@code property} names the configuration block in messages, e.g. {@code parloir.tls}. */
    static KeyEntry load(TlsProperties.Credentials c, String property) {
        try {
            if (TlsProperties.Credentials.has(c.keyStore())) {
                return keyStore(Path.of(c.keyStore()), c.keyStoreType(), password(c.keyStorePassword()), property);
            }
            if (!TlsProperties.Credentials.has(c.certificate()) || !TlsProperties.Credentials.has(c.privateKey())) {
                throw new IllegalArgumentException(property + ": set both certificate and private-key (PEM), or"
                        + " key-store");
            }
            X509Certificate[] chain = certificates(Path.of(c.certificate()), property + ".certificate");
            PrivateKey key = privateKey(Path.of(c.privateKey()), password(c.privateKeyPassword()),
                    property + ".private-key");
            KeyEntry entry = new KeyEntry(key, chain);
            checkPair(entry, property);
            return entry;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(property + ": cannot read the certificate: " + e.getMessage(), e);
        }
    }

    static KeyEntry keyStore(Path file, String type, char[] password, String property)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return entry(store, password, property + ".key-store: " + file);
    }

    /** The first private key entry of {@code store}; {@code where} names it in the error. */
    static KeyEntry entry(KeyStore store, char[] password, String where) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                Key key = store.getKey(alias, password);
                Certificate[] chain = store.getCertificateChain(alias);
                if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    X509Certificate[] x509 = new X509Certificate[chain.length];
                    for (int i = 0; i < chain.length; i++) {
                        x509[i] = (X509Certificate) chain[i];
                    }
                    return new KeyEntry(pk, x509);
                }
            }
        }
        throw new IllegalArgumentException(where + " holds no private key entry");
    }

    private static X509Certificate[] certificates(Path file, String property) throws IOException,
            GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); PEMParser pem = new PEMParser(reader)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(property + ": no PEM certificate in " + file);
        }
        return chain.toArray(X509Certificate[]::new);
    }

    private static PrivateKey privateKey(Path file, char[] password, String property) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file); PEMParser pem = new PEMParser(reader)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                switch (o) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getKeyPair(pair).getPrivate();
                    }
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> {
                        return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password)));
                    }
                    case PEMEncryptedKeyPair encrypted -> {
                        return converter.getKeyPair(encrypted.decryptKeyPair(
                                new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))).getPrivate();
                    }
                    default -> { }
                }
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException(property + ": cannot decrypt " + file + " (wrong private-key-password?)",
                    e);
        }
        throw new IllegalArgumentException(property + ": no PEM private key in " + file);
    }

    /** The key must be the leaf certificate's: a mismatched renewal must not replace a working pair. */
    private static void checkPair(KeyEntry entry, String property) throws GeneralSecurityException {
        String algorithm = switch (entry.keyType()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "parloir".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(entry.key());
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(entry.leaf().getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new IllegalArgumentException(property + ": the private key does not belong to the certificate "
                    + entry.leaf().getSubjectX500Principal().getName());
        }
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
