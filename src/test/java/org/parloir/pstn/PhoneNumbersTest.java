package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parloir.core.E164;
import org.parloir.pstn.api.PhoneNumbers;

class PhoneNumbersTest {

    @Test
    void directoryFormsBecomeE164() {
        assertThat(PhoneNumbers.normalise("+33 1 39 63 55 11", "FR")).contains(new E164("+33139635511"));
        assertThat(PhoneNumbers.normalise("+33 1 39 63 55 11", "ZZ")).contains(new E164("+33139635511"));
        assertThat(PhoneNumbers.normalise("01.39.63.55.11", "FR")).contains(new E164("+33139635511"));
        assertThat(PhoneNumbers.normalise("(0)1-39-63-55-11", "FR")).isEmpty(); // not a dialable form
    }

    @Test
    void nationalNumbersNeedTheirRegion() {
        assertThat(PhoneNumbers.normalise("0139635511", "FR")).contains(new E164("+33139635511"));
        assertThat(PhoneNumbers.normalise("0139635511", "ZZ")).isEmpty();
        assertThat(PhoneNumbers.normalise("0139635511", null)).isEmpty();
        assertThat(PhoneNumbers.normalise("030 1234567", "DE")).contains(new E164("+49301234567"));
    }

    @Test
    void internationalPrefixes() {
        assertThat(PhoneNumbers.normalise("0033139635511", "FR")).contains(new E164("+33139635511"));
        assertThat(PhoneNumbers.normalise("0033139635511", "ZZ")).contains(new E164("+33139635511"));
        assertThat(PhoneNumbers.normalise("011 33 1 39 63 55 11", "US")).contains(new E164("+33139635511"));
    }

    @Test
    void namesAndInvalidNumbersAreNotNumbers() {
        assertThat(PhoneNumbers.looksLikeNumber("alice")).isFalse();
        assertThat(PhoneNumbers.looksLikeNumber("first.last")).isFalse();
        assertThat(PhoneNumbers.looksLikeNumber("0123456789")).isTrue();
        assertThat(PhoneNumbers.looksLikeNumber("+33123456789")).isTrue();
        assertThat(PhoneNumbers.normalise("alice", "FR")).isEmpty();
        assertThat(PhoneNumbers.normalise("12", "FR")).isEmpty();
        assertThat(PhoneNumbers.normalise("+999999999999999999", "ZZ")).isEmpty();
    }
}
