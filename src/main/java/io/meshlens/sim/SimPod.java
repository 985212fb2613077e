package io.meshlens.sim;

/**
 * One meshed pod: its own loopback IP (the proxy's admin port binds {@code ip:4191}), its owner
 * chain ({@code <deployment>-<templateHash>} ReplicaSet → Deployment, or the DaemonSet), the node.
 * {@code startMillis} is when its proxy started: all its counters count from there.
 */
public record SimPod(ServiceDef service, String name, String templateHash, String ip, String node, String hostIp,
        long startMillis, String uid) {

    public String namespace() {
        return service.namespace();
    }

    /** The ReplicaSet name ({@code null} for DaemonSet pods). */
    public String replicaSet() {
        return service.isDaemonSet() ? null : service.name() + "-" + templateHash;
    }

    public String adminAddress() {
        return ip + ":" + ShopModel.ADMIN_PORT;
    }
}
