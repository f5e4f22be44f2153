package org.parloir.directory;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.parloir.core.DomainsProperties;
import org.parloir.core.DomainsProperties.AccountStore;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.DirectoryUser;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.SipCredentials;

/**
 * Accounts of the domains configured with {@code accounts: local}, in the database. The uid (digest username) is
 * the local part as registered; passwords are kept only as SCRAM keys and digest HA1 values, so a cleartext
 * password (SASL PLAIN) is checked by deriving the StoredKey again (PBKDF2) unless {@link VerifiedPasswords}
 * knows it. Every database call and key derivation runs on the store's bounded executor.
 */
final class LocalAccountStore implements AccountBackend {

    private final AccountTable table;
    private final DomainsProperties domains;
    private final int iterations;
    private final BoundedCalls calls;
    private final VerifiedPasswords verified;
    private final SecureRandom random;
    private final LongSupplier clock;

    LocalAccountStore(AccountTable table, DomainsProperties domains, int iterations, BoundedCalls calls,
                      VerifiedPasswords verified, SecureRandom random, LongSupplier clock) {
        this.table = table;
        this.domains = domains;
        this.iterations = iterations;
        this.calls = calls;
        this.verified = verified;
        this.random = random;
        this.clock = clock;
    }

    private Optional<DomainsProperties.Domain> ours(String domain) {
        return domains.find(domain).filter(d -> d.accounts() == AccountStore.LOCAL);
    }

    /** Reads {@code address}'s row on the executor and maps it; empty for other domains and unknown users. */
    private <T> CompletionStage<Optional<T>> read(UserAddress address, Function<AccountTable.Row, T> mapping) {
        if (ours(address.domain()).isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return calls.supply("looking up " + address,
                () -> table.find(address.domain(), address.local()).map(mapping));
    }

    @Override
    public CompletionStage<Optional<DirectoryUser>> findUser(UserAddress address) {
        return read(address, row -> new DirectoryUser(stored(row), row.localPart(), row.displayName(),
                row.telephoneNumber()));
    }

    @Override
    public CompletionStage<Optional<SipCredentials>> sipCredentials(UserAddress address) {
        return read(address, row -> new SipCredentials(stored(row), row.localPart(), null,
                row.secrets().ha1().md5(), row.secrets().ha1().sha256()));
    }

    @Override
    public CompletionStage<Optional<ScramCredentials>> scramCredentials(UserAddress address,
                                                                         ScramCredentials.ScramAlgorithm algorithm) {
        return read(address, row -> row.secrets().forAlgorithm(algorithm))
                .thenApply(found -> found.filter(Objects::nonNull));
    }

    @Override
    public boolean offersScram(String domain) {
        return ours(domain).isPresent();
    }

    @Override
    public CompletionStage<Boolean> verifyPassword(UserAddress address, String password) {
        if (password == null || password.isEmpty() || ours(address.domain()).isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        return verified.verify(address, password, () -> calls.supply("checking the password of " + address,
                () -> table.find(address.domain(), address.local())
                        .map(row -> row.secrets().strongest())
                        .map(keys -> ScramKeys.matches(keys, password))
                        .orElse(false)));
    }

    @Override
    public boolean writable(String domain) {
        return ours(domain).isPresent();
    }

    @Override
    public CompletionStage<Outcome> register(UserAddress address, String password) {
        Optional<DomainsProperties.Domain> domain = ours(address.domain());
        if (domain.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.NOT_ALLOWED);
        }
        CompletableFuture<Outcome> refused = AccountBackend.refuse(password);
        if (refused != null) {
            return refused;
        }
        String realm = domain.get().realm();
        return calls.supply("registering " + address, () -> {
            AccountSecrets secrets = AccountSecrets.derive(address.local(), realm, password, iterations, random);
            AccountTable.Row row = new AccountTable.Row(address.domain(), address.local(), address.local(), null,
                    secrets);
            boolean created = table.insert(row, clock.getAsLong());
            verified.forget(address);
            return created ? Outcome.CREATED : Outcome.CONFLICT;
        });
    }

    @Override
    public CompletionStage<Boolean> changePassword(UserAddress address, String password) {
        Optional<DomainsProperties.Domain> domain = ours(address.domain());
        if (domain.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> refused = AccountBackend.refuse(password);
        if (refused != null) {
            return refused;
        }
        String realm = domain.get().realm();
        return calls.supply("changing the password of " + address, () -> {
            boolean changed = table.find(address.domain(), address.local())
                    // the digest username stays the local part as registered (its letter case included)
                    .map(row -> table.updateSecrets(address.domain(), address.local(), AccountSecrets.derive(
                            row.localPart(), realm, password, iterations, random)))
                    .orElse(false);
            // after the write, on this thread: a verification that read the old row cannot be remembered now
            verified.forget(address);
            return changed;
        });
    }

    @Override
    public boolean removable(String domain) {
        return ours(domain).isPresent();
    }

    @Override
    public CompletionStage<AccountRemoval.Result> remove(UserAddress address) {
        if (ours(address.domain()).isEmpty()) {
            return CompletableFuture.completedFuture(AccountRemoval.Result.NOT_ALLOWED);
        }
        return calls.supply("removing " + address, () -> {
            boolean removed = table.delete(address.domain(), address.local());
            verified.forget(address);
            return removed ? AccountRemoval.Result.REMOVED : AccountRemoval.Result.NOT_FOUND;
        });
    }

    private static UserAddress stored(AccountTable.Row row) {
        return new UserAddress(row.localPart(), row.domain());
    }
}
