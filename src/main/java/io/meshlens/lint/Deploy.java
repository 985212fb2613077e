package io.meshlens.lint;

/** How the config will be deployed, for rules that depend on it ({@code --deploy}). */
public enum Deploy {
    /** One instance per node (Kubernetes DaemonSet). */
    DAEMONSET,
    /** One or a few replicas for the whole cluster. */
    DEPLOYMENT
}
