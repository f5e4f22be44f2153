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
     * domain's realm, a salted LDAP password). Fails with {@link DirectoryUnavailableException} like lookups.
     */
    CompletionStage<Outcome> register(UserAddress address, String password);

    /** Changes the password of an existing account (XEP-0077 §3.3); false when unknown or not writable. */
    CompletionStage<Boolean> changePassword(UserAddress address, String password);
}
