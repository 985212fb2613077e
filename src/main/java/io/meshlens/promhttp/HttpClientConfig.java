package io.meshlens.promhttp;

import io.meshlens.config.ConfigReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prometheus's common HTTP client config ({@code common/config.HTTPClientConfig}) as a scrape
 * config and a {@code kubernetes_sd_configs} entry both embed it: tls_config, bearer_token(_file),
 * authorization, basic_auth, proxy_url, follow_redirects, enable_http2. Validated with
 * Prometheus's messages, in its order; {@code oauth2} is rejected (not supported).
 *
 * @param authorization null when absent
 * @param basicAuth null when absent
 */
public record HttpClientConfig(
        Tls tls,
        String bearerToken,
        String bearerTokenFile,
        Authorization authorization,
        BasicAuth basicAuth,
        String proxyUrl,
        boolean followRedirects,
        boolean enableHttp2) {

    /** Prometheus's {@code DefaultHTTPClientConfig}. */
    public static final HttpClientConfig DEFAULT = new HttpClientConfig(Tls.NONE, "", "", null, null, "", true, true);

    /** {@code tls_config}. */
    public record Tls(String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify) {
        public static final Tls NONE = new Tls("", "", "", "", false);
    }

    /** {@code authorization:}; {@code type} defaults to Bearer. */
    public record Authorization(String type, String credentials, String credentialsFile) {
    }

    public record BasicAuth(String username, String password, String passwordFile) {
    }

    /** Whether anything differs from Prometheus's default client config. */
    public boolean isCustom() {
        return !equals(DEFAULT);
    }

    /**
     * Reads the client keys from the mapping that embeds them (they sit beside e.g. job_name or
     * role). Problems are recorded in the reader's errors.
     */
    public static HttpClientConfig parse(ConfigReader r) {
        Tls tls = Tls.NONE;
        if (r.has("tls_config")) {
            ConfigReader t = r.child("tls_config");
            tls = new Tls(t.string("ca_file", ""), t.string("cert_file", ""), t.string("key_file", ""),
                    t.string("server_name", ""), t.bool("insecure_skip_verify", false));
            t.ignore("min_version");
            t.finish();
            if (!tls.certFile().isEmpty() && tls.keyFile().isEmpty()) {
                t.error("client cert file \"" + tls.certFile() + "\" specified without client key file");
            } else if (tls.certFile().isEmpty() && !tls.keyFile().isEmpty()) {
                t.error("client key file \"" + tls.keyFile() + "\" specified without client cert file");
            }
        } else {
            r.ignore("tls_config");
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
            r.error("oauth2", r.qualified("oauth2") + ": oauth2 is not supported by meshlens");
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
        return new HttpClientConfig(tls, bearerToken, bearerTokenFile, authorization, basic, proxyUrl,
                followRedirects, enableHttp2);
    }

    /**
     * The Authorization header to send, with secrets read from their files now (files may
     * rotate); empty map when none. Prometheus turns bearer_token(_file) into a Bearer authorization.
     */
    public Map<String, String> authHeaders() throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        if (basicAuth != null) {
            String p = basicAuth.passwordFile().isEmpty() ? basicAuth.password() : read(basicAuth.passwordFile());
            h.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((basicAuth.username() + ":" + p).getBytes(StandardCharsets.UTF_8)));
        } else if (authorization != null) {
            String c = authorization.credentialsFile().isEmpty() ? authorization.credentials()
                    : read(authorization.credentialsFile());
            if (!c.isEmpty()) {
                h.put("Authorization", authorization.type() + " " + c);
            }
        } else if (!bearerToken.isEmpty() || !bearerTokenFile.isEmpty()) {
            h.put("Authorization", "Bearer " + (bearerTokenFile.isEmpty() ? bearerToken : read(bearerTokenFile)));
        }
        return h;
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file)).trim();
    }

    /**
     * A JDK HTTP client honouring tls_config, follow_redirects and enable_http2 (HTTP/2 only over
     * TLS: the JDK would otherwise try an h2c upgrade on plain HTTP, which Go clients never do).
     */
    public java.net.http.HttpClient newClient(java.time.Duration connectTimeout, boolean https)
            throws IOException, java.security.GeneralSecurityException {
        return newClientBuilder(connectTimeout, https).build();
    }

    /** The builder of {@link #newClient}: TLS material is read once, every {@code build()} makes a like client. */
    public java.net.http.HttpClient.Builder newClientBuilder(java.time.Duration connectTimeout, boolean https)
            throws IOException, java.security.GeneralSecurityException {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(followRedirects() ? java.net.http.HttpClient.Redirect.NORMAL
                        : java.net.http.HttpClient.Redirect.NEVER)
                .version(enableHttp2() && https ? java.net.http.HttpClient.Version.HTTP_2 : java.net.http.HttpClient.Version.HTTP_1_1);
        javax.net.ssl.SSLContext ctx = TlsContexts.build(tls().insecureSkipVerify(), path(tls().caFile()),
                path(tls().certFile()), path(tls().keyFile()), tls().serverName());
        if (ctx != null) {
            b.sslContext(ctx);
        }
        if (!tls().serverName().isEmpty()) {
            javax.net.ssl.SSLParameters p = new javax.net.ssl.SSLParameters();
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(tls().serverName())));
            b.sslParameters(p);
        }
        return b;
    }

    private static java.nio.file.Path path(String s) {
        return s == null || s.isEmpty() ? null : java.nio.file.Path.of(s);
    }
}
