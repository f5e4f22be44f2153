package org.parloir.core;

import java.util.regex.Pattern;

/**
 * A telephone number in E.164 international form ({@code +} country code, subscriber number, at most 15 digits),
 * the one form numbers take inside Parloir; gateways rewrite it to what they dial.
 */
public record E164(String value) {

    private static final Pattern FORM = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public E164 {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not an E.164 number (+ and 2 to 15 digits): " + value);
        }
    }

    /** The digits without the {@code +}. */
    public String digits() {
        return value.substring(1);
    }

    public boolean startsWith(String prefix) {
        return value.startsWith(prefix);
    }

    @Override
    public String toString() {
        return value;
    }
}
