package io.meshlens.otlp;

import com.google.protobuf.ByteString;
import io.meshlens.model.Attributes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** OTLP AnyValue/KeyValue ↔ model attribute values, and trace/span ID bytes ↔ hex. */
final class OtlpValues {
    private static final HexFormat HEX = HexFormat.of();

    private OtlpValues() {
    }

    static Attributes attributes(List<KeyValue> kvs) {
        if (kvs.isEmpty()) {
            return Attributes.EMPTY;
        }
        Attributes.Builder b = Attributes.builder(kvs.size());
        for (KeyValue kv : kvs) {
            Object v = value(kv.getValue());
            if (v != null) {
                b.put(kv.getKey(), v);
            }
        }
        return b.build();
    }

    /** The model value of an AnyValue; null for an empty AnyValue (OTLP "empty" is dropped). */
    static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BYTES_VALUE -> v.getBytesValue().toByteArray();
            case ARRAY_VALUE -> {
                List<Object> out = new ArrayList<>(v.getArrayValue().getValuesCount());
                for (AnyValue x : v.getArrayValue().getValuesList()) {
                    Object o = value(x);
                    out.add(o == null ? "" : o);
                }
                yield List.copyOf(out);
            }
            case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
            case VALUE_NOT_SET -> null;
        };
    }

    static List<KeyValue> keyValues(Attributes a) {
        List<KeyValue> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(KeyValue.newBuilder().setKey(a.key(i)).setValue(anyValue(a.value(i))).build());
        }
        return out;
    }

    static AnyValue anyValue(Object v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        switch (v) {
            case String s -> b.setStringValue(s);
            case Boolean x -> b.setBoolValue(x);
            case Long x -> b.setIntValue(x);
            case Integer x -> b.setIntValue(x);
            case Double x -> b.setDoubleValue(x);
            case byte[] x -> b.setBytesValue(ByteString.copyFrom(x));
            case List<?> l -> {
                ArrayValue.Builder ab = ArrayValue.newBuilder();
                l.forEach(x -> ab.addValues(anyValue(x)));
                b.setArrayValue(ab);
            }
            case Attributes a -> b.setKvlistValue(KeyValueList.newBuilder().addAllValues(keyValues(a)));
            default -> b.setStringValue(v.toString());
        }
        return b.build();
    }

    static String hex(ByteString id) {
        return id.isEmpty() ? "" : HEX.formatHex(id.toByteArray());
    }

    static ByteString id(String hex) {
        return hex == null || hex.isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(HEX.parseHex(hex));
    }
}
