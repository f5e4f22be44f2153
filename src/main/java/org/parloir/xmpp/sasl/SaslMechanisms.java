package org.parloir.xmpp.sasl;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.parloir.directory.api.PasswordVerifier;
import org.parloir.directory.api.ScramCredentialSource;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;

/** Which mechanisms a stream offers (RFC 6120 §6.3.3) and the exchange for each. */
public final class SaslMechanisms {

    private final PasswordVerifier passwords;
    private final ScramCredentialSource scram;
    private final boolean plainWithoutTls;
    private final byte[] fakeSaltKey = new byte[32];

    public SaslMechanisms(PasswordVerifier passwords, ScramCredentialSource scram, boolean plainWithoutTls) {
        this.passwords = passwords;
        this.scram = scram;
        this.plainWithoutTls = plainWithoutTls;
        new SecureRandom().nextBytes(fakeSaltKey);
    }

    /** Mechanism names, strongest first. */
    public List<String> offered(String domain, boolean encrypted) {
        List<String> names = new ArrayList<>(3);
        if (scram.offersScram(domain)) {
            names.add(ScramAlgorithm.SHA_256.mechanism());
            names.add(ScramAlgorithm.SHA_1.mechanism());
        }
        if (encrypted || plainWithoutTls) {
            names.add("PLAIN");
        }
        return names;
    }

    /** A new exchange, or null when {@code name} is not offered on this stream. */
    public SaslMechanism create(String name, String domain, boolean encrypted) {
        if (!offered(domain, encrypted).contains(name)) {
            return null;
        }
        return switch (name) {
            case "PLAIN" -> new PlainMechanism(domain, passwords);
            case "SCRAM-SHA-256" -> new ScramMechanism(ScramAlgorithm.SHA_256, domain, scram, fakeSaltKey, 4096);
            case "SCRAM-SHA-1" -> new ScramMechanism(ScramAlgorithm.SHA_1, domain, scram, fakeSaltKey, 4096);
            default -> null;
        };
    }
}
