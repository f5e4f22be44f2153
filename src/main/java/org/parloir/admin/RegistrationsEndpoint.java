package org.parloir.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parloir.sip.registrar.Binding;
import org.parloir.sip.registrar.LocationService;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.stereotype.Component;

/** {@code /actuator/registrations}: SIP bindings per AOR; {@code DELETE /actuator/registrations/{aor}}. */
@Component
@Endpoint(id = "registrations")
public class RegistrationsEndpoint {

    /** One binding as shown to an administrator. */
    public record BindingView(String contact, float q, Instant expires, int expiresIn, String callId, long cseq,
                              List<String> path, String received, String userAgent) {
        static BindingView of(Binding b, long now) {
            return new BindingView(b.contact(), b.q(), Instant.ofEpochMilli(b.expiresAt()), b.secondsLeft(now),
                    b.callId(), b.cseq(), b.path(), b.received(), b.userAgent());
        }
    }

    private final LocationService location;

    public RegistrationsEndpoint(LocationService location) {
        this.location = location;
    }

    @ReadOperation
    public Map<String, List<BindingView>> all() {
        long now = System.currentTimeMillis();
        Map<String, List<BindingView>> out = new LinkedHashMap<>();
        location.all().forEach((aor, list) -> out.put(aor, list.stream().map(b -> BindingView.of(b, now)).toList()));
        return out;
    }

    @ReadOperation
    public List<BindingView> aor(@Selector String aor) {
        long now = System.currentTimeMillis();
        return location.lookup(aor).stream().map(b -> BindingView.of(b, now)).toList();
    }

    @DeleteOperation
    public Map<String, Object> unregister(@Selector String aor) {
        return Map.of("aor", aor, "removed", location.remove(aor));
    }
}
