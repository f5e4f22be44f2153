package org.parloir.bridge.media.stun;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A STUN message (RFC 8489 §5): its type (method and class), 96-bit transaction id and attributes in order. The
 * bridge answers ICE connectivity checks (RFC 8445 §7.3) and consent checks (RFC 7675) with it.
 *
 * @param type          the 14-bit message type, class bits interleaved (e.g. {@link #BINDING_REQUEST})
 * @param transactionId 12 bytes
 */
public record StunMessage(int type, byte[] transactionId, List<Attribute> attributes) {

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    public static final int BINDING_INDICATION = 0x0011;

    public StunMessage {
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("a transaction id has 12 bytes, not " + transactionId.length);
        }
        if ((type & ~0x3FFF) != 0) {
            throw new IllegalArgumentException("a message type has 14 bits: " + type);
        }
        transactionId = transactionId.clone();
        attributes = List.copyOf(attributes);
    }

    /** One attribute (RFC 8489 §14): its type and value, padding not included. */
    public record Attribute(int type, byte[] value) {

        public Attribute {
            if (type < 0 || type > 0xFFFF || value.length > 0xFFFF) {
                throw new IllegalArgumentException("attribute type or length out of range");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attribute a && a.type == type && Arrays.equals(a.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }
    }

    /** The method bits (RFC 8489 §5: M0–M11 around the class bits). */
    public int method() {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    /** 0 request, 1 indication, 2 success response, 3 error response. */
    public int messageClass() {
        return ((type & 0x0010) >> 4) | ((type & 0x0100) >> 7);
    }

    @Override
    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** The first attribute of {@code attributeType}. */
    public Optional<Attribute> attribute(int attributeType) {
        return attributes.stream().filter(a -> a.type() == attributeType).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunMessage m && m.type == type && Arrays.equals(m.transactionId, transactionId)
                && m.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + Arrays.hashCode(transactionId)) + attributes.hashCode();
    }
}
