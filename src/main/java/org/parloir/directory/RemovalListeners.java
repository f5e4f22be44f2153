package org.parloir.directory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.parloir.core.UserAddress;
import org.parloir.directory.spi.AccountRemovalListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contexts to tell of a removed account, looked up at each removal (they are wired after the directory, which
 * they depend on). Each is given its turn even when another fails; a failure is logged, never returned: the account
 * is deleted whatever a listener does.
 */
final class RemovalListeners {

    private static final Logger log = LoggerFactory.getLogger(RemovalListeners.class);

    private final Supplier<List<AccountRemovalListener>> listeners;

    RemovalListeners(Supplier<List<AccountRemovalListener>> listeners) {
        this.listeners = listeners;
    }

    /** Completes (never exceptionally) once every listener has finished with {@code address}. */
    CompletionStage<Void> removed(UserAddress address) {
        log.info("account {} removed", address);
        List<CompletableFuture<Void>> all = listeners.get().stream().map(l -> told(l, address)).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private static CompletableFuture<Void> told(AccountRemovalListener listener, UserAddress address) {
        CompletionStage<Void> stage;
        try {
            stage = listener.accountRemoved(address);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.toCompletableFuture().handle((v, e) -> {
            if (e != null) {
                log.warn("account {} removed, but {} could not forget its data: {}", address,
                        listener.getClass().getSimpleName(), e.toString());
            }
            return null;
        });
    }
}
