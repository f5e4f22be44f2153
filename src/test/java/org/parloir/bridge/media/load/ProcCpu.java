package org.parloir.bridge.media.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process: utime + stime of /proc/PID/stat (proc(5)). The machine-wide /proc/stat of this VM was
 * tried too and dropped: it read below the sum of the two processes' own figures.
 */
final class ProcCpu {

    /** Clock ticks per second of /proc's counters: USER_HZ, 100 on Linux x86 and arm (getconf CLK_TCK). */
    static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("clk.tck", "100"));

    private ProcCpu() {
    }

    /** Seconds of CPU the process used so far (all its threads), from fields 14 and 15. */
    static double processSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** The 1-minute load average. */
    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
