package org.parloir.directory.api;

import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;

/**
 * Creates accounts (XEP-0077 in-band registration). Only writable stores can: local accounts and the embedded
 * directory; an external directory is read-only and answers {@link Outcome#NOT_ALLOWED}.
 */
public interface AccountRegistration {

    enum Outcome { CREATED, CONFLICT, NOT_ALLOWED }

    /** Whether this domain's store accepts new accounts. */
    boolean writable(String domain);

    /**
     * Creates {@code address} with {@code password}: stores only salted/hashed forms (SCRAM keys, digest HA1 for the
     * domain's realm, a salted LDAP password). Fails with {@link DirectoryUnavailableException} like lookups, and
     * with {@link IllegalArgumentException} when the password cannot be stored (empty, or refused by SASLprep,
     * RFC 4013: control characters and other prohibited code points); callers should check that first.
     */
    CompletionStage<Outcome> register(UserAddress address, String password);

    /**
     * Changes the password of an existing account (XEP-0077 §3.3); false when unknown or not writable. Fails like
     * {@link #register} for a password that cannot be stored.
     */
    CompletionStage<Boolean> changePassword(UserAddress address, String password);
}
