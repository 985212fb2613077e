package io.meshlens.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON as the specification defines it: protobuf JSON mapping, except that trace and span
 * IDs are hex strings (not base64) and enums may be integers. protobuf-java's JsonFormat does the
 * mapping; this class converts the ID fields on the way in and out.
 */
public final class OtlpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    /** Parses OTLP/JSON into {@code builder}. */
    public static void merge(byte[] json, Message.Builder builder) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        convertIds(root, true);
        try {
            PARSER.merge(MAPPER.writeValueAsString(root), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public static String print(Message m) throws IOException {
        JsonNode root = MAPPER.readTree(PRINTER.print(m));
        convertIds(root, false);
        return MAPPER.writeValueAsString(root);
    }

    private static void convertIds(JsonNode n, boolean hexToBase64) {
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (ID_FIELDS.contains(e.getKey()) && e.getValue().isTextual()) {
                    String v = e.getValue().asText();
                    e.setValue(new TextNode(hexToBase64
                            ? Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v))
                            : HexFormat.of().formatHex(Base64.getDecoder().decode(v))));
                } else {
                    convertIds(e.getValue(), hexToBase64);
                }
            }
        } else if (n != null && n.isArray()) {
            n.forEach(c -> convertIds(c, hexToBase64));
        }
    }
}
