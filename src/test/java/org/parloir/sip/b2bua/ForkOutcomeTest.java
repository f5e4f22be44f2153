package org.parloir.sip.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parloir.sip.api.Refusal;

/** What the caller gets when both kinds of a person's devices gave up ({@link B2buaCall#chosen}). */
class ForkOutcomeTest {

    private static final Refusal DECLINE = Refusal.relay(603);
    private static final Refusal BUSY = Refusal.relay(486);
    private static final Refusal NOT_FOUND = Refusal.relay(404);

    @Test
    void aDeclineSaysMostThenABusyThenAnyAnswerThenNotThere() {
        assertThat(B2buaCall.chosen(BUSY, DECLINE)).isSameAs(DECLINE);
        assertThat(B2buaCall.chosen(DECLINE, BUSY)).isSameAs(DECLINE);
        assertThat(B2buaCall.chosen(Refusal.TEMPORARILY_UNAVAILABLE, BUSY)).isSameAs(BUSY);
        assertThat(B2buaCall.chosen(NOT_FOUND, Refusal.TEMPORARILY_UNAVAILABLE)).isSameAs(NOT_FOUND);
        assertThat(B2buaCall.chosen(Refusal.REQUEST_TIMEOUT, Refusal.TEMPORARILY_UNAVAILABLE))
                .as("480 before 408: a device went away rather than the network").isSameAs(Refusal.TEMPORARILY_UNAVAILABLE);
        assertThat(B2buaCall.chosen(Refusal.relay(503), Refusal.REQUEST_TIMEOUT)).isSameAs(Refusal.REQUEST_TIMEOUT);
    }

    @Test
    void aSideThatWasNotRungDoesNotCount() {
        assertThat(B2buaCall.chosen(BUSY, null)).isSameAs(BUSY);
        assertThat(B2buaCall.chosen(null, DECLINE)).isSameAs(DECLINE);
        assertThat(B2buaCall.chosen(null, null)).isNull();
    }
}
