package org.parloir.bridge.media.ice;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.parloir.bridge.media.stun.StunCodec;
import org.parloir.bridge.media.stun.StunFormatException;
import org.parloir.bridge.media.stun.StunMessage;

/**
 * The ICE-lite side of one media stream (RFC 8445 §2.5, §7.3): the bridge has a reachable address, sends no checks
 * and answers the peer's. A check is a Binding request with FINGERPRINT, USERNAME {@code <our ufrag>:<theirs>} and
 * MESSAGE-INTEGRITY under our password; the answer carries the source address in XOR-MAPPED-ADDRESS. A lite agent is
 * always controlled: a peer that also claims the controlled role gets 487 Role Conflict and takes the controlling
 * one (§7.3.1.1, a lite agent cannot switch).
 */
public final class LiteResponder {

    private static final byte[] SOFTWARE = "Parloir".getBytes(StandardCharsets.UTF_8);

    private final String localUfrag;
    private final String remoteUfrag;
    private final byte[] password;

    /** @param password our ICE password (short-term credential: the key is the password itself, §7.2.2) */
    public LiteResponder(String localUfrag, String remoteUfrag, String password) {
        this.localUfrag = localUfrag;
        this.remoteUfrag = remoteUfrag;
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    public CheckOutcome handle(byte[] datagram, int length, InetSocketAddress source) {
        byte[] bytes = java.util.Arrays.copyOf(datagram, length);
        StunMessage request;
        try {
            request = StunCodec.decode(bytes, 0, length);
        } catch (StunFormatException e) {
            return new CheckOutcome.Drop(e.getMessage());
        }
        if (request.type() != StunMessage.BINDING_REQUEST) {
            return new CheckOutcome.Drop("not a Binding request: 0x" + Integer.toHexString(request.type()));
        }
        if (!StunCodec.fingerprintOk(bytes)) {
            return new CheckOutcome.Drop("no or wrong FINGERPRINT"); // RFC 8445 §7.3: ICE checks carry one
        }
        if (request.attribute(StunCodec.USERNAME).isEmpty()
                || request.attribute(StunCodec.MESSAGE_INTEGRITY).isEmpty()) {
            return refuse(request, 400, "Bad Request", false); // RFC 8489 §9.1.3
        }
        String username = new String(request.attribute(StunCodec.USERNAME).get().value(), StandardCharsets.UTF_8);
        if (!username.equals(localUfrag + ":" + remoteUfrag) || !StunCodec.integrityOk(bytes, password)) {
            return refuse(request, 401, "Unauthorized", false);
        }
        if (request.attribute(StunCodec.ICE_CONTROLLED).isPresent()) {
            return refuse(request, 487, "Role Conflict", true);
        }
        List<StunMessage.Attribute> attributes = List.of(
                new StunMessage.Attribute(StunCodec.XOR_MAPPED_ADDRESS,
                        StunCodec.xorAddress(source, request.transactionId())),
                new StunMessage.Attribute(StunCodec.SOFTWARE, SOFTWARE));
        byte[] response = StunCodec.encode(new StunMessage(StunMessage.BINDING_SUCCESS, request.transactionId(),
                attributes), password, true);
        return new CheckOutcome.Answer(response, source,
                request.attribute(StunCodec.USE_CANDIDATE).isPresent());
    }

    /** An error response; MESSAGE-INTEGRITY only where the request's was verified (RFC 8489 §9.1.3, §14.5). */
    private CheckOutcome refuse(StunMessage request, int code, String reason, boolean signed) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.allocate(4 + text.length);
        value.putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100)).put(text);
        List<StunMessage.Attribute> attributes = new ArrayList<>();
        attributes.add(new StunMessage.Attribute(StunCodec.ERROR_CODE, value.array()));
        byte[] response = StunCodec.encode(new StunMessage(StunMessage.BINDING_ERROR, request.transactionId(),
                attributes), signed ? password : null, true);
        return new CheckOutcome.Refuse(response, code);
    }
}
