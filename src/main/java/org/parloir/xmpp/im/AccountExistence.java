package org.parloir.xmpp.im;

import org.parloir.core.UserAddress;

/**
 * Whether an account of ours exists (RFC 6121 §8.5.1: stanzas to an unknown account get service-unavailable or
 * are ignored). Blocking: call from an account's serialised work. An unreachable directory counts as "exists", so
 * that nothing is thrown away while it is down.
 */
final class AccountExistence {

    private AccountExistence() {
    }

    static boolean exists(Im im, String account) {
        if (!im.registry().sessions(Im.bare(account)).isEmpty()) {
            return true;
        }
        try {
            return im.directory().findUser(UserAddress.parse(account)).toCompletableFuture().join().isPresent();
        } catch (RuntimeException e) {
            return true;
        }
    }
}
