package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing: slices of the Linkerd fixture and small snippets, with bytes flipped,
 * inserted (grammar characters, NUL, invalid UTF-8), deleted, duplicated and truncated, are fed to
 * both parsers. The only exception allowed out is ParseException, and every parse ends: each
 * {@code next()} that is not EOF consumes at least one byte, so the number of entries is bounded
 * by the input length.
 */
class FuzzTest {
    private static final byte[] INTERESTING = {'"', '\\', '{', '}', '=', ',', ' ', '\t', '\n', '#', 0, (byte) 0xff, (byte) 0xc3,
        (byte) 0xed, 'e', '.', '-', '+', 'N', 'I', 'n', '_', '1', 'E', 'O', 'F'};

    @Test
    void onlyParseExceptionEscapesAndEveryParseEnds() throws Exception {
        byte[] fixture = FixtureTest.fixture();
        byte[][] seeds = {
            "foo{a=\"b\",c=\"d\\\"\\n\"} 1.5 1700000000\n# HELP foo x\\ny\n# TYPE foo counter\n".getBytes(),
            "# TYPE x histogram\n# UNIT x_seconds seconds\nx_bucket{le=\"+Inf\"} 3 1.5 # {t=\"a\"} 1 2\n# EOF\n".getBytes(),
            "a NaN\nb -Inf\n#c\n  \nd{} 1\n".getBytes(),
        };
        Random r = new Random(20260521);
        int parses = 0;
        int accepted = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] base;
            if (i % 3 == 0) {
                int start = r.nextInt(fixture.length - 4096);
                base = Arrays.copyOfRange(fixture, start, start + 64 + r.nextInt(4000));
            } else {
                base = seeds[r.nextInt(seeds.length)];
            }
            byte[] input = mutate(r, base, 1 + r.nextInt(6));
            for (Format f : Format.values()) {
                parses++;
                if (parseFully(Parser.create(f, input, 0, input.length, r.nextBoolean() ? 0 : 64 + r.nextInt(512)), input)) {
                    accepted++;
                }
            }
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] noise = new byte[r.nextInt(300)];
            r.nextBytes(noise);
            for (Format f : Format.values()) {
                parses++;
                parseFully(Parser.create(f, noise, 0, noise.length, 0), noise);
            }
        }
        // Sanity: the mutations are mild enough that some inputs still parse.
        assertThat(accepted).isPositive().isLessThan(parses);
    }

    /** Returns true if the input parsed, false on ParseException; fails the test on anything else. */
    private static boolean parseFully(Parser p, byte[] input) {
        int entries = 0;
        try {
            while (p.next() != Entry.EOF) {
                if (++entries > input.length + 1) {
                    fail("parser does not advance on %s", Arrays.toString(input));
                }
                touch(p);
            }
            return true;
        } catch (ParseException expected) {
            assertThat(expected.line()).isPositive();
            assertThat(expected.column()).isPositive();
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("unexpected " + e + " on input " + new String(input, java.nio.charset.StandardCharsets.ISO_8859_1), e);
        }
    }

    /** Exercises every accessor of the current entry, so decoding paths are fuzzed too. */
    private static void touch(Parser p) {
        switch (p.entry()) {
            case SERIES -> {
                p.seriesHash();
                p.metricName();
                LabelCursor c = p.labels();
                while (c.next()) {
                    c.name();
                    c.value();
                }
                LabelCursor x = p.exemplarLabels();
                while (x.next()) {
                    x.value();
                }
            }
            case HELP -> p.help();
            case UNIT -> p.unit();
            case COMMENT -> p.comment();
            default -> {
            }
        }
    }

    static byte[] mutate(Random r, byte[] in, int n) {
        byte[] b = in.clone();
        for (int k = 0; k < n; k++) {
            int len = b.length;
            int at = len == 0 ? 0 : r.nextInt(len);
            switch (r.nextInt(5)) {
                case 0 -> {
                    if (len > 0) {
                        b[at] = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
                    }
                }
                case 1 -> {
                    byte[] c = new byte[len + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                    System.arraycopy(b, at, c, at + 1, len - at);
                    b = c;
                }
                case 2 -> {
                    int del = Math.min(len - at, 1 + r.nextInt(8));
                    byte[] c = new byte[len - del];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + del, c, at, len - at - del);
                    b = c;
                }
                case 3 -> {
                    int dup = Math.min(len - at, 1 + r.nextInt(32));
                    byte[] c = new byte[len + dup];
                    System.arraycopy(b, 0, c, 0, at + dup);
                    System.arraycopy(b, at, c, at + dup, len - at);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
