package org.parloir.directory;

import java.util.concurrent.CompletableFuture;
import org.parloir.directory.api.AccountRegistration;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.PasswordVerifier;
import org.parloir.directory.api.ScramCredentialSource;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.UserDirectory;

/**
 * One kind of account store behind {@link DomainAccounts} (the LDAP directory, local accounts), answering for the
 * domains routed to it and as "unknown" for any other. Consumers never see this: they inject the capabilities.
 */
interface AccountBackend extends UserDirectory, SipCredentialSource, PasswordVerifier, ScramCredentialSource,
        AccountRegistration, AccountRemoval {

    /**
     * Why a password cannot be stored, or null when it can: it must not be empty (PLAIN would refuse it, and an
     * LDAP simple bind with it is anonymous, RFC 4513 §5.1.2) and SASLprep must accept it (RFC 5802 §2.2).
     */
    static String unusablePassword(String password) {
        if (password == null || password.isEmpty()) {
            return "empty password";
        }
        return ScramKeys.acceptable(password) ? null : "password refused by SASLprep (RFC 4013)";
    }

    /** A stage failed with {@link IllegalArgumentException} when {@code password} cannot be stored, else null. */
    static <T> CompletableFuture<T> refuse(String password) {
        String why = unusablePassword(password);
        return why == null ? null : CompletableFuture.failedFuture(new IllegalArgumentException(why));
    }
}
