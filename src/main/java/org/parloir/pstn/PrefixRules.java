package org.parloir.pstn;

import java.util.List;
import org.parloir.core.E164;

/**
 * How one gateway wants numbers dialled: the first rule whose {@code match} begins the E.164 number replaces that
 * prefix ({@code +33} → {@code 0} turns {@code +33139635511} into {@code 0139635511}); when none matches, the
 * international form {@code 00} + digits. A last rule {@code + → +} keeps E.164 as it is.
 */
record PrefixRules(List<PstnProperties.PrefixRule> rules) {

    PrefixRules {
        rules = List.copyOf(rules);
    }

    String dial(E164 number) {
        for (PstnProperties.PrefixRule rule : rules) {
            if (number.startsWith(rule.match())) {
                return rule.replace() + number.value().substring(rule.match().length());
            }
        }
        return "00" + number.digits();
    }
}
