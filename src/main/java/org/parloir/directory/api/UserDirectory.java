package org.parloir.directory.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;

/**
 * Looks people up by address. Answers come from a short-lived cache when they can; a miss goes to the directory on
 * a bounded executor with a timeout, so callers on protocol threads never block. A full executor or a timeout
 * completes the stage exceptionally with {@link DirectoryUnavailableException}.
 */
public interface UserDirectory {

    CompletionStage<Optional<DirectoryUser>> findUser(UserAddress address);
}
