package org.parloir.sip.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The SIP ↔ Jingle table: each row with the RFC 3261 §21 / XEP-0166 §7.4 text it rests on. */
class JingleSipTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | success                  | §21.2.1 the request has succeeded; XEP-0166 the normal course, no error
            202 | success                  | §8.1.3.2 an unknown 2xx is treated as 200
            300 | gone                     | §21.3 the user's new location; the bridge redirects nowhere
            302 | gone                     | §8.1.3.2 an unknown or unfollowed 3xx is treated as 300
            400 | general-error            | §21.4.1 malformed syntax; XEP-0166 a non-specific error
            401 | security-error           | §21.4.2 the request requires user authentication
            403 | security-error           | §21.4.4 authorization will not help
            404 | gone                     | §21.4.5 the user does not exist at the domain
            405 | general-error            | §8.1.3.2 treated as 400: the method, not the callee
            407 | security-error           | §21.4.8 the client must first authenticate itself with the proxy
            408 | timeout                  | §21.4.9 no final response within a suitable amount of time
            410 | gone                     | §21.4.10 existed once, no longer available here
            415 | unsupported-applications | §21.4.13 the message body is in a format not supported
            420 | general-error            | §8.1.3.2 treated as 400: our request's extensions
            480 | timeout                  | §21.4.18 contacted successfully but currently unavailable
            481 | gone                     | §21.4.19 no matching dialog or transaction: the far end lost the call
            482 | general-error            | §8.1.3.2 treated as 400: a routing loop is not the callee's answer
            484 | gone                     | §21.4.22 the Request-URI was incomplete
            485 | gone                     | §21.4.23 the Request-URI was ambiguous
            486 | busy                     | §21.4.24 not willing or able to take additional calls at this end system
            487 | cancel                   | §21.4.25 the request was terminated by a CANCEL
            488 | incompatible-parameters  | §21.4.26 the session description is not acceptable
            491 | general-error            | §8.1.3.2 treated as 400: a pending request of the dialog
            493 | security-error           | §21.4.28 an encrypted body that could not be decrypted
            499 | general-error            | §8.1.3.2 an unknown 4xx is treated as 400
            500 | general-error            | §21.5.1 an unexpected condition in the server
            501 | failed-application       | §21.5.2 the server does not support the functionality required
            502 | general-error            | §8.1.3.2 treated as 500: an invalid response downstream
            503 | general-error            | §8.1.3.2 treated as 500: temporarily overloaded or in maintenance
            504 | timeout                  | §21.5.5 no timely response from an external server
            599 | general-error            | §8.1.3.2 an unknown 5xx is treated as 500
            600 | busy                     | §21.6.1 busy at the time of the call, everywhere
            603 | decline                  | §21.6.2 the user explicitly does not wish to take part
            604 | gone                     | §21.6.3 the user does not exist anywhere
            606 | incompatible-parameters  | §21.6.4 some aspects of the session description are not acceptable
            699 | busy                     | §8.1.3.2 an unknown 6xx is treated as 600
            """)
    void aSipFinalStatusEndsTheJingleSessionWith(int status, String reason, String rfc) {
        assertThat(JingleSip.reason(status).element()).as(rfc).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            alternative-session      | 486 | -                       | prefers an existing session; §21.4.24
            busy                     | 486 | -                       | busy and cannot accept; §21.4.24
            cancel                   | 487 | -                       | the initiator cancels; §9.1, §21.4.25
            connectivity-error       | 480 | Media path failed       | connectivity problems; §21.4.18
            decline                  | 603 | -                       | formally decline; §21.6.2
            expired                  | 408 | -                       | past a time limit; §21.4.9
            failed-application       | 488 | -                       | cannot initialise the application; §21.4.26
            failed-transport         | 480 | Media path failed       | no connectivity for the transport; §21.4.18
            general-error            | 500 | Server Internal Error   | a non-specific error; §21.5.1
            gone                     | 480 | Temporarily Unavailable | going offline; §21.4.18, not §21.4.10 410
            incompatible-parameters  | 488 | -                       | parameters not supported; §21.4.26
            media-error              | 500 | Server Internal Error   | media processing problems; §21.5.1
            security-error           | 403 | Security error          | local security policies; §21.4.4
            success                  | 603 | -                       | no error, before accept: on purpose; §21.6.2
            timeout                  | 480 | No Answer               | not answered; §21.4.18, our ring timeout
            unsupported-applications | 488 | -                       | no application type supported; §21.4.26
            unsupported-transports   | 488 | -                       | no transport supported; §21.4.26
            """)
    void aJingleCalleeThatEndsTheSessionRefusesTheInviteWith(String reason, int status, String phrase, String why) {
        Refusal refusal = JingleSip.refusal(JingleReason.of(reason).orElseThrow());
        assertThat(refusal.status()).as(why).isEqualTo(status);
        // "-": the status's standard phrase (SipResponsesTest checks those)
        assertThat(refusal.phrase()).as(why).isEqualTo("-".equals(phrase) ? null : phrase);
    }

    @Test
    void everyJingleReasonHasARowAndARoundTripName() {
        Set<JingleReason> mapped = EnumSet.noneOf(JingleReason.class);
        for (JingleReason r : JingleReason.values()) {
            assertThat(JingleReason.of(r.element())).contains(r);
            assertThat(JingleSip.refusal(r)).isNotNull();
            mapped.add(r);
        }
        assertThat(mapped).hasSize(17); // XEP-0166 §7.4 defines seventeen conditions
        assertThat(JingleReason.of("no-such-condition")).isEmpty();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Refusal.BUSY, JingleReason.BUSY),
                Arguments.of(Refusal.DECLINED, JingleReason.DECLINE),
                Arguments.of(Refusal.NOT_FOUND, JingleReason.GONE),
                Arguments.of(Refusal.ADDRESS_INCOMPLETE, JingleReason.GONE),
                Arguments.of(Refusal.TEMPORARILY_UNAVAILABLE, JingleReason.TIMEOUT),
                Arguments.of(Refusal.REQUEST_TIMEOUT, JingleReason.TIMEOUT),
                Arguments.of(Refusal.REQUEST_TERMINATED, JingleReason.CANCEL),
                Arguments.of(new Refusal.UnsupportedMedia("no common codec"), JingleReason.INCOMPATIBLE_PARAMETERS),
                Arguments.of(new Refusal.Challenge(true, false), JingleReason.SECURITY_ERROR),
                Arguments.of(Refusal.FORBIDDEN, JingleReason.SECURITY_ERROR),
                Arguments.of(Refusal.AAA_UNAVAILABLE, JingleReason.GENERAL_ERROR),
                Arguments.of(Refusal.SERVER_ERROR, JingleReason.GENERAL_ERROR),
                Arguments.of(Refusal.LOOP_DETECTED, JingleReason.GENERAL_ERROR),
                Arguments.of(Refusal.relay(604), JingleReason.GONE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void aRefusalOfOursGoesThroughTheSameRows(Refusal refusal, JingleReason expected) {
        assertThat(JingleSip.reason(refusal)).isEqualTo(expected).isEqualTo(JingleSip.reason(refusal.status()));
    }

    @Test
    void aJingleRefusalMapsBackToTheReasonItCameFrom() {
        // the table is consistent both ways where SIP has a status of the same meaning
        Set<JingleReason> roundTrips = EnumSet.of(JingleReason.BUSY, JingleReason.CANCEL, JingleReason.DECLINE,
                JingleReason.INCOMPATIBLE_PARAMETERS, JingleReason.SECURITY_ERROR, JingleReason.GENERAL_ERROR,
                JingleReason.TIMEOUT);
        Set<JingleReason> back = roundTrips.stream().map(r -> JingleSip.reason(JingleSip.refusal(r)))
                .collect(Collectors.toSet());
        assertThat(back).isEqualTo(roundTrips);
    }

    @Test
    void onlyFinalStatusesHaveAReason() {
        assertThatThrownBy(() -> JingleSip.reason(180)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JingleSip.reason(700)).isInstanceOf(IllegalArgumentException.class);
    }
}
