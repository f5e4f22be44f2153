package org.parloir.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.TestCertificates;

class CredentialFilesTest {

    @TempDir
    Path dir;

    private Path[] pem(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Path p12 = TestCertificates.selfSignedPkcs12ForDomain(folder.resolve("c.p12"), "changeit", "example.org");
        return TestCertificates.toPem(p12, "changeit", folder);
    }

    private static TlsProperties.Credentials pemPair(Path cert, Path key, String password) {
        return new TlsProperties.Credentials(cert.toString(), key.toString(), password, null, null, "PKCS12");
    }

    @Test
    void aPemPairIsReadAndItsFilesWatched() throws Exception {
        Path[] files = pem("a");
        KeyEntry entry = CredentialFiles.load(pemPair(files[0], files[1], ""), "parloir.tls");
        assertThat(entry.keyType()).isEqualTo("EC");
        assertThat(entry.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
        assertThat(CredentialFiles.files(pemPair(files[0], files[1], ""))).containsExactly(files[0], files[1]);
    }

    @Test
    void anEncryptedPkcs8KeyNeedsItsPassword() throws Exception {
        Path[] files = pem("b");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), new JceOpenSSLPKCS8EncryptorBuilder(
                    PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .setPassword("s3cret".toCharArray()).build()));
        }
        Path encrypted = Files.writeString(dir.resolve("encrypted.pem"), text.toString());

        assertThatThrownBy(() -> CredentialFiles.load(pemPair(files[0], encrypted, "wrong"), "parloir.tls"))
                .hasMessageContaining("parloir.tls.private-key").hasMessageContaining("private-key-password");
        // the right password opens it, and then the pair check sees a key of another certificate
        assertThatThrownBy(() -> CredentialFiles.load(pemPair(files[0], encrypted, "s3cret"), "parloir.tls"))
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Path[] a = pem("c");
        Path[] b = pem("d");
        assertThatThrownBy(() -> CredentialFiles.load(pemPair(a[0], b[1], ""), "parloir.tls.domains[lab]"))
                .hasMessageStartingWith("parloir.tls.domains[lab]: the private key does not belong");
    }

    @Test
    void missingHalvesAndFilesNameTheProperty() throws Exception {
        Path[] a = pem("e");
        assertThatThrownBy(() -> CredentialFiles.load(new TlsProperties.Credentials(a[0].toString(), null, null, null,
                null, "PKCS12"), "parloir.tls")).hasMessageContaining("set both certificate and private-key");
        assertThatThrownBy(() -> CredentialFiles.load(pemPair(dir.resolve("none.pem"), a[1], ""), "parloir.tls"))
                .hasMessageStartingWith("parloir.tls: cannot read the certificate");
    }
}
