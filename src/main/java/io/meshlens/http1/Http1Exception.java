package io.meshlens.http1;

import java.io.IOException;

/** A malformed or unacceptable HTTP/1.x answer, worded as Go's net/http words it (without method and URL). */
public class Http1Exception extends IOException {
    public Http1Exception(String message) {
        super(message);
    }
}
