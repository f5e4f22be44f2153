package org.parloir.admin;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** The JSON body of a refused management request: {@code {"status": 404, "error": "why"}}. */
final class AdminErrors {

    private AdminErrors() {
    }

    static WebEndpointResponse<Map<String, Object>> of(int status, String error) {
        return new WebEndpointResponse<>(Map.of("status", status, "error", error), status);
    }
}
