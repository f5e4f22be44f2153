package org.parloir.bridge.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 4145 §4.1 offer/answer of {@code a=setup} with RFC 5763 §5's preference, and who is the DTLS client. */
class SetupRoleTest {

    @Test
    void theAnswerTable() {
        assertThat(SetupRole.ACTPASS.answerTo()).isEqualTo(SetupRole.ACTIVE);
        assertThat(SetupRole.ACTIVE.answerTo()).isEqualTo(SetupRole.PASSIVE);
        assertThat(SetupRole.PASSIVE.answerTo()).isEqualTo(SetupRole.ACTIVE);
    }

    @Test
    void anOffererOfActpassTakesTheOtherSideOfTheAnswer() {
        assertThat(SetupRole.ACTIVE.counterpart()).isEqualTo(SetupRole.PASSIVE);
        assertThat(SetupRole.PASSIVE.counterpart()).isEqualTo(SetupRole.ACTIVE);
        assertThatThrownBy(SetupRole.ACTPASS::counterpart).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void activeIsTheClient() {
        assertThat(SetupRole.ACTIVE.isDtlsClient()).isTrue();
        assertThat(SetupRole.PASSIVE.isDtlsClient()).isFalse();
        assertThatThrownBy(SetupRole.ACTPASS::isDtlsClient).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parsesTheAttributeValues() {
        assertThat(SetupRole.parse("ActPass")).isEqualTo(SetupRole.ACTPASS);
        assertThat(SetupRole.parse(" passive")).isEqualTo(SetupRole.PASSIVE);
        assertThat(SetupRole.ACTIVE.attribute()).isEqualTo("active");
        assertThatThrownBy(() -> SetupRole.parse("holdconn")).isInstanceOf(IllegalArgumentException.class);
    }
}
