package io.meshlens.k8s;

import io.meshlens.config.ConfigReader;

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
 */
public record KubernetesSdConfig(
        Role role,
        String apiServer,
        String kubeconfigFile,
        Namespaces namespaces,
        List<Selector> selectors,
        boolean attachNodeMetadata,
        HttpClientSettings http) {

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

    /** The subset of Prometheus's HTTP client config that applies to the API server connection. */
    public record HttpClientSettings(
            Tls tls,
            String bearerToken,
            String bearerTokenFile,
            Authorization authorization,
            BasicAuth basicAuth,
            String proxyUrl,
            boolean followRedirects,
            boolean enableHttp2) {
        public static final HttpClientSettings DEFAULT =
                new HttpClientSettings(Tls.NONE, "", "", null, null, "", true, true);

        /** Whether anything differs from Prometheus's {@code DefaultHTTPClientConfig}. */
        public boolean isCustom() {
            return !equals(DEFAULT);
        }
    }

    public record Tls(String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify) {
        public static final Tls NONE = new Tls("", "", "", "", false);
    }

    /** {@code authorization:}; {@code type} defaults to Bearer. */
    public record Authorization(String type, String credentials, String credentialsFile) {
    }

    public record BasicAuth(String username, String password, String passwordFile) {
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
        HttpClientSettings http = parseHttp(r);

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

    private static HttpClientSettings parseHttp(ConfigReader r) {
        ConfigReader t = r.child("tls_config");
        Tls tls = new Tls(t.string("ca_file", ""), t.string("cert_file", ""), t.string("key_file", ""),
                t.string("server_name", ""), t.bool("insecure_skip_verify", false));
        t.finish();
        if (!tls.certFile().isEmpty() && tls.keyFile().isEmpty()) {
            t.error("client cert file \"" + tls.certFile() + "\" specified without client key file");
        } else if (tls.certFile().isEmpty() && !tls.keyFile().isEmpty()) {
            t.error("client key file \"" + tls.keyFile() + "\" specified without client cert file");
        }

        String bearerToken = r.string("bearer_token", "");
        String bearerTokenFile = r.string("bearer_token_file", "");

        Authorization authorization = null;
        if (r.has("authorization")) {
            ConfigReader a = r.child("authorization");
            String type = a.string("type", "").trim();
            authorization = new Authorization(type.isEmpty() ? "Bearer" : type,
                    a.string("credentials", ""), a.string("credentials_file", ""));
            a.finish();
        } else {
            r.ignore("authorization");
        }
        BasicAuth basic = null;
        if (r.has("basic_auth")) {
            ConfigReader b = r.child("basic_auth");
            basic = new BasicAuth(b.string("username", ""), b.string("password", ""), b.string("password_file", ""));
            b.finish();
        } else {
            r.ignore("basic_auth");
        }
        if (r.has("oauth2")) {
            r.error("oauth2", r.qualified("oauth2") + ": oauth2 is not supported by meshlens's Kubernetes discovery");
        }
        r.ignore("oauth2");
        String proxyUrl = r.string("proxy_url", "");
        boolean followRedirects = r.bool("follow_redirects", true);
        boolean enableHttp2 = r.bool("enable_http2", true);

        // Prometheus's HTTPClientConfig.Validate, in its order.
        if (!bearerToken.isEmpty() && !bearerTokenFile.isEmpty()) {
            r.error("at most one of bearer_token & bearer_token_file must be configured");
        } else if (basic != null && (!bearerToken.isEmpty() || !bearerTokenFile.isEmpty())) {
            r.error("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        } else if (basic != null && !basic.password().isEmpty() && !basic.passwordFile().isEmpty()) {
            r.error("at most one of basic_auth password & password_file must be configured");
        } else if (authorization != null) {
            if (!bearerToken.isEmpty() || !bearerTokenFile.isEmpty()) {
                r.error("authorization is not compatible with bearer_token & bearer_token_file");
            } else if (!authorization.credentials().isEmpty() && !authorization.credentialsFile().isEmpty()) {
                r.error("at most one of authorization credentials & credentials_file must be configured");
            } else if (authorization.type().equalsIgnoreCase("basic")) {
                r.error("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            } else if (basic != null) {
                r.error("at most one of basic_auth, oauth2 & authorization must be configured");
            }
        }
        return new HttpClientSettings(tls, bearerToken, bearerTokenFile, authorization, basic, proxyUrl,
                followRedirects, enableHttp2);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
