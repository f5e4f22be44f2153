package org.parloir.xmpp.sasl;

import org.parloir.core.UserAddress;

/** RFC 6120 §6.3.8: an authorization identity may only name the account that authenticated. */
final class Authzid {

    private Authzid() {
    }

    static boolean acceptable(String authzid, UserAddress user) {
        return authzid == null || authzid.isEmpty() || authzid.equalsIgnoreCase(user.toString());
    }

    /**
     * The account a login names on this stream's domain: {@code alice} or {@code alice@example.org}; null when the
     * login is empty or names another domain.
     */
    static UserAddress account(String login, String domain) {
        if (login == null || login.isEmpty()) {
            return null;
        }
        int at = login.lastIndexOf('@');
        if (at >= 0) {
            if (!login.substring(at + 1).equalsIgnoreCase(domain) || at == 0) {
                return null;
            }
            login = login.substring(0, at);
        }
        if (login.indexOf('@') >= 0 || login.indexOf('/') >= 0) {
            return null;
        }
        return new UserAddress(login.toLowerCase(java.util.Locale.ROOT), domain);
    }
}
