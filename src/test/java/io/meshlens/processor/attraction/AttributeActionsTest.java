package io.meshlens.processor.attraction;

import io.meshlens.config.Mark;
import io.meshlens.model.Attributes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeActionsTest {
    static ActionConfig act(Action a, String key, Object value, String fromAttribute, String pattern,
                            String convertedType) {
        return new ActionConfig(a, key, value, fromAttribute, "", pattern, convertedType, Mark.UNKNOWN);
    }

    static ActionConfig set(Action a, String key, Object value) {
        return act(a, key, value, "", "", "");
    }

    record Case(String name, List<ActionConfig> actions, Attributes in, Attributes want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Attributes BASE = Attributes.of("job", "linkerd", "instance", "10.0.0.1:4191", "n", 5L);

    static Stream<Case> cases() {
        return Stream.of(
                new Case("insert adds an absent key", List.of(set(Action.INSERT, "layer", "mesh")),
                        BASE, Attributes.of("job", "linkerd", "instance", "10.0.0.1:4191", "n", 5L, "layer", "mesh")),
                new Case("insert keeps an existing value", List.of(set(Action.INSERT, "job", "other")), BASE, BASE),
                new Case("update changes an existing value", List.of(set(Action.UPDATE, "job", "other")),
                        BASE, Attributes.of("job", "other", "instance", "10.0.0.1:4191", "n", 5L)),
                new Case("update does not add an absent key", List.of(set(Action.UPDATE, "layer", "mesh")), BASE, BASE),
                new Case("upsert adds an absent key", List.of(set(Action.UPSERT, "layer", "mesh")),
                        BASE, BASE.with("layer", "mesh")),
                new Case("upsert replaces an existing value", List.of(set(Action.UPSERT, "job", "x")),
                        BASE, BASE.with("job", "x")),
                new Case("typed values keep their type", List.of(set(Action.UPSERT, "i", 2245L),
                        set(Action.UPSERT, "d", 1.5), set(Action.UPSERT, "b", true)),
                        BASE, BASE.with("i", 2245L).with("d", 1.5).with("b", true)),
                new Case("from_attribute copies another attribute",
                        List.of(act(Action.INSERT, "service", null, "job", "", "")),
                        BASE, BASE.with("service", "linkerd")),
                new Case("from_attribute of a missing attribute does nothing",
                        List.of(act(Action.UPSERT, "service", null, "missing", "", "")), BASE, BASE),
                new Case("from_attribute sees the result of earlier actions",
                        List.of(set(Action.UPSERT, "a", "1"), act(Action.INSERT, "b", null, "a", "", "")),
                        BASE, BASE.with("a", "1").with("b", "1")),
                new Case("delete removes a key", List.of(set(Action.DELETE, "instance", null)),
                        BASE, Attributes.of("job", "linkerd", "n", 5L)),
                new Case("delete of an absent key does nothing", List.of(set(Action.DELETE, "nope", null)), BASE, BASE),
                new Case("delete by pattern is unanchored and removes every match",
                        List.of(act(Action.DELETE, "", null, "", "o", "")),
                        Attributes.of("job", "a", "foo", "b", "bar", "c"), Attributes.of("bar", "c")),
                new Case("delete by key and pattern removes both",
                        List.of(act(Action.DELETE, "bar", null, "", "^f", "")),
                        Attributes.of("job", "a", "foo", "b", "bar", "c"), Attributes.of("job", "a")),
                new Case("hash replaces a string with its SHA-256 hex",
                        List.of(set(Action.HASH, "job", null)),
                        Attributes.of("job", "linkerd"),
                        Attributes.of("job", "3a58ad1390ab5857e8cea1988732a4681d38221bd768bbf10839ef2c8bec17cf")),
                new Case("hash by pattern", List.of(act(Action.HASH, "", null, "", "^x", "")),
                        Attributes.of("x1", "linkerd", "x2", "", "y", "keep"),
                        Attributes.of("x1", "3a58ad1390ab5857e8cea1988732a4681d38221bd768bbf10839ef2c8bec17cf", "x2", "", "y", "keep")),
                new Case("extract upserts named groups and keeps the source",
                        List.of(act(Action.EXTRACT, "url", null, "", "^/api/(?P<version>v\\d+)/(?P<object>\\w+)", "")),
                        Attributes.of("url", "/api/v1/users/9", "object", "old"),
                        Attributes.of("url", "/api/v1/users/9", "version", "v1", "object", "users")),
                new Case("extract with no match does nothing",
                        List.of(act(Action.EXTRACT, "url", null, "", "^/api/(?P<v>v\\d+)", "")),
                        Attributes.of("url", "/web"), Attributes.of("url", "/web")),
                new Case("extract skips non-string values",
                        List.of(act(Action.EXTRACT, "n", null, "", "(?P<d>\\d)", "")), BASE, BASE),
                new Case("extract sets an empty string for an optional group that did not take part",
                        List.of(act(Action.EXTRACT, "s", null, "", "(?P<a>x)?(?P<b>y)", "")),
                        Attributes.of("s", "y"), Attributes.of("s", "y", "a", "", "b", "y")),
                new Case("convert string to int", List.of(act(Action.CONVERT, "code", null, "", "", "int")),
                        Attributes.of("code", "200"), Attributes.of("code", 200L)),
                new Case("convert leaves an unparsable string alone",
                        List.of(act(Action.CONVERT, "code", null, "", "", "int")),
                        Attributes.of("code", " 200"), Attributes.of("code", " 200")),
                new Case("convert double to int truncates", List.of(act(Action.CONVERT, "v", null, "", "", "int")),
                        Attributes.of("v", -2.7), Attributes.of("v", -2L)),
                new Case("convert bool to double", List.of(act(Action.CONVERT, "v", null, "", "", "double")),
                        Attributes.of("v", true), Attributes.of("v", 1.0)),
                new Case("convert string to double rejects a Java-only suffix",
                        List.of(act(Action.CONVERT, "v", null, "", "", "double")),
                        Attributes.of("v", "1.5d"), Attributes.of("v", "1.5d")),
                new Case("convert string to double", List.of(act(Action.CONVERT, "v", null, "", "", "double")),
                        Attributes.of("v", "1e3"), Attributes.of("v", 1000.0)),
                new Case("convert int to string", List.of(act(Action.CONVERT, "n", null, "", "", "string")),
                        BASE, BASE.with("n", "5")),
                new Case("convert of an absent key does nothing",
                        List.of(act(Action.CONVERT, "zz", null, "", "", "int")), BASE, BASE),
                new Case("actions apply in order", List.of(set(Action.UPSERT, "k", "1"), set(Action.DELETE, "k", null),
                        set(Action.INSERT, "k", "2")), BASE, BASE.with("k", "2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesAction(Case c) {
        Attributes out = AttributeActions.compile(c.actions).apply(c.in);
        assertThat(out).isEqualTo(c.want);
        assertThat(out.asMap()).containsExactlyEntriesOf(c.want.asMap());
    }

    @Test
    void hashOfNonStringValuesUsesTheirBinaryForm() {
        // Expected values: SHA-256 of 8 little-endian bytes of 5, of the IEEE bits of 1.5, of the byte 1.
        assertThat(Hashing.sha256Hex(5L)).isEqualTo(sha256("0500000000000000"));
        assertThat(Hashing.sha256Hex(1.5)).isEqualTo(sha256("000000000000f83f"));
        assertThat(Hashing.sha256Hex(true)).isEqualTo(sha256("01"));
        assertThat(Hashing.sha256Hex(new byte[] {1, 2})).isEmpty();
    }

    @Test
    void unchangedInputIsReturnedAsTheSameInstance() {
        AttributeActions a = AttributeActions.compile(List.of(set(Action.INSERT, "job", "x"),
                set(Action.UPSERT, "job", "linkerd"), set(Action.DELETE, "missing", null)));
        assertThat(a.apply(BASE)).isSameAs(BASE);
    }

    @Test
    void fromContextUsesTheContextLookupAndDoesNothingWithoutIt() {
        ActionConfig c = new ActionConfig(Action.UPSERT, "tenant", null, "", "metadata.tenant", "", "", Mark.UNKNOWN);
        AttributeActions a = AttributeActions.compile(List.of(c));
        assertThat(a.usesContext()).isTrue();
        assertThat(a.apply(BASE)).isSameAs(BASE);
        assertThat(a.apply(BASE, Map.of("metadata.tenant", "acme")::get).get("tenant")).isEqualTo("acme");
    }

    @Test
    void identityMemoReturnsTheRememberedResultWithoutRecomputing() {
        int[] calls = {0};
        IdentityMemo memo = new IdentityMemo(64, in -> {
            calls[0]++;
            return in.with("layer", "mesh");
        });
        Attributes first = memo.apply(BASE);
        Attributes second = memo.apply(BASE);
        assertThat(second).isSameAs(first);
        assertThat(calls[0]).isEqualTo(1);
        Attributes equalButOther = Attributes.ofMap(BASE.asMap());
        assertThat(memo.apply(equalButOther)).isEqualTo(first);
        assertThat(calls[0]).isEqualTo(2);
    }

    /** 20,000 targets through a memo sized for 64: no target is recomputed (i.e. gets a new instance) twice. */
    @Test
    void aGrowableMemoKeepsEveryLiveInstancesResult() {
        int[] calls = {0};
        IdentityMemo memo = new IdentityMemo(64, 1 << 16, in -> {
            calls[0]++;
            return in.with("layer", "mesh");
        });
        Attributes[] targets = new Attributes[20_000];
        Attributes[] first = new Attributes[targets.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = Attributes.of("service.instance.id", "10.0." + (i >> 8) + "." + (i & 255) + ":4191");
            first[i] = memo.apply(targets[i]);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < targets.length; i++) {
                assertThat(memo.apply(targets[i])).isSameAs(first[i]);
            }
        }
        assertThat(calls[0]).isEqualTo(targets.length);
        assertThat(memo.capacity()).isBetween(targets.length, 1 << 16);
    }

    @Test
    void aFixedSizeMemoEvictsButStaysCorrect() {
        IdentityMemo memo = new IdentityMemo(64, in -> in.with("layer", "mesh"));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 1000; i++) {
                Attributes t = Attributes.of("i", Integer.toString(i));
                assertThat(memo.apply(t)).isEqualTo(t.with("layer", "mesh"));
            }
        }
        assertThat(memo.capacity()).as("64 entries, at most half the slots").isEqualTo(128);
    }

    @Test
    void aMemoHitAllocatesNothing() {
        IdentityMemo memo = new IdentityMemo(4096, AttributeActions.compile(
                List.of(set(Action.INSERT, "layer", "mesh")))::apply);
        Attributes[] targets = new Attributes[100];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = Attributes.of("service.instance.id", "10.0.0." + i + ":4191");
            memo.apply(targets[i]);
        }
        for (Attributes t : targets) {
            memo.apply(t); // settles the rare entries displaced during the first round
        }
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Attributes last = null;
        for (int round = 0; round < 1000; round++) {
            for (Attributes t : targets) {
                last = memo.apply(t);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(last.get("layer")).isEqualTo("mesh");
        // 100k lookups; a miss would build an Attributes (two arrays + object, >100 bytes) each time.
        assertThat(allocated).isLessThan(10_000);
    }

    private static String sha256(String hexBytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.util.HexFormat.of().parseHex(hexBytes)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
