package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parloir.core.E164;
import org.parloir.pstn.PstnProperties.PrefixRule;

class PrefixRulesTest {

    private final PrefixRules french = new PrefixRules(List.of(new PrefixRule("+33", "0"),
            new PrefixRule("+3", "999"), new PrefixRule("+49", "0")));

    @Test
    void matchingPrefixIsReplaced() {
        assertThat(french.dial(new E164("+33139635511"))).isEqualTo("0139635511");
    }

    @Test
    void noMatchIsTheInternationalForm() {
        assertThat(new PrefixRules(List.of()).dial(new E164("+493012345678"))).isEqualTo("00493012345678");
        assertThat(french.dial(new E164("+14155550100"))).isEqualTo("0014155550100");
    }

    @Test
    void firstMatchWins() {
        assertThat(french.dial(new E164("+34911234567"))).isEqualTo("9994911234567"); // +3 before +34 rules
        assertThat(french.dial(new E164("+493012345678"))).isEqualTo("03012345678"); // a rule, not the default
    }

    @Test
    void aCatchAllKeepsE164() {
        assertThat(new PrefixRules(List.of(new PrefixRule("+", "+"))).dial(new E164("+33139635511")))
                .isEqualTo("+33139635511");
    }
}
