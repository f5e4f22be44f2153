package org.parloir.pstn.api;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;
import java.util.regex.Pattern;
import org.parloir.core.E164;

/**
 * Dialled strings and directory entries to E.164 (libphonenumber). A national number ({@code 0139635511}) needs the
 * region it was dialled in (ISO 3166 code, e.g. {@code FR}); {@code +} and {@code 00} forms need none. Pure and
 * thread-safe.
 */
public final class PhoneNumbers {

    /** What a user part must look like to be taken for a number at all: digits, +, and visual separators. */
    private static final Pattern DIALLABLE = Pattern.compile("\\+?[0-9][0-9 .()\\-]*");
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** Does this user part look like a telephone number rather than a name? */
    public static boolean looksLikeNumber(String userPart) {
        return userPart != null && DIALLABLE.matcher(userPart).matches();
    }

    /**
     * @param dialled a number as dialled or as written in a directory ({@code +33 1 39 63 55 11},
     *                {@code 01 39 63 55 11}, {@code 0033139635511})
     * @param region  ISO 3166 region of national numbers, or null / {@code ZZ} to accept international forms only
     * @return the E.164 form, or empty when it is not a valid number there
     */
    public static Optional<E164> normalise(String dialled, String region) {
        if (!looksLikeNumber(dialled)) {
            return Optional.empty();
        }
        String r = region == null || region.isBlank() ? "ZZ" : region.toUpperCase(java.util.Locale.ROOT);
        String s = dialled.strip();
        if ("ZZ".equals(r) && s.startsWith("00")) {
            s = "+" + s.substring(2); // the ITU international prefix, when no region says which one applies
        }
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(s, r);
            if (!UTIL.isValidNumber(n)) {
                return Optional.empty();
            }
            return Optional.of(new E164(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164)));
        } catch (NumberParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
