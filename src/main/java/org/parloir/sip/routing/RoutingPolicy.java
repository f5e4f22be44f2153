package org.parloir.sip.routing;

import java.time.Duration;

/**
 * How calls for one domain are routed.
 *
 * @param region          ISO 3166 region of national numbers dialled by this domain's users and written in its
 *                        directory ({@code FR}: {@code 0139635511} is {@code +33139635511}); {@code ZZ} = none
 * @param mode            where a call to a person goes: their registered devices, their directory phone number,
 *                        or the devices first and the phone when they do not answer
 * @param noAnswerTimeout in {@link Mode#DEVICES_THEN_PHONE}, how long the devices ring before the phone is tried
 * @param hideNumbers     a caller reaching someone's phone through the directory never learns the number
 */
public record RoutingPolicy(String region, Mode mode, Duration noAnswerTimeout, boolean hideNumbers) {

    /** Where a call to a person of the directory goes. */
    public enum Mode {
        /** Registered devices only; a person without one is unavailable (480). */
        DEVICES,
        /** The directory phone number only, through the PSTN gateway (SIP.edu). */
        PHONE,
        /** Registered devices; the phone number when there is none, or when they do not answer in time. */
        DEVICES_THEN_PHONE
    }
}
