package org.parloir.directory.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;

/** Digest credentials of a user; same caching and failure contract as {@link UserDirectory}. */
public interface SipCredentialSource {

    CompletionStage<Optional<SipCredentials>> sipCredentials(UserAddress address);
}
