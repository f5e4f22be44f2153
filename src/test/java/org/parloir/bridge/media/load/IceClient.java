package org.parloir.bridge.media.load;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.parloir.bridge.media.stun.StunCodec;
import org.parloir.bridge.media.stun.StunFormatException;
import org.parloir.bridge.media.stun.StunMessage;

/**
 * The generator's WebRTC client as a controlling ICE agent with one host candidate (RFC 8445): it sends checks
 * with USE-CANDIDATE (aggressive nomination, as browsers did) and answers the relay's checks (rtpengine runs full
 * ICE unless told to be lite; Parloir's relay is lite and sends none).
 */
final class IceClient {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final String localUfrag;
    private final byte[] localPwd;
    private final byte[] tieBreaker = new byte[8];

    IceClient(String localUfrag, String localPwd) {
        this.localUfrag = localUfrag;
        this.localPwd = localPwd.getBytes(StandardCharsets.UTF_8);
        RANDOM.nextBytes(tieBreaker);
    }

    static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }

    /** A nominating check toward the relay's candidate (RFC 8445 §7.2.2), signed with the relay's password. */
    byte[] check(String remoteUfrag, String remotePwd) {
        byte[] tid = new byte[12];
        RANDOM.nextBytes(tid);
        List<StunMessage.Attribute> a = List.of(
                new StunMessage.Attribute(StunCodec.USERNAME,
                        (remoteUfrag + ":" + localUfrag).getBytes(StandardCharsets.UTF_8)),
                new StunMessage.Attribute(StunCodec.PRIORITY, new byte[] {0x6e, 0, 0x1e, (byte) 0xff}),
                new StunMessage.Attribute(StunCodec.ICE_CONTROLLING, tieBreaker),
                new StunMessage.Attribute(StunCodec.USE_CANDIDATE, new byte[0]));
        return StunCodec.encode(new StunMessage(StunMessage.BINDING_REQUEST, tid, a),
                remotePwd.getBytes(StandardCharsets.UTF_8), true);
    }

    /** What a STUN datagram from the relay is to the client. */
    sealed interface Received {
    }

    /** A success response to one of our checks. */
    record Succeeded() implements Received {
    }

    /** The relay's check: send {@code response} back to where it came from. */
    record Checked(byte[] response) implements Received {
    }

    record Ignored(String why) implements Received {
    }

    Received receive(byte[] data, int length, InetSocketAddress source) {
        byte[] bytes = java.util.Arrays.copyOf(data, length);
        StunMessage m;
        try {
            m = StunCodec.decode(bytes, 0, length);
        } catch (StunFormatException e) {
            return new Ignored(e.getMessage());
        }
        if (m.type() == StunMessage.BINDING_SUCCESS) {
            return new Succeeded();
        }
        if (m.type() != StunMessage.BINDING_REQUEST || !StunCodec.integrityOk(bytes, localPwd)) {
            return new Ignored("type 0x" + Integer.toHexString(m.type()) + " or a bad MESSAGE-INTEGRITY");
        }
        String user = m.attribute(StunCodec.USERNAME).map(u -> new String(u.value(), StandardCharsets.UTF_8))
                .orElse("");
        if (!user.startsWith(localUfrag + ":")) {
            return new Ignored("username " + user);
        }
        return new Checked(StunCodec.encode(new StunMessage(StunMessage.BINDING_SUCCESS, m.transactionId(),
                List.of(new StunMessage.Attribute(StunCodec.XOR_MAPPED_ADDRESS,
                        StunCodec.xorAddress(source, m.transactionId())))), localPwd, true));
    }
}
