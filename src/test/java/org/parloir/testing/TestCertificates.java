package org.parloir.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed test certificates made with the running JDK's keytool. */
public final class TestCertificates {

    private TestCertificates() {
    }

    public static Path selfSignedPkcs12(Path file, String password, String ip) throws Exception {
        return selfSigned(file, password, ip, "ip:" + ip);
    }

    /** A certificate for a DNS name (an XMPP domain), e.g. {@code example.org}. */
    public static Path selfSignedPkcs12ForDomain(Path file, String password, String domain) throws Exception {
        return selfSigned(file, password, domain, "dns:" + domain);
    }

    /** Writes the key store's certificate and PKCS#8 private key as PEM files: {@code [certificate, key]}. */
    public static Path[] toPem(Path pkcs12, String password, Path dir) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(pkcs12)) {
            store.load(in, password.toCharArray());
        }
        String alias = store.aliases().nextElement();
        java.util.Base64.Encoder mime = java.util.Base64.getMimeEncoder(64, "\n".getBytes());
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
                + mime.encodeToString(store.getCertificate(alias).getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + mime.encodeToString(store.getKey(alias, password.toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {cert, key};
    }

    private static Path selfSigned(Path file, String password, String cn, String san) throws Exception {
        Files.deleteIfExists(file);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "parloir", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + cn, "-ext", "SAN=" + san,
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return file;
    }
}
