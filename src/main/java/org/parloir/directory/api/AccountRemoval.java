package org.parloir.directory.api;

import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;

/**
 * Deletes accounts (administration, XEP-0077 §3.2 cancellation of a registration). Only the stores Parloir writes can:
 * local accounts and the embedded directory; an external directory is read-only and answers
 * {@link Result#NOT_ALLOWED}. Once an account is gone every
 * {@link org.parloir.directory.spi.AccountRemovalListener} is told, and the answer waits for them: what the
 * protocols kept for the user (roster, offline messages, registrations) is gone when it completes.
 */
public interface AccountRemoval {

    enum Result { REMOVED, NOT_FOUND, NOT_ALLOWED }

    /** Whether accounts of this domain can be deleted here. */
    boolean removable(String domain);

    /**
     * Deletes {@code address}; fails with {@link DirectoryUnavailableException} like lookups. A store that cannot
     * make the deletion durable fails and keeps the account.
     */
    CompletionStage<Result> remove(UserAddress address);
}
