package org.parloir.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** 16-bit mono PCM WAV files: a sine tone to send, and how long a received file carries a given tone. */
public final class Wav {

    /** Analysis blocks of 50 ms: a 20 Hz bin width, so tones at multiples of 20 Hz fall on a bin exactly. */
    private static final double BLOCK_SECONDS = 0.05;

    private Wav() {
    }

    /** Writes {@code length} of a sine of {@code hz} at a quarter of full scale. */
    public static void writeTone(Path file, int hz, int rate, Duration length) throws IOException {
        int samples = (int) (rate * length.toMillis() / 1000);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(2 * rate).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) Math.round(8192 * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        Files.write(file, b.array());
    }

    /**
     * How much of {@code file} is the tone {@code hz}: the total length of 50 ms blocks that are not silent
     * (RMS above 1 % of full scale) and have at least 80 % of their power at {@code hz} (Goertzel). Silence,
     * noise, another tone or a file that never got samples count nothing.
     */
    public static Duration toneLength(Path file, int hz) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int rate = 8000;
        int dataStart = -1;
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String id = new String(b.array(), pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("fmt ")) {
                if (b.getShort(pos + 8) != 1 || b.getShort(pos + 10) != 1 || b.getShort(pos + 22) != 16) {
                    throw new IOException(file + ": not 16-bit mono PCM");
                }
                rate = b.getInt(pos + 12);
            } else if (id.equals("data")) {
                dataStart = pos + 8; // the size may not be final while the writer runs: read to the end
                break;
            }
            pos += 8 + size + (size & 1);
        }
        if (dataStart < 0) {
            return Duration.ZERO;
        }
        int n = (int) (rate * BLOCK_SECONDS);
        int blocks = 0;
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        for (int start = dataStart; start + 2 * n <= b.limit(); start += 2 * n) {
            double s1 = 0;
            double s2 = 0;
            double energy = 0;
            for (int i = 0; i < n; i++) {
                double x = b.getShort(start + 2 * i);
                energy += x * x;
                double s0 = x + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            double power = s1 * s1 + s2 * s2 - coeff * s1 * s2; // |X(hz)|^2
            boolean loud = Math.sqrt(energy / n) > 327;
            // a pure tone on the bin: |X|^2 = (A n / 2)^2 and energy = A^2 n / 2, so the share is 1
            if (loud && power / (n * energy / 2) > 0.8) {
                blocks++;
            }
        }
        return Duration.ofMillis(Math.round(blocks * BLOCK_SECONDS * 1000));
    }
}
