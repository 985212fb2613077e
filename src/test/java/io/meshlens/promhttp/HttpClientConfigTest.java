package io.meshlens.promhttp;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP client keys shared by scrape configs and kubernetes_sd_configs entries. */
class HttpClientConfigTest {
    @TempDir
    Path dir;

    private HttpClientConfig parse(String yaml, ConfigErrors errors) throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), yaml);
        ConfigReader r = new ConfigReader(ConfigLoader.load(List.of(f), List.of(), Map.of()).root(), "t", errors);
        HttpClientConfig c = HttpClientConfig.parse(r);
        r.finish();
        return c;
    }

    private HttpClientConfig parse(String yaml) throws Exception {
        ConfigErrors errors = new ConfigErrors();
        HttpClientConfig c = parse(yaml, errors);
        errors.throwIfErrors();
        return c;
    }

    @Test
    void absentKeysGivePrometheusDefaults() throws Exception {
        HttpClientConfig c = parse("{}");
        assertThat(c).isEqualTo(HttpClientConfig.DEFAULT);
        assertThat(c.isCustom()).isFalse();
        assertThat(c.authHeaders()).isEmpty();
    }

    @Test
    void tlsConfigIsReadAndMinVersionAccepted() throws Exception {
        HttpClientConfig c = parse("tls_config: {ca_file: /ca, cert_file: /c, key_file: /k, server_name: s, min_version: TLS12}");
        assertThat(c.tls()).isEqualTo(new HttpClientConfig.Tls("/ca", "/c", "/k", "s", false));
        assertThat(c.isCustom()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            basic auth           | basic_auth: {username: u, password: p}                 | Basic dTpw
            authorization        | authorization: {credentials: c}                       | Bearer c
            authorization type   | authorization: {type: Token, credentials: c}          | Token c
            bearer token         | bearer_token: t                                       | Bearer t
            """)
    void authHeaderAsPrometheusSendsIt(String name, String yaml, String header) throws Exception {
        assertThat(parse(yaml).authHeaders()).containsExactly(Map.entry("Authorization", header));
    }

    @Test
    void secretFilesAreReadOnEachCallTrimmed() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "one\n");
        HttpClientConfig c = parse("bearer_token_file: " + token);
        assertThat(c.authHeaders()).containsEntry("Authorization", "Bearer one");
        Files.writeString(token, "two\n");
        assertThat(c.authHeaders()).containsEntry("Authorization", "Bearer two");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            token and file       | {bearer_token: a, bearer_token_file: /b}                         | at most one of bearer_token & bearer_token_file must be configured
            basic and bearer     | {basic_auth: {username: u}, bearer_token: a}                      | at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured
            password and file    | {basic_auth: {password: p, password_file: /f}}                    | at most one of basic_auth password & password_file must be configured
            authz and bearer     | {authorization: {credentials: c}, bearer_token: a}                | authorization is not compatible with bearer_token & bearer_token_file
            authz basic          | {authorization: {type: Basic, credentials: c}}                    | authorization type cannot be set to "basic", use "basic_auth" instead
            authz and basic_auth | {authorization: {credentials: c}, basic_auth: {username: u}}      | at most one of basic_auth, oauth2 & authorization must be configured
            cert without key     | {tls_config: {cert_file: /c}}                                     | client cert file "/c" specified without client key file
            oauth2               | {oauth2: {client_id: x}}                                          | oauth2 is not supported by meshlens
            """)
    void invalidCombinationsAreErrors(String name, String yaml, String message) throws Exception {
        ConfigErrors errors = new ConfigErrors();
        parse(yaml, errors);
        assertThat(errors.errors()).extracting(ConfigError::message).anyMatch(m -> m.contains(message));
    }
}
