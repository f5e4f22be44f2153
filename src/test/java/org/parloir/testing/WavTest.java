package org.parloir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tone check BaresipIT relies on: it finds the tone sent, and nothing in silence or another tone. */
class WavTest {

    @TempDir
    Path dir;

    @Test
    void aToneIsFoundAtItsFrequencyOnly() throws Exception {
        Path tone = dir.resolve("440.wav");
        Wav.writeTone(tone, 440, 8000, Duration.ofSeconds(2));
        assertThat(Wav.toneLength(tone, 440)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Wav.toneLength(tone, 620)).isZero();
        assertThat(Wav.toneLength(tone, 460)).isZero();
    }

    @Test
    void silenceAndAFileWithoutSamplesHaveNoTone() throws Exception {
        Path silent = dir.resolve("silent.wav");
        Wav.writeTone(silent, 0, 8000, Duration.ofSeconds(1)); // sin(0) = 0: all samples zero
        assertThat(Wav.toneLength(silent, 440)).isZero();
        Path header = dir.resolve("header.wav");
        Files.write(header, java.util.Arrays.copyOf(Files.readAllBytes(silent), 44));
        assertThat(Wav.toneLength(header, 440)).isZero();
    }
}
