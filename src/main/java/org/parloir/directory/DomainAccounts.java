package org.parloir.directory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.parloir.core.DomainsProperties;
import org.parloir.core.DomainsProperties.AccountStore;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.DirectoryUser;
import org.parloir.directory.api.PasswordVerifier;
import org.parloir.directory.api.ScramCredentialSource;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.SipCredentials;
import org.parloir.directory.api.UserDirectory;

/**
 * The one bean behind every account SPI: sends each call to the store of the address's domain
 * ({@code parloir.domains[].accounts}), and answers for a domain we do not serve as for an unknown user (absent,
 * false, no SCRAM, {@link Outcome#NOT_ALLOWED}). A removed account's listeners are told before the removal is
 * answered ({@link RemovalListeners}).
 */
final class DomainAccounts implements UserDirectory, SipCredentialSource, PasswordVerifier, ScramCredentialSource,
        AccountRegistration, AccountRemoval {

    private final DomainsProperties domains;
    private final AccountBackend directory;
    private final AccountBackend local;
    private final RemovalListeners removals;

    DomainAccounts(DomainsProperties domains, AccountBackend directory, AccountBackend local,
                   RemovalListeners removals) {
        this.domains = domains;
        this.directory = directory;
        this.local = local;
        this.removals = removals;
    }

    private Optional<AccountBackend> backend(String domain) {
        return domains.find(domain).map(d -> d.accounts() == AccountStore.LOCAL ? local : directory);
    }

    private <T> CompletionStage<T> route(UserAddress address, Function<AccountBackend, CompletionStage<T>> call,
                                         T otherDomain) {
        return backend(address.domain()).map(call).orElseGet(() -> CompletableFuture.completedFuture(otherDomain));
    }

    @Override
    public CompletionStage<Optional<DirectoryUser>> findUser(UserAddress address) {
        return route(address, b -> b.findUser(address), Optional.empty());
    }

    @Override
    public CompletionStage<Optional<SipCredentials>> sipCredentials(UserAddress address) {
        return route(address, b -> b.sipCredentials(address), Optional.empty());
    }

    @Override
    public CompletionStage<Boolean> verifyPassword(UserAddress address, String password) {
        return route(address, b -> b.verifyPassword(address, password), false);
    }

    @Override
    public CompletionStage<Optional<ScramCredentials>> scramCredentials(UserAddress address,
                                                                         ScramCredentials.ScramAlgorithm algorithm) {
        return route(address, b -> b.scramCredentials(address, algorithm), Optional.empty());
    }

    @Override
    public boolean offersScram(String domain) {
        return backend(domain).map(b -> b.offersScram(domain)).orElse(false);
    }

    @Override
    public boolean writable(String domain) {
        return backend(domain).map(b -> b.writable(domain)).orElse(false);
    }

    @Override
    public CompletionStage<Outcome> register(UserAddress address, String password) {
        return route(address, b -> b.register(address, password), Outcome.NOT_ALLOWED);
    }

    @Override
    public CompletionStage<Boolean> changePassword(UserAddress address, String password) {
        return route(address, b -> b.changePassword(address, password), false);
    }

    @Override
    public boolean removable(String domain) {
        return backend(domain).map(b -> b.removable(domain)).orElse(false);
    }

    @Override
    public CompletionStage<Result> remove(UserAddress address) {
        return route(address, b -> b.remove(address), Result.NOT_ALLOWED).thenCompose(result -> result == Result.REMOVED
                ? removals.removed(address).thenApply(v -> result) : CompletableFuture.completedFuture(result));
    }
}
