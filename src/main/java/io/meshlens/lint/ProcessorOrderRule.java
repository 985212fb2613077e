package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.service.ServiceConfig.PipelineConfig;

import java.util.List;

/**
 * processor-order: {@code memory_limiter} must be first to refuse data before anything works on it;
 * {@code batch} before a filter batches what is then dropped; {@code filter} after
 * {@code k8sattributes} looks up pod metadata for series it then drops.
 */
final class ProcessorOrderRule implements Rule {
    static final String ID = "processor-order";

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        for (PipelineConfig p : ctx.pipelines()) {
            List<ComponentId> procs = p.processors();
            String component = "service::pipelines::" + p.id();
            for (int i = 0; i < procs.size(); i++) {
                ComponentId id = procs.get(i);
                if (id.type().equals("memory_limiter") && i > 0) {
                    out.add(new Finding(ID, Severity.WARNING, ctx.refMark(p, "processors", id), component,
                            id + " is not the first processor, so " + procs.get(0) + " works on data the limiter would "
                                    + "have refused under memory pressure.",
                            "Move " + id + " to the front of the processors list."));
                }
                if (id.type().equals("filter")) {
                    ComponentId batch = firstBefore(procs, i, "batch");
                    if (batch != null) {
                        out.add(new Finding(ID, Severity.WARNING, ctx.refMark(p, "processors", batch), component,
                                batch + " runs before " + id + ", so it batches (and holds in memory) data the filter "
                                        + "then drops.",
                                "Put " + batch + " after the filters, normally last."));
                    }
                    ComponentId k8s = firstBefore(procs, i, "k8sattributes");
                    if (k8s != null) {
                        out.add(new Finding(ID, Severity.WARNING, ctx.refMark(p, "processors", id), component,
                                id + " runs after " + k8s + ", so pod metadata is looked up and attached to series "
                                        + "the filter then drops.",
                                "Move " + id + " before " + k8s + " (unless its conditions read k8s.* attributes)."));
                    }
                }
            }
        }
    }

    private static ComponentId firstBefore(List<ComponentId> procs, int end, String type) {
        for (int j = 0; j < end; j++) {
            if (procs.get(j).type().equals(type)) {
                return procs.get(j);
            }
        }
        return null;
    }
}
