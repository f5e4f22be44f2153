package org.parloir.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Requests to a server's management port, as the administrator or anonymously. */
public final class AdminHttp {

    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.function.IntSupplier managementPort;

    public AdminHttp(ParloirServer server) {
        this.managementPort = server::managementPort;
    }

    /** The management port of a server in another process. */
    public AdminHttp(ParloirProcess server) {
        this.managementPort = server::managementPort;
    }

    /** {@code password} null: no credentials. */
    public HttpResponse<String> get(String pathAndQuery, String password) throws Exception {
        return send("GET", pathAndQuery, null, password);
    }

    /** A DELETE as the administrator, whatever the answer. */
    public HttpResponse<String> delete(String pathAndQuery) throws Exception {
        return send("DELETE", pathAndQuery, null, ParloirServer.ADMIN_PASSWORD);
    }

    /** A POST of a JSON body as the administrator, whatever the answer. */
    public HttpResponse<String> post(String pathAndQuery, String json) throws Exception {
        return send("POST", pathAndQuery, json, ParloirServer.ADMIN_PASSWORD);
    }

    /** Any method; {@code json} null: no body; {@code password} null: no credentials. */
    public HttpResponse<String> send(String method, String pathAndQuery, String json, String password)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort.getAsInt()
                + pathAndQuery)).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (password != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the administrator; fails unless the answer is 200. */
    public String get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery, ParloirServer.ADMIN_PASSWORD);
        if (response.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
