package io.meshlens.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** gzip at {@link Deflater#BEST_SPEED}: the simulator must not eat the CPU of the agent it serves. */
final class Gzip {
    private Gzip() {
    }

    static byte[] fast(byte[] body) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bos.toByteArray();
    }
}
