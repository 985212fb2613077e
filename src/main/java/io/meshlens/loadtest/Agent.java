package io.meshlens.loadtest;

import java.util.regex.Pattern;

/** The agents the bench runs, in run order, with the series label that tells their data apart in VictoriaMetrics. */
public enum Agent {
    /** examples/linkerd-mesh.yaml: OTTL filter + resource + k8sattributes + batch + remote write. */
    MESHLENS("meshlens", "examples/linkerd-mesh.yaml", Agent.OTTL_KEEP),
    /** examples/linkerd-mesh-relabel.yaml: metric_relabel_configs keep instead of the OTTL filter. */
    MESHLENS_RELABEL("meshlens-relabel", "examples/linkerd-mesh-relabel.yaml", "response_total|response_latency_ms.*|tcp_.*"),
    VMAGENT("vmagent", null, Agent.OTTL_KEEP),
    PROMETHEUS("prometheus-agent", null, Agent.OTTL_KEEP);

    /**
     * What the seed's OTTL filter keeps, as a fully matched sample-name regex: IsMatch is a search,
     * so {@code control_response_latency_ms_*} passes too. vmagent and Prometheus keep the same.
     */
    static final String OTTL_KEEP =
            "response_total|.*response_latency_ms.*|tcp_open_connections|tcp_read_bytes_total|tcp_write_bytes_total";

    private final String label;
    private final String example;
    private final String keepRegex;
    private final Pattern keep;

    Agent(String label, String example, String keepRegex) {
        this.label = label;
        this.example = example;
        this.keepRegex = keepRegex;
        this.keep = Pattern.compile(keepRegex);
    }

    /** Value of the {@code bench_run} label on every series this agent writes. */
    public String label() {
        return label;
    }

    /** The meshlens example config this run starts from; {@code null} for the Go agents. */
    public String example() {
        return example;
    }

    /** The sample names (fully matched regex) this agent's filter keeps. */
    public String keepRegex() {
        return keepRegex;
    }

    public boolean keeps(String sampleName) {
        return keep.matcher(sampleName).matches();
    }

    public static Agent byLabel(String label) {
        for (Agent a : values()) {
            if (a.label.equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown agent \"" + label + "\"; known: meshlens, meshlens-relabel, "
                + "vmagent, prometheus-agent");
    }
}
