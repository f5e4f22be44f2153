package org.parloir.sip.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;
import org.junit.jupiter.api.Test;

class SessionIntervalTest {

    private final HeaderFactory headers = headers();

    private static HeaderFactory headers() {
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            return f.createHeaderFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsIntervalAndRefresher() throws Exception {
        assertThat(SessionTimers.Interval.of(headers.createHeader("Session-Expires", "1800;refresher=uas")))
                .contains(new SessionTimers.Interval(1800, "uas"));
        assertThat(SessionTimers.Interval.of(headers.createHeader("Session-Expires", "90")))
                .contains(new SessionTimers.Interval(90, null));
        assertThat(SessionTimers.Interval.of(headers.createHeader("Min-SE", "120")))
                .contains(new SessionTimers.Interval(120, null));
    }

    @Test
    void ignoresNonsense() throws Exception {
        assertThat(SessionTimers.Interval.of(null)).isEmpty();
        assertThat(SessionTimers.Interval.of(headers.createHeader("Min-SE", "0"))).isEmpty();
    }
}
