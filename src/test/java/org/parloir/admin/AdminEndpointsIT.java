package org.parloir.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;

/** Actuator on its own port: health public, everything else behind the admin's HTTP Basic credentials. */
class AdminEndpointsIT {

    @TempDir
    static Path data;
    static ParloirServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new ParloirServer(data).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort()
                + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (password != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndProbesArePublic() throws Exception {
        assertThat(call("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/liveness", null).body()).contains("UP");
        assertThat(call("GET", "/actuator/health/readiness", null).body()).contains("UP");
    }

    @Test
    void otherEndpointsNeedTheAdmin() throws Exception {
        for (String path : new String[] {"/actuator/info", "/actuator/metrics", "/actuator/prometheus",
                "/actuator/registrations", "/actuator/cdrs"}) {
            assertThat(call("GET", path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(call("GET", path, "wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(call("GET", path, ParloirServer.ADMIN_PASSWORD).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(call("GET", "/actuator/prometheus", ParloirServer.ADMIN_PASSWORD).body())
                .contains("parloir_sip_bindings").contains("parloir_sip_transactions")
                .contains("parloir_sip_proxy_invites").contains("parloir_directory_queue")
                .contains("parloir_directory_cache_size");
    }

    @Test
    void registrationsAreListedAndCanBeDeleted() throws Exception {
        try (SipUa phone = new SipUa("bob")) {
            assertThat(phone.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort())
                    .getStatusCode()).isEqualTo(200);
            String all = call("GET", "/actuator/registrations", ParloirServer.ADMIN_PASSWORD).body();
            assertThat(all).contains("bob@example.org").contains(phone.contact());
            String one = call("GET", "/actuator/registrations/bob@example.org", ParloirServer.ADMIN_PASSWORD)
                    .body();
            assertThat(one).contains(phone.contact());
            assertThat(call("DELETE", "/actuator/registrations/bob@example.org", null).statusCode()).isEqualTo(401);
            HttpResponse<String> deleted = call("DELETE", "/actuator/registrations/bob@example.org",
                    ParloirServer.ADMIN_PASSWORD);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(deleted.body()).contains("\"removed\":1");
            assertThat(call("GET", "/actuator/registrations", ParloirServer.ADMIN_PASSWORD).body())
                    .doesNotContain("bob@example.org");
        }
    }
}
