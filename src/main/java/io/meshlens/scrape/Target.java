package io.meshlens.scrape;

import io.meshlens.model.Attributes;
import io.meshlens.relabel.Labels;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One scrape target after relabeling, as Prometheus's {@code scrape.Target}: its labels (the
 * reserved {@code __} ones included — they give the URL, interval and timeout), the labels
 * discovery gave it, and the scrape config of its job.
 */
public record Target(Labels labels, Labels discovered, ScrapeConfig config) {

    /** Builds a target from an ACTIVE populate result. */
    static Target of(TargetLabels.Result r, ScrapeConfig config) {
        return new Target(r.labels(), r.discovered(), config);
    }

    /** Labels without the reserved {@code __} ones: what the target's series carry. */
    public Labels publicLabels() {
        Labels.Builder b = labels.toBuilder();
        labels.forEach((n, v) -> {
            if (n.startsWith("__")) {
                b.del(n);
            }
        });
        return b.labels();
    }

    public String job() {
        return labels.get("job");
    }

    public String instance() {
        return labels.get("instance");
    }

    /** {@code __scheme__://__address____metrics_path__?__param_*}, as Prometheus builds it. */
    public String url() {
        StringBuilder q = new StringBuilder();
        labels.forEach((n, v) -> {
            if (n.startsWith("__param_")) {
                q.append(q.isEmpty() ? '?' : '&').append(URLEncoder.encode(n.substring(8), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        String path = labels.get("__metrics_path__");
        return labels.get("__scheme__") + "://" + labels.get("__address__") + (path.startsWith("/") ? path : "/" + path) + q;
    }

    public Duration interval() {
        return PromDuration.parse(labels.get("__scrape_interval__"));
    }

    public Duration timeout() {
        return PromDuration.parse(labels.get("__scrape_timeout__"));
    }

    public long bodySizeLimit() {
        return config.bodySizeLimit();
    }

    /** The discovered labels as resource-building input. */
    Attributes discoveredAttributes() {
        return toAttributes(discovered);
    }

    static Attributes toAttributes(Labels l) {
        String[] keys = new String[l.size()];
        Object[] values = new Object[l.size()];
        for (int i = 0; i < l.size(); i++) {
            keys[i] = l.name(i);
            values[i] = l.value(i);
        }
        return Attributes.wrapSorted(keys, values);
    }

    /** Stable per target (labels + URL): spreads scrape start times over the interval, as Prometheus does. */
    public long hash() {
        long h = 0xcbf29ce484222325L;
        String key = labels.toString() + url();
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
