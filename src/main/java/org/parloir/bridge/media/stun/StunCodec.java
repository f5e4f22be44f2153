package org.parloir.bridge.media.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * STUN on the wire (RFC 8489): decoding with every length and padding checked, encoding with MESSAGE-INTEGRITY
 * (HMAC-SHA1, §14.5) and FINGERPRINT (CRC-32 xor 0x5354554e, §14.7) computed over the message as the RFC says
 * (the header's length counting up to and including the attribute being computed), XOR-MAPPED-ADDRESS (§14.2).
 * Known-answer tested against RFC 5769.
 */
public final class StunCodec {

    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    private static final int HEADER = 20;
    private static final int FINGERPRINT_XOR = 0x5354554E;

    private StunCodec() {
    }

    /**
     * Whether a datagram is STUN rather than DTLS or RTP on a shared port (RFC 7983 §7: first byte 0–3) with the
     * magic cookie; cheap, for demultiplexing before {@link #decode}.
     */
    public static boolean isStun(byte[] data, int offset, int length) {
        return length >= HEADER && (data[offset] & 0xFF) < 4
                && ByteBuffer.wrap(data, offset + 4, 4).getInt() == MAGIC_COOKIE;
    }

    public static StunMessage decode(byte[] data, int offset, int length) throws StunFormatException {
        if (length < HEADER) {
            throw new StunFormatException("shorter than a STUN header: " + length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        int type = in.getShort() & 0xFFFF;
        int bodyLength = in.getShort() & 0xFFFF;
        if ((type & 0xC000) != 0) {
            throw new StunFormatException("the two most significant bits of a STUN message are zero");
        }
        if (in.getInt() != MAGIC_COOKIE) {
            throw new StunFormatException("no magic cookie");
        }
        if (bodyLength % 4 != 0 || bodyLength != length - HEADER) {
            throw new StunFormatException("message length " + bodyLength + " does not match the " + (length - HEADER)
                    + " bytes after the header, or is not a multiple of 4");
        }
        byte[] transactionId = new byte[12];
        in.get(transactionId);
        List<StunMessage.Attribute> attributes = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 4) {
                throw new StunFormatException("truncated attribute header");
            }
            int attributeType = in.getShort() & 0xFFFF;
            int valueLength = in.getShort() & 0xFFFF;
            int padded = (valueLength + 3) & ~3;
            if (padded > in.remaining()) {
                throw new StunFormatException("attribute 0x" + Integer.toHexString(attributeType) + " runs past the end");
            }
            byte[] value = new byte[valueLength];
            in.get(value);
            in.position(in.position() + padded - valueLength);
            attributes.add(new StunMessage.Attribute(attributeType, value));
        }
        return new StunMessage(type, transactionId, attributes);
    }

    /**
     * The message's bytes, then MESSAGE-INTEGRITY with {@code integrityKey} (null: none) and FINGERPRINT when asked,
     * in that order and last (RFC 8489 §14.5, §14.7). The message itself must carry neither.
     */
    public static byte[] encode(StunMessage message, byte[] integrityKey, boolean fingerprint) {
        int body = 0;
        for (StunMessage.Attribute a : message.attributes()) {
            if (a.type() == MESSAGE_INTEGRITY || a.type() == FINGERPRINT) {
                throw new IllegalArgumentException("MESSAGE-INTEGRITY and FINGERPRINT are computed by the codec");
            }
            body += 4 + ((a.value().length + 3) & ~3);
        }
        int total = HEADER + body + (integrityKey != null ? 24 : 0) + (fingerprint ? 8 : 0);
        ByteBuffer out = ByteBuffer.allocate(total);
        out.putShort((short) message.type()).putShort((short) body).putInt(MAGIC_COOKIE).put(message.transactionId());
        for (StunMessage.Attribute a : message.attributes()) {
            byte[] value = a.value();
            out.putShort((short) a.type()).putShort((short) value.length).put(value);
            out.position(out.position() + ((value.length + 3) & ~3) - value.length);
        }
        byte[] bytes = out.array();
        int end = HEADER + body;
        if (integrityKey != null) {
            setLength(bytes, end + 24 - HEADER);
            byte[] mac = hmacSha1(integrityKey, bytes, end);
            out.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(mac);
            end += 24;
        }
        if (fingerprint) {
            setLength(bytes, end + 8 - HEADER);
            out.putShort((short) FINGERPRINT).putShort((short) 4).putInt(crc(bytes, end));
        }
        return bytes;
    }

    /**
     * Whether the MESSAGE-INTEGRITY of {@code message} (its bytes as received) is right for {@code key}: the short-term
     * password for ICE (RFC 8445 §7.2.2). False when it has none. Attributes after it, but FINGERPRINT, are ignored
     * (RFC 8489 §14.5).
     */
    public static boolean integrityOk(byte[] message, byte[] key) {
        int at = find(message, MESSAGE_INTEGRITY);
        if (at < 0 || at + 24 > message.length || lengthOf(message, at) != 20) {
            return false;
        }
        byte[] copy = message.clone();
        setLength(copy, at + 24 - HEADER);
        byte[] expected = hmacSha1(key, copy, at);
        byte[] given = new byte[20];
        System.arraycopy(message, at + 4, given, 0, 20);
        return MessageDigest.isEqual(expected, given);
    }

    /** Whether the message ends with a right FINGERPRINT. */
    public static boolean fingerprintOk(byte[] message) {
        int at = message.length - 8;
        if (at < HEADER || find(message, FINGERPRINT) != at || lengthOf(message, at) != 4) {
            return false;
        }
        byte[] copy = message.clone();
        setLength(copy, at + 8 - HEADER);
        return crc(copy, at) == ByteBuffer.wrap(message, at + 4, 4).getInt();
    }

    /** The value of an XOR-MAPPED-ADDRESS for {@code address} in the message with {@code transactionId}. */
    public static byte[] xorAddress(InetSocketAddress address, byte[] transactionId) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer out = ByteBuffer.allocate(4 + ip.length);
        out.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2));
        out.putShort((short) (address.getPort() ^ (MAGIC_COOKIE >>> 16)));
        byte[] mask = mask(transactionId);
        for (int i = 0; i < ip.length; i++) {
            out.put((byte) (ip[i] ^ mask[i]));
        }
        return out.array();
    }

    /** The address an XOR-MAPPED-ADDRESS value names. */
    public static InetSocketAddress readXorAddress(byte[] value, byte[] transactionId) throws StunFormatException {
        if (value.length != 8 && value.length != 20) {
            throw new StunFormatException("an XOR-MAPPED-ADDRESS has 8 or 20 bytes, not " + value.length);
        }
        int family = value[1];
        if ((family == 1) != (value.length == 8) || (family != 1 && family != 2)) {
            throw new StunFormatException("address family " + family + " does not fit " + value.length + " bytes");
        }
        int port = (((value[2] & 0xFF) << 8) | (value[3] & 0xFF)) ^ (MAGIC_COOKIE >>> 16);
        byte[] mask = mask(transactionId);
        byte[] ip = new byte[value.length - 4];
        for (int i = 0; i < ip.length; i++) {
            ip[i] = (byte) (value[4 + i] ^ mask[i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new StunFormatException(e.getMessage());
        }
    }

    /** The magic cookie then the transaction id: what an address is xored with (RFC 8489 §14.2). */
    private static byte[] mask(byte[] transactionId) {
        return ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transactionId).array();
    }

    /** Offset of the first attribute of {@code type} in a well-formed message, or -1. */
    private static int find(byte[] message, int type) {
        int at = HEADER;
        while (at + 4 <= message.length) {
            int t = ((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF);
            if (t == type) {
                return at;
            }
            at += 4 + ((lengthOf(message, at) + 3) & ~3);
        }
        return -1;
    }

    private static int lengthOf(byte[] message, int attributeAt) {
        return ((message[attributeAt + 2] & 0xFF) << 8) | (message[attributeAt + 3] & 0xFF);
    }

    private static void setLength(byte[] message, int length) {
        message[2] = (byte) (length >>> 8);
        message[3] = (byte) length;
    }

    private static byte[] hmacSha1(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JDK", e);
        }
    }

    private static int crc(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }
}
