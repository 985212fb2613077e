package io.meshlens.scrape;

import io.meshlens.relabel.Labels;
import io.meshlens.relabel.Relabel;
import io.meshlens.relabel.RelabelConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The labels of one discovered target, as Prometheus 2.42's {@code scrape.PopulateLabels} and
 * {@code TargetsFromGroup} compute them: scrape defaults, {@code relabel_configs}, default port,
 * {@code instance}, and {@code __meta_*} removal. Other {@code __} labels ({@code __address__},
 * {@code __scheme__}, {@code __metrics_path__}, {@code __param_*}, {@code __scrape_*__},
 * {@code __tmp_*}) stay on the target, which uses the ones it knows to build the scrape URL;
 * {@link Result#publicLabels()} is what its series carry.
 */
public final class TargetLabels {
    private TargetLabels() {
    }

    /** What of a scrape config shapes target labels. {@code params} as in the URL query: only the first value counts. */
    public record Settings(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
                           String scheme, Map<String, List<String>> params, List<RelabelConfig> relabelConfigs) {
        public Settings {
            params = Map.copyOf(params);
            relabelConfigs = List.copyOf(relabelConfigs);
        }
    }

    public enum Status { ACTIVE, DROPPED, FAILED }

    /**
     * @param labels the target's labels, {@code __} ones included (ACTIVE only, else null)
     * @param discovered the labels before relabeling, scrape defaults included (ACTIVE and DROPPED; null when FAILED)
     * @param error why the target could not be built (FAILED only)
     */
    public record Result(Status status, Labels labels, Labels discovered, String error) {
        /** The labels without the reserved {@code __} ones, as Prometheus's Target.Labels(). */
        public Labels publicLabels() {
            if (labels == null) {
                return null;
            }
            Labels.Builder b = labels.toBuilder();
            labels.forEach((n, v) -> {
                if (n.startsWith("__")) {
                    b.del(n);
                }
            });
            return b.labels();
        }
    }

    /**
     * @param target the target's own labels (at least {@code __address__} for static and file SD)
     * @param group the target group's common labels; the target's own win
     */
    public static Result populate(Labels target, Labels group, Settings s) {
        Labels.Builder b = merge(target, group).toBuilder();
        setIfAbsent(b, "job", s.jobName());
        setIfAbsent(b, "__scrape_interval__", PromDuration.format(s.scrapeInterval()));
        setIfAbsent(b, "__scrape_timeout__", PromDuration.format(s.scrapeTimeout()));
        setIfAbsent(b, "__metrics_path__", s.metricsPath());
        setIfAbsent(b, "__scheme__", s.scheme());
        // Params overwrite discovered __param_* labels (Prometheus sets them unconditionally).
        s.params().forEach((name, values) -> {
            if (!values.isEmpty()) {
                b.set("__param_" + name, values.get(0));
            }
        });
        Labels discovered = b.labels();

        Labels relabeled = Relabel.process(discovered, s.relabelConfigs());
        if (relabeled == null) {
            return new Result(Status.DROPPED, null, discovered, null);
        }
        String addr = relabeled.get("__address__");
        if (addr.isEmpty()) {
            return failed("no address");
        }
        b.reset(relabeled);
        if (needsPort(addr)) {
            // 2.42 still appends the scheme's default port (2.43+ keeps it only without the
            // no-default-scrape-port flag; 3.0 drops it).
            String scheme = relabeled.get("__scheme__");
            switch (scheme) {
                case "http", "" -> addr = addr + ":80";
                case "https" -> addr = addr + ":443";
                default -> {
                    return failed("invalid scheme: \"" + s.scheme() + "\"");
                }
            }
            b.set("__address__", addr);
        }
        if (addr.indexOf('/') >= 0) {
            return failed("\"" + addr + "\" is not a valid hostname");
        }
        String interval = relabeled.get("__scrape_interval__");
        Duration intervalDuration;
        try {
            intervalDuration = PromDuration.parse(interval);
        } catch (IllegalArgumentException e) {
            return failed("error parsing scrape interval: " + e.getMessage());
        }
        if (intervalDuration.isZero()) {
            return failed("scrape interval cannot be 0");
        }
        String timeout = relabeled.get("__scrape_timeout__");
        Duration timeoutDuration;
        try {
            timeoutDuration = PromDuration.parse(timeout);
        } catch (IllegalArgumentException e) {
            return failed("error parsing scrape timeout: " + e.getMessage());
        }
        if (timeoutDuration.isZero()) {
            return failed("scrape timeout cannot be 0");
        }
        if (timeoutDuration.compareTo(intervalDuration) > 0) {
            return failed("scrape timeout cannot be greater than scrape interval (\"" + timeout + "\" > \""
                    + interval + "\")");
        }
        for (int i = 0, n = relabeled.size(); i < n; i++) {
            if (relabeled.name(i).startsWith("__meta_")) {
                b.del(relabeled.name(i));
            }
        }
        if (relabeled.get("instance").isEmpty()) {
            b.set("instance", addr);
        }
        Labels result = b.labels();
        for (int i = 0, n = result.size(); i < n; i++) {
            if (!isValidUtf16(result.value(i))) {
                return failed("invalid label value for \"" + result.name(i) + "\": \"" + result.value(i) + "\"");
            }
        }
        return new Result(Status.ACTIVE, result, discovered, null);
    }

    /**
     * Target labels plus the group's where the target has none of that name. Empty values are left
     * out: Prometheus 2.42 shows no empty-valued label for a file_sd target, neither discovered nor
     * final (checked by the conformance test).
     */
    private static Labels merge(Labels target, Labels group) {
        Map<String, String> m = new java.util.HashMap<>(target.size() + group.size());
        group.forEach(m::put);
        target.forEach(m::put);
        m.values().removeIf(String::isEmpty);
        return Labels.of(m);
    }

    private static Result failed(String error) {
        return new Result(Status.FAILED, null, null, error);
    }

    private static void setIfAbsent(Labels.Builder b, String name, String value) {
        if (b.get(name).isEmpty()) {
            b.set(name, value);
        }
    }

    /**
     * Prometheus's addPort: true when the address has no port but would be valid with one, judged
     * by Go's net.SplitHostPort.
     */
    static boolean needsPort(String addr) {
        return splitHostPortError(addr) != null && splitHostPortError(addr + ":1234") == null;
    }

    /** Go's net.SplitHostPort, reduced to its verdict: null when valid, else the reason. */
    static String splitHostPortError(String hostport) {
        int i = hostport.lastIndexOf(':');
        if (i < 0) {
            return "missing port in address";
        }
        int j = 0;
        int k = 0;
        if (hostport.charAt(0) == '[') {
            int end = hostport.indexOf(']');
            if (end < 0) {
                return "missing ']' in address";
            }
            if (end + 1 == hostport.length()) {
                return "missing port in address";
            } else if (end + 1 != i) {
                return hostport.charAt(end + 1) == ':' ? "too many colons in address" : "missing port in address";
            }
            j = 1;
            k = end + 1;
        } else if (hostport.substring(0, i).indexOf(':') >= 0) {
            return "too many colons in address";
        }
        if (hostport.indexOf('[', j) >= 0) {
            return "unexpected '[' in address";
        }
        if (hostport.indexOf(']', k) >= 0) {
            return "unexpected ']' in address";
        }
        return null;
    }

    /** Go's utf8.ValidString, for a Java string: no unpaired surrogate. */
    private static boolean isValidUtf16(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= v.length() || !Character.isLowSurrogate(v.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
