package io.meshlens.sim;

import java.util.List;

/**
 * One workload of the simulated cluster: a Deployment (or the collector's DaemonSet) with its
 * Service port. {@code port == 0} means no Service (nothing calls it: accounting, fraud-detection).
 */
public record ServiceDef(String name, String namespace, int port, Protocol protocol, String ownerKind,
        String serviceAccount, String partOf, List<String> containers, String clusterIp) {

    public boolean hasService() {
        return port > 0;
    }

    /** The mTLS identity Linkerd issues to pods running as this service account. */
    public String identity() {
        return serviceAccount + "." + namespace + ".serviceaccount.identity.linkerd.cluster.local";
    }

    /** The Service's cluster DNS name with port, as the outbound {@code authority} label shows it. */
    public String authority() {
        return name + "." + namespace + ".svc.cluster.local:" + port;
    }

    public boolean isDaemonSet() {
        return "DaemonSet".equals(ownerKind);
    }
}
