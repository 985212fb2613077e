package io.meshlens.scrape;

import io.meshlens.config.ConfigReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prometheus's common HTTP client settings of a scrape config: basic_auth, authorization,
 * bearer_token(_file), tls_config, follow_redirects, enable_http2. Validated as Prometheus does
 * (at most one auth method; a value and a file of the same secret are exclusive).
 */
public record HttpClientConfig(String basicUser, String basicPassword, String basicPasswordFile,
                               String authType, String authCredentials, String authCredentialsFile,
                               TlsConfig tls, boolean followRedirects, boolean enableHttp2) {

    /** tls_config. */
    public record TlsConfig(String caFile, String certFile, String keyFile, String serverName,
                            boolean insecureSkipVerify) {
        public static final TlsConfig NONE = new TlsConfig("", "", "", "", false);

        public boolean isSet() {
            return !caFile.isEmpty() || !certFile.isEmpty() || !keyFile.isEmpty() || insecureSkipVerify;
        }

        static TlsConfig parse(ConfigReader r) {
            TlsConfig t = new TlsConfig(r.string("ca_file", ""), r.string("cert_file", ""), r.string("key_file", ""),
                    r.string("server_name", ""), r.bool("insecure_skip_verify", false));
            r.ignore("min_version");
            if (t.certFile.isEmpty() != t.keyFile.isEmpty()) {
                r.error("tls_config: exactly one of cert_file and key_file is configured; both or neither are needed");
            }
            r.finish();
            return t;
        }
    }

    public static final HttpClientConfig DEFAULT = new HttpClientConfig("", "", "", "", "", "", TlsConfig.NONE,
            true, true);

    /** Reads the client keys from a scrape config mapping (the keys sit beside job_name etc.). */
    public static HttpClientConfig parse(ConfigReader r) {
        String user = "";
        String pass = "";
        String passFile = "";
        int methods = 0;
        if (r.has("basic_auth")) {
            ConfigReader b = r.child("basic_auth");
            user = b.string("username", "");
            pass = b.string("password", "");
            passFile = b.string("password_file", "");
            if (!pass.isEmpty() && !passFile.isEmpty()) {
                b.error("at most one of basic_auth password & password_file must be configured");
            }
            b.finish();
            methods++;
        } else {
            r.ignore("basic_auth");
        }
        String type = "";
        String cred = "";
        String credFile = "";
        if (r.has("authorization")) {
            ConfigReader a = r.child("authorization");
            type = a.string("type", "Bearer");
            cred = a.string("credentials", "");
            credFile = a.string("credentials_file", "");
            if (type.equalsIgnoreCase("basic")) {
                a.error("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            if (!cred.isEmpty() && !credFile.isEmpty()) {
                a.error("at most one of authorization credentials & credentials_file must be configured");
            }
            a.finish();
            methods++;
        } else {
            r.ignore("authorization");
        }
        String bearer = r.string("bearer_token", "");
        String bearerFile = r.string("bearer_token_file", "");
        if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
            if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
                r.error("bearer_token", "at most one of bearer_token & bearer_token_file must be configured");
            }
            type = "Bearer";
            cred = bearer;
            credFile = bearerFile;
            methods++;
        }
        if (methods > 1) {
            r.error("at most one of basic_auth, authorization and bearer_token(_file) must be configured");
        }
        TlsConfig tls = r.has("tls_config") ? TlsConfig.parse(r.child("tls_config")) : TlsConfig.NONE;
        r.ignore("tls_config");
        boolean follow = r.bool("follow_redirects", true);
        boolean h2 = r.bool("enable_http2", true);
        return new HttpClientConfig(user, pass, passFile, type, cred, credFile, tls, follow, h2);
    }

    /** The Authorization header to send, read fresh each time (files may rotate); empty map when none. */
    public Map<String, String> authHeaders() throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        if (!basicUser.isEmpty() || !basicPassword.isEmpty() || !basicPasswordFile.isEmpty()) {
            String p = basicPasswordFile.isEmpty() ? basicPassword : Files.readString(Path.of(basicPasswordFile)).trim();
            h.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((basicUser + ":" + p).getBytes(StandardCharsets.UTF_8)));
        } else if (!authType.isEmpty() && (!authCredentials.isEmpty() || !authCredentialsFile.isEmpty())) {
            String c = authCredentialsFile.isEmpty() ? authCredentials
                    : Files.readString(Path.of(authCredentialsFile)).trim();
            h.put("Authorization", authType + " " + c);
        }
        return h;
    }
}
