package org.parloir.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.parloir.tls.api.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS credentials, loaded at start (a broken configuration stops start-up naming the property) and
 * re-read when a configured file changes ({@link #reloadIfChanged}): a renewed certificate is served to new
 * handshakes; a broken renewal is logged and the working credentials stay.
 */
final class TlsService implements TlsMaterial {

    private static final Logger log = LoggerFactory.getLogger(TlsService.class);

    private final TlsProperties props;
    private final List<String> servedDomains;
    private final SniKeyManager keyManager;
    private final X509TrustManager trustManager;
    private final Path selfSigned;
    private byte[] fingerprint;

    TlsService(TlsProperties props, List<String> servedDomains) {
        this.props = props;
        this.servedDomains = List.copyOf(servedDomains);
        for (String domain : props.domains().keySet()) {
            if (!this.servedDomains.contains(domain.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("parloir.tls.domains: " + domain + " is not a served domain "
                        + "(parloir.domains): " + servedDomains);
            }
        }
        selfSigned = props.defaults().configured() ? null : Path.of(props.generatedKeyStore());
        fingerprint = fingerprint();
        keyManager = new SniKeyManager(fallback(), domainEntries());
        trustManager = TrustManagers.jdkAnd(props.trustStore(), props.trustStorePassword(), props.keyStoreType());
        log.info("TLS certificate: {}{}", keyManager.current().fallback().describe(),
                keyManager.current().domains().isEmpty() ? "" : "; per domain: " + keyManager.current().domains()
                        .entrySet().stream().map(e -> e.getKey() + " " + e.getValue().describe()).toList());
    }

    @Override
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    @Override
    public X509TrustManager trustManager() {
        return trustManager;
    }

    @Override
    public List<String> protocols() {
        return props.protocols();
    }

    @Override
    public List<String> cipherSuites() {
        return props.cipherSuites();
    }

    @Override
    public Optional<Path> selfSigned() {
        return Optional.ofNullable(selfSigned);
    }

    /** The default certificate's end of validity (a gauge, so an expiring certificate is seen before it bites). */
    Instant notAfter() {
        return keyManager.current().fallback().notAfter();
    }

    /** Re-reads the credentials when a configured file's content changed; true when new ones were installed. */
    synchronized boolean reloadIfChanged() {
        byte[] now = fingerprint();
        if (Arrays.equals(now, fingerprint)) {
            return false;
        }
        try {
            KeyEntry fallback = fallback();
            Map<String, KeyEntry> domains = domainEntries();
            keyManager.install(fallback, domains);
            fingerprint = now;
            log.info("TLS certificate reloaded: {}", fallback.describe());
            return true;
        } catch (RuntimeException e) {
            // a half-written renewal (key before certificate) reads as a mismatch: try again at the next check
            log.warn("TLS certificate changed on disk but cannot be used ({}); still serving the previous one",
                    e.getMessage());
            return false;
        }
    }

    private KeyEntry fallback() {
        if (selfSigned != null) {
            try {
                KeyStore store = SelfSignedCertificates.loadOrCreate(selfSigned, servedDomains);
                return CredentialFiles.entry(store, GENERATED_PASSWORD.toCharArray(), selfSigned.toString());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("parloir.tls.generated-key-store: cannot create " + selfSigned + ": "
                        + e.getMessage(), e);
            }
        }
        return CredentialFiles.load(props.defaults(), "parloir.tls");
    }

    private Map<String, KeyEntry> domainEntries() {
        Map<String, KeyEntry> entries = new HashMap<>();
        props.domains().forEach((domain, c) -> entries.put(domain.toLowerCase(Locale.ROOT),
                CredentialFiles.load(c, "parloir.tls.domains[" + domain + "]")));
        return entries;
    }

    /** SHA-256 over the configured files' bytes (not their times: a Kubernetes Secret update swaps symlinks). */
    private byte[] fingerprint() {
        Map<String, TlsProperties.Credentials> all = new LinkedHashMap<>();
        all.put("", props.defaults());
        all.putAll(props.domains());
        List<Path> files = new ArrayList<>();
        all.values().forEach(c -> files.addAll(CredentialFiles.files(c)));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                try {
                    sha.update(Files.readAllBytes(file));
                } catch (NoSuchFileException e) {
                    sha.update((byte) 0); // mid-rotation: read again at the next check
                }
                sha.update((byte) '|');
            }
            return sha.digest();
        } catch (IOException e) {
            return new byte[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
