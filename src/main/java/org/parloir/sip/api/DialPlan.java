package org.parloir.sip.api;

import java.util.Optional;
import org.parloir.core.E164;

/** What users of a domain mean by a dialled number: the domain's routing region decides national forms. */
public interface DialPlan {

    /**
     * @param dialled {@code +33139635511}, {@code 0033139635511} or, in the domain's region, {@code 0139635511}
     * @param domain  the caller's domain
     * @return the E.164 number, or empty when it is no valid number for users of that domain
     */
    Optional<E164> number(String dialled, String domain);
}
