package org.parloir.bridge.media.dtls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_server -dtls1_2} or {@code s_client -dtls1_2} with {@code use_srtp} and the RFC 5764 exporter,
 * on loopback, with an EC certificate of its own. Its standard input stays open (both exit at EOF on it); its
 * output goes to a file the test reads.
 */
final class OpenSslDtls implements AutoCloseable {

    private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-F]+)");

    private final Process process;
    private final Path output;

    private OpenSslDtls(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** A fresh self-signed P-256 certificate and key in {@code dir} (c.pem, k.pem); returns its fingerprint. */
    static Fingerprint makeCertificate(Path dir) throws IOException, InterruptedException {
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "k.pem", "-out", "c.pem", "-days", "2", "-subj", "/CN=openssl peer");
        try {
            var cert = CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(dir.resolve("c.pem"))));
            return Fingerprint.of("sha-256", cert.getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** s_server on 127.0.0.1:{@code port}, asking for a client certificate, offering {@code profile}. */
    static OpenSslDtls server(Path dir, int port, String profile) throws IOException {
        return start(dir, "server", List.of("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-verify", "1"),
                profile);
    }

    /** s_client to 127.0.0.1:{@code port}, presenting its certificate, offering {@code profile}. */
    static OpenSslDtls client(Path dir, int port, String profile) throws IOException {
        return start(dir, "client", List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + port), profile);
    }

    private static OpenSslDtls start(Path dir, String name, List<String> role, String profile) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(role);
        cmd.addAll(List.of("-cert", "c.pem", "-key", "k.pem", "-use_srtp", profile, "-keymatexport",
                "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60"));
        Path out = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start(); // stdin: a pipe we keep open until close()
        return new OpenSslDtls(p, out);
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * The exported keying material, once the output also says SRTP was negotiated: OpenSSL prints the exporter's
     * output even after a failed handshake, so the line alone proves nothing.
     */
    Optional<String> keyingMaterial() {
        String out = output();
        Matcher m = KEYING.matcher(out);
        return out.contains("SRTP Extension negotiated") && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
