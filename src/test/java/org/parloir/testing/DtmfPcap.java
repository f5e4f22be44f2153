package org.parloir.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A libpcap file of one RFC 4733 telephone-event, for SIPp's {@code play_pcap_audio}: a digit held for a while,
 * one packet every 20 ms with the event's growing duration (§2.5.1.3: the same timestamp throughout, sequence
 * numbers increasing), the end bit on the last three (§2.5.1.4). SIPp keeps the RTP and sends it to the far end's
 * media address, so only the RTP matters; the Ethernet, IPv4 and UDP headers around it are placeholders.
 */
public final class DtmfPcap {

    private DtmfPcap() {
    }

    /** Writes {@code digit} (0-9) held {@code millis} as payload type {@code payloadType} at 8 kHz. */
    public static Path write(Path file, int digit, int millis, int payloadType) throws IOException {
        int packets = millis / 20;
        ByteBuffer out = ByteBuffer.allocate(24 + (packets + 2) * (16 + 14 + 20 + 8 + 16)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int seq = 1000;
        long usec = 0;
        for (int i = 0; i < packets + 2; i++) {
            boolean end = i >= packets - 1;
            int duration = Math.min(i + 1, packets) * 160;
            byte[] rtp = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN)
                    .put((byte) 0x80).put((byte) ((i == 0 ? 0x80 : 0) | payloadType)).putShort((short) seq++)
                    .putInt(48_000).putInt(0x5eed0001)
                    .put((byte) digit).put((byte) ((end ? 0x80 : 0) | 10)).putShort((short) duration).array();
            byte[] frame = frame(rtp);
            out.putInt((int) (usec / 1_000_000)).putInt((int) (usec % 1_000_000)).putInt(frame.length)
                    .putInt(frame.length).put(frame);
            usec += end ? 0 : 20_000; // the end packets go out together, as senders do
        }
        Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
        return file;
    }

    /** Ethernet II + IPv4 + UDP around {@code rtp}, 127.0.0.1:4000 → 127.0.0.1:4002. */
    private static byte[] frame(byte[] rtp) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + rtp.length).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + rtp.length)).putShort((short) 0)
                .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
        b.putShort((short) 4000).putShort((short) 4002).putShort((short) (8 + rtp.length)).putShort((short) 0);
        return b.put(rtp).array();
    }
}
