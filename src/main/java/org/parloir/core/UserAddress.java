package org.parloir.core;

import java.util.Locale;
import java.util.Objects;

/**
 * One person's address, {@code local@domain}: their SIP AOR {@code sip:local@domain} and their bare JID.
 * The domain is kept lower-case (DNS names are case-insensitive); the local part is kept as given.
 */
public record UserAddress(String local, String domain) {

    public UserAddress {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(domain, "domain");
        if (local.isEmpty() || domain.isEmpty()) {
            throw new IllegalArgumentException("empty local part or domain");
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code local@domain}; the last '@' separates the domain. */
    public static UserAddress parse(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("not an address of the form local@domain: " + address);
        }
        return new UserAddress(address.substring(0, at), address.substring(at + 1));
    }

    public String sipAor() {
        return "sip:" + local + "@" + domain;
    }

    @Override
    public String toString() {
        return local + "@" + domain;
    }
}
