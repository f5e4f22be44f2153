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
        Files.deleteIfExists(file);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "parloir", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + ip, "-ext", "SAN=ip:" + ip,
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return file;
    }
}
