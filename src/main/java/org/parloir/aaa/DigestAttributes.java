package org.parloir.aaa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.DigestAlgorithm;
import org.aaa4j.radius.core.attribute.attributes.DigestCnonce;
import org.aaa4j.radius.core.attribute.attributes.DigestEntityBodyHash;
import org.aaa4j.radius.core.attribute.attributes.DigestMethod;
import org.aaa4j.radius.core.attribute.attributes.DigestNonce;
import org.aaa4j.radius.core.attribute.attributes.DigestNonceCount;
import org.aaa4j.radius.core.attribute.attributes.DigestOpaque;
import org.aaa4j.radius.core.attribute.attributes.DigestQop;
import org.aaa4j.radius.core.attribute.attributes.DigestRealm;
import org.aaa4j.radius.core.attribute.attributes.DigestResponse;
import org.aaa4j.radius.core.attribute.attributes.DigestUri;
import org.aaa4j.radius.core.attribute.attributes.DigestUsername;

/** The RFC 5090 §3 attributes of one SIP digest response, for an Access-Request the server verifies. */
final class DigestAttributes {

    private DigestAttributes() {
    }

    static List<Attribute<?>> of(org.parloir.aaa.api.DigestResponse digest) {
        List<Attribute<?>> attributes = new ArrayList<>(12);
        add(attributes, digest.response(), DigestResponse::new);      // §3.1
        add(attributes, digest.realm(), DigestRealm::new);            // §3.2
        add(attributes, digest.nonce(), DigestNonce::new);            // §3.3
        add(attributes, digest.method(), DigestMethod::new);          // §3.6
        add(attributes, digest.uri(), DigestUri::new);                // §3.7
        add(attributes, digest.qop(), DigestQop::new);                // §3.8
        add(attributes, digest.algorithm(), DigestAlgorithm::new);    // §3.9
        if ("auth-int".equalsIgnoreCase(digest.qop())) {              // §3.10: H(entity-body), not the body
            byte[] body = digest.body() == null ? new byte[0] : digest.body();
            add(attributes, bodyHash(digest.algorithm(), body), DigestEntityBodyHash::new);
        }
        add(attributes, digest.cnonce(), DigestCnonce::new);          // §3.11
        add(attributes, digest.nonceCount(), DigestNonceCount::new);  // §3.12
        add(attributes, digest.username(), DigestUsername::new);      // §3.13
        add(attributes, digest.opaque(), DigestOpaque::new);          // §3.14
        return attributes;
    }

    /** Hex H(entity-body) with the digest's hash: MD5 (the default) or SHA-256 (RFC 8760), -sess variants alike. */
    static String bodyHash(String algorithm, byte[] body) {
        String name = algorithm == null ? "MD5" : algorithm.toUpperCase(Locale.ROOT).replace("-SESS", "");
        String jca = switch (name) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            case "SHA-512-256" -> "SHA-512/256";
            default -> throw new IllegalArgumentException("unknown digest algorithm " + algorithm);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " missing from the JDK", e);
        }
    }

    private static void add(List<Attribute<?>> attributes, String value,
                            Function<TextData, Attribute<?>> attribute) {
        if (value != null && !value.isEmpty()) {
            attributes.add(attribute.apply(new TextData(value)));
        }
    }
}
