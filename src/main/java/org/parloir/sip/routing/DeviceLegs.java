package org.parloir.sip.routing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The B2BUA's own INVITEs to a person's SIP devices (issue 11: one person rung on SIP and Jingle devices at once).
 * The B2BUA rings the person's Jingle clients itself and reaches their SIP devices through this server's proxy,
 * which forks to the registered contacts as it does for any call. Such an INVITE carries {@link #PARAM} in its
 * Request-URI: an HMAC of its Call-ID and the person's address under a key drawn at start-up. The proxy checks it
 * to trust the request (no challenge: the B2BUA has no credentials, and it has admitted the caller already), to
 * ring the SIP devices only (not the Jingle clients a second time) and to leave the call's record to the B2BUA.
 * The key never leaves the process, and the parameter never leaves the server: the proxy puts each contact in the
 * Request-URI of its branches. In a cluster each node reaches its own proxy, so a per-node key is enough.
 *
 * @see #route() where the B2BUA sends them
 */
public final class DeviceLegs {

    /** The Request-URI parameter that carries the token. */
    public static final String PARAM = "parloir-leg";
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final String route;

    /** @param route the URI (with {@code lr}) of our own listening point that the B2BUA's INVITEs are routed to */
    public DeviceLegs(String route) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        this.route = route;
    }

    /** {@code sip:<own address>:<port>;transport=<t>;lr}: this server's own proxy, as a pre-loaded route. */
    public String route() {
        return route;
    }

    /** The token of a leg with Call-ID {@code callId} to the SIP devices of {@code aor} ({@code bob@example.org}). */
    public String token(String callId, String aor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(callId, aor));
    }

    /** Is {@code token} the one {@link #token} gives for this Call-ID and address? Constant time. */
    public boolean verify(String callId, String aor, String token) {
        if (token == null || callId == null || aor == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(callId, aor), given);
    }

    private byte[] mac(String callId, String aor) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(callId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(aor.getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(mac.doFinal(), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
