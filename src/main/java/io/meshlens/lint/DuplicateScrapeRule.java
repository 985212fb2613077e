package io.meshlens.lint;

import io.meshlens.config.ConfigNode;

import java.util.List;

/**
 * duplicate-scrape-multinode: in a DaemonSet every node runs the same config; kubernetes pod
 * discovery without a {@code spec.nodeName} field selector then makes every instance scrape every
 * pod of the cluster (N copies of each series).
 */
final class DuplicateScrapeRule implements Rule {
    static final String ID = "duplicate-scrape-multinode";

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        if (ctx.options.deploy() != Deploy.DAEMONSET) {
            return;
        }
        for (ScrapeConfigs.Scrape s : ScrapeConfigs.of(ctx)) {
            for (ConfigNode sd : LintContext.items(LintContext.at(s.node(), "kubernetes_sd_configs"))) {
                if (!"pod".equals(LintContext.text(LintContext.at(sd, "role"))) || nodeLocal(sd)) {
                    continue;
                }
                ConfigNode role = LintContext.at(sd, "role");
                out.add(new Finding(ID, Severity.WARNING, role.mark(), s.component(),
                        "Pod discovery (job " + s.job() + ") is not restricted to the node, so in a DaemonSet every "
                                + "instance scrapes every pod of the cluster and each series is stored once per node.",
                        "Add selectors: [{role: pod, field: \"spec.nodeName=${env:NODE_NAME}\"}] with NODE_NAME set "
                                + "from the downward API (spec.nodeName); or run a StatefulSet and shard targets with a "
                                + "hashmod relabel rule (modulus = replicas) plus a keep on the replica's shard."));
            }
        }
    }

    /** True when a pod selector's field selector pins spec.nodeName. */
    private static boolean nodeLocal(ConfigNode sd) {
        for (ConfigNode sel : LintContext.items(LintContext.at(sd, "selectors"))) {
            String role = LintContext.text(LintContext.at(sel, "role"));
            String field = LintContext.text(LintContext.at(sel, "field"));
            if ("pod".equals(role) && field != null && field.replace(" ", "").contains("spec.nodeName=")) {
                return true;
            }
        }
        return false;
    }
}
