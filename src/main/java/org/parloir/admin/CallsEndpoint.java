package org.parloir.admin;

import java.util.List;
import org.parloir.sip.b2bua.B2bua;
import org.parloir.sip.proxy.ProxiedCalls;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/calls}: calls in progress — those through the B2BUA (PSTN and hidden-number calls, ringing or
 * answered), by their id, and answered proxied calls, by their Call-ID. {@code DELETE /actuator/calls/{id}} hangs
 * either up: BYE to both parties (for a proxied call, as the record-routing proxy in its path).
 */
@Component
@Endpoint(id = "calls")
public class CallsEndpoint {

    /** Both kinds. */
    public record Calls(List<B2bua.ActiveCall> b2bua, List<ProxiedCalls.ActiveProxiedCall> proxied) {
    }

    private final B2bua b2bua;
    private final ProxiedCalls proxied;

    public CallsEndpoint(B2bua b2bua, ProxiedCalls proxied) {
        this.b2bua = b2bua;
        this.proxied = proxied;
    }

    @ReadOperation
    public Calls calls() {
        return new Calls(b2bua.calls(), proxied.calls());
    }

    @DeleteOperation
    public WebEndpointResponse<String> hangUp(@Selector String id) {
        return b2bua.hangUp(id) || proxied.hangUp(id) ? new WebEndpointResponse<>("hung up " + id, 200)
                : new WebEndpointResponse<>("no call " + id, 404);
    }
}
