package org.parloir.bridge.media.srtp;

import java.util.Arrays;
import java.util.Optional;

/**
 * One direction of one SRTP or SRTCP stream: the {@code int} forms write into the caller's array (which may be
 * the input itself) and allocate nothing, for the relay; the others allocate, for tests and tools.
 */
interface SrtpTransform {

    /** Writes the protected packet of {@code in[0, length)} at {@code out[0]}; its length, or -1 (see each class). */
    int protect(byte[] in, int length, byte[] out);

    /** Writes the packet inside {@code in[0, length)} at {@code out[0]}; its length, or -1 when it is refused. */
    int unprotect(byte[] in, int length, byte[] out);

    /** What protecting adds to a packet (the tag, and for SRTCP E||index). */
    int overhead();

    /** The protected packet in a new array. */
    default byte[] protect(byte[] in, int length) {
        byte[] out = new byte[length + overhead()];
        if (protect(in, length, out) < 0) {
            throw new IllegalArgumentException("not a packet of this protocol");
        }
        return out;
    }

    /** The packet inside in a new array, or empty when it is refused. */
    default Optional<byte[]> unprotect(byte[] in, int length) {
        byte[] out = new byte[Math.max(0, length)];
        return result(out, unprotect(in, length, out));
    }

    static Optional<byte[]> result(byte[] out, int length) {
        return length < 0 ? Optional.empty() : Optional.of(length == out.length ? out : Arrays.copyOf(out, length));
    }
}
