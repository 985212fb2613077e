package io.meshlens.k8s;

import io.meshlens.config.ConfigReader;
import io.meshlens.promhttp.HttpClientConfig;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One entry of {@code kubernetes_sd_configs}, with Prometheus 2.42's keys, defaults and
 * validation messages.
 *
 * @param apiServer null: in-cluster service account (or {@code kubeconfigFile})
 * @param kubeconfigFile null when absent
 * @param http the API server connection's client config (Prometheus's common HTTP client config)
 */
public record KubernetesSdConfig(
        Role role,
        String apiServer,
        String kubeconfigFile,
        Namespaces namespaces,
        List<Selector> selectors,
        boolean attachNodeMetadata,
        HttpClientConfig http) {

    public KubernetesSdConfig {
        selectors = List.copyOf(selectors);
    }

    /** {@code namespaces:}; no names and no own namespace means all namespaces. */
    public record Namespaces(List<String> names, boolean ownNamespace) {
        public static final Namespaces ALL = new Namespaces(List.of(), false);

        public Namespaces {
            names = List.copyOf(names);
        }
    }

    /** {@code selectors:} entry: label/field selector strings passed to list/watch of {@code role}. */
    public record Selector(Role role, String label, String field) {
    }

    /** Which selector roles each role accepts (Prometheus's {@code allowedSelectors}). */
    private static final Map<Role, Set<Role>> ALLOWED_SELECTORS = Map.of(
            Role.POD, EnumSet.of(Role.POD),
            Role.SERVICE, EnumSet.of(Role.SERVICE),
            Role.ENDPOINTSLICE, EnumSet.of(Role.POD, Role.SERVICE, Role.ENDPOINTSLICE),
            Role.ENDPOINTS, EnumSet.of(Role.POD, Role.SERVICE, Role.ENDPOINTS),
            Role.NODE, EnumSet.of(Role.NODE));

    /** Selector of {@code role}, or null when none is configured for it. */
    public Selector selectorFor(Role r) {
        for (Selector s : selectors) {
            if (s.role() == r) {
                return s;
            }
        }
        return null;
    }

    /**
     * Reads one {@code kubernetes_sd_configs} entry. Problems are recorded in the reader's errors
     * with Prometheus's messages; the result is then only partially meaningful.
     */
    public static KubernetesSdConfig parse(ConfigReader r) {
        String roleName = r.string("role", "");
        Role role = null;
        if (roleName.isEmpty()) {
            r.error("role", r.qualified("role") + ": role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
        } else {
            role = Role.fromConfig(roleName);
            if (role == null) {
                r.error("role", r.qualified("role") + ": " + (roleName.equals("ingress")
                        ? "role \"ingress\" is not supported by meshlens (use pod, node, service, endpoints or endpointslice)"
                        : "unknown Kubernetes SD role \"" + roleName + "\""));
            }
        }
        String apiServer = emptyToNull(r.string("api_server", ""));
        String kubeconfig = emptyToNull(r.string("kubeconfig_file", ""));
        HttpClientConfig http = HttpClientConfig.parse(r);

        ConfigReader ns = r.child("namespaces");
        Namespaces namespaces = new Namespaces(ns.stringList("names"), ns.bool("own_namespace", false));
        ns.finish();

        ConfigReader attach = r.child("attach_metadata");
        boolean attachNode = attach.bool("node", false);
        attach.finish();

        List<Selector> selectors = new ArrayList<>();
        Set<Role> seen = new LinkedHashSet<>();
        for (ConfigReader s : r.childList("selectors")) {
            String sr = s.string("role", "");
            Role selRole = Role.fromConfig(sr);
            String label = s.string("label", "");
            String field = s.string("field", "");
            s.finish();
            if (selRole == null) {
                s.error("role", s.qualified("role") + ": unknown Kubernetes SD role \"" + sr + "\"");
                continue;
            }
            if (!seen.add(selRole)) {
                s.error("role", "duplicated selector role: " + selRole);
                continue;
            }
            if (role != null && !ALLOWED_SELECTORS.get(role).contains(selRole)) {
                s.error("role", role + " role supports only " + ALLOWED_SELECTORS.get(role).stream()
                        .map(Role::configName).collect(Collectors.joining(", ")) + " selectors");
            }
            String fieldProblem = FieldSelector.validate(field);
            if (fieldProblem != null) {
                s.error("field", s.qualified("field") + ": " + fieldProblem);
            }
            if (!label.isEmpty() && !LABEL_SELECTOR.matcher(label).matches()) {
                s.error("label", s.qualified("label") + ": invalid label selector \"" + label + "\"");
            }
            selectors.add(new Selector(selRole, label, field));
        }
        r.finish();

        if (apiServer != null && kubeconfig != null) {
            r.error("cannot use 'kubeconfig_file' and 'api_server' simultaneously");
        } else if (kubeconfig != null && http.isCustom()) {
            r.error("cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
        } else if (apiServer == null && http.isCustom()) {
            r.error("to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
        } else if (apiServer != null && namespaces.ownNamespace()) {
            r.error("cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
        } else if (kubeconfig != null && namespaces.ownNamespace()) {
            r.error("cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
        }
        if (apiServer != null && !apiServer.matches("(?i)https?://.+")) {
            r.error("api_server", r.qualified("api_server") + ": \"" + apiServer + "\" is not an http(s) URL");
        }
        return new KubernetesSdConfig(role == null ? Role.POD : role, apiServer, kubeconfig, namespaces,
                selectors, attachNode, http);
    }

    // A loose check of Kubernetes label selector syntax (key, !key, key=v, key==v, key!=v,
    // key in (a,b), key notin (a,b)); the API server has the last word.
    private static final Pattern LABEL_SELECTOR = Pattern.compile(
            "\\s*(!?[\\w./-]+(\\s*(=|==|!=)\\s*[\\w.-]*|\\s+(in|notin)\\s*\\([\\w.,\\s-]*\\))?)"
                    + "(\\s*,\\s*!?[\\w./-]+(\\s*(=|==|!=)\\s*[\\w.-]*|\\s+(in|notin)\\s*\\([\\w.,\\s-]*\\))?)*\\s*");

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
