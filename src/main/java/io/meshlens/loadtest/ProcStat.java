package io.meshlens.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time and memory from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
public final class ProcStat {
    /** Clock ticks per second of {@code utime}/{@code stime}; 100 on every Linux we run on ({@code getconf CLK_TCK}). */
    public static final int CLK_TCK = 100;

    private ProcStat() {
    }

    /**
     * utime + stime in ticks from one {@code /proc/<pid>/stat} line. The command name (field 2)
     * may contain spaces and parentheses, so fields are counted after its last ')'.
     */
    public static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        String[] f = statLine.substring(close + 2).trim().split(" ");
        // After "(comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
        if (f.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + statLine);
        }
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A {@code kB} value such as {@code VmRSS} or {@code VmHWM} from {@code /proc/<pid>/status}; -1 if absent. */
    public static long statusKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String v = line.substring(key.length() + 1).trim();
                int sp = v.indexOf(' ');
                return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
            }
        }
        return -1;
    }

    public static double cpuSeconds(long pid) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / (double) CLK_TCK;
    }

    public static long rssKb(long pid) throws IOException {
        return statusKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "VmRSS");
    }

    /** Peak resident set since the process started. */
    public static long hwmKb(long pid) throws IOException {
        return statusKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "VmHWM");
    }
}
