package org.parloir.directory.spi;

import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;

/**
 * A context that keeps data about accounts (XMPP rosters and offline messages, SIP registrations) and forgets it
 * when an account is deleted. Called on a directory thread after the account is gone from its store, so a login
 * can no longer succeed; the stage completes when the data is gone. A failure is logged: the account stays
 * deleted.
 */
public interface AccountRemovalListener {

    CompletionStage<Void> accountRemoved(UserAddress address);
}
