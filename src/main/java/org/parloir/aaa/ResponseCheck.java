package org.parloir.aaa;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Message-Authenticator of a RADIUS answer (RFC 3579 §3.2): HMAC-MD5 under the shared secret of the answer with
 * the Request Authenticator in place of its own and the attribute's value zeroed. Since BlastRADIUS (CVE-2024-3596,
 * a forged Access-Accept built from an MD5 collision of the Response Authenticator) a client should check it and,
 * once its servers send it, require it.
 */
final class ResponseCheck {

    private static final int MESSAGE_AUTHENTICATOR = 80;
    private static final int HEADER = 20;

    enum Verdict { VALID, ABSENT, INVALID }

    private ResponseCheck() {
    }

    static Verdict messageAuthenticator(byte[] response, byte[] requestAuthenticator, byte[] secret) {
        int at = find(response);
        if (at == -2) {
            return Verdict.INVALID; // attribute lengths do not add up: not a packet we can trust
        }
        if (at < 0) {
            return Verdict.ABSENT;
        }
        if ((response[at + 1] & 0xff) != 18) {
            return Verdict.INVALID;
        }
        byte[] copy = response.clone();
        System.arraycopy(requestAuthenticator, 0, copy, 4, 16);
        Arrays.fill(copy, at + 2, at + 18, (byte) 0);
        byte[] expected = hmacMd5(secret, copy);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(response, at + 2, at + 18))
                ? Verdict.VALID : Verdict.INVALID;
    }

    /** Offset of the first Message-Authenticator; -1 if none; -2 if the attributes are malformed. */
    private static int find(byte[] packet) {
        int at = HEADER;
        while (at < packet.length) {
            if (at + 2 > packet.length) {
                return -2;
            }
            int length = packet[at + 1] & 0xff;
            if (length < 2 || at + length > packet.length) {
                return -2;
            }
            if ((packet[at] & 0xff) == MESSAGE_AUTHENTICATOR) {
                return at;
            }
            at += length;
        }
        return -1;
    }

    private static byte[] hmacMd5(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(secret, "HmacMD5"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacMD5 unavailable", e);
        }
    }
}
