package org.parloir.pstn;

import java.util.ArrayList;
import java.util.List;
import org.parloir.core.E164;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.pstn.spi.GatewayTarget;
import org.parloir.pstn.spi.PstnAdapter;

/**
 * Every {@link PstnAdapter} behind one facade, in the order Spring gives them ({@code @Order} / {@code Ordered} on
 * a third party's adapter bean ranks it), plus the site's deny list.
 */
final class AdapterRoutes implements PstnRoutes {

    private final List<PstnAdapter> adapters;
    private final List<String> denyPrefixes;

    AdapterRoutes(List<PstnAdapter> adapters, List<String> denyPrefixes) {
        this.adapters = List.copyOf(adapters);
        this.denyPrefixes = List.copyOf(denyPrefixes);
    }

    @Override
    public boolean enabled() {
        return adapters.stream().anyMatch(PstnAdapter::configured);
    }

    @Override
    public boolean denied(E164 number) {
        return denyPrefixes.stream().anyMatch(number::startsWith);
    }

    /** Adapter order, then each adapter's own order; nothing for a denied number, whoever asks. */
    @Override
    public List<GatewayTarget> candidates(E164 number) {
        if (denied(number)) {
            return List.of();
        }
        List<GatewayTarget> out = new ArrayList<>();
        for (PstnAdapter a : adapters) {
            if (a.configured()) {
                out.addAll(a.candidates(number));
            }
        }
        return out;
    }

    @Override
    public void report(GatewayTarget target, AttemptOutcome outcome) {
        for (PstnAdapter a : adapters) {
            if (a.name().equals(target.adapter())) {
                a.report(target, outcome);
            }
        }
    }

    @Override
    public List<GatewayStatus> status() {
        List<GatewayStatus> out = new ArrayList<>();
        adapters.forEach(a -> out.addAll(a.status()));
        return out;
    }
}
