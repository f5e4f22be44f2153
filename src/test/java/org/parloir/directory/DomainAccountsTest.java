package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.parloir.core.DomainsProperties;
import org.parloir.core.DomainsProperties.AccountStore;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration.Outcome;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.DirectoryUser;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;
import org.parloir.directory.api.SipCredentials;

/** Each call goes to the store of the address's domain; a domain we do not serve reaches no store. */
class DomainAccountsTest {

    /** A store that answers "yes" to everything and records what it was asked. */
    static final class Recording implements AccountBackend {
        final List<String> calls = new ArrayList<>();

        private <T> CompletionStage<T> answer(String call, T value) {
            calls.add(call);
            return CompletableFuture.completedFuture(value);
        }

        @Override
        public CompletionStage<Optional<DirectoryUser>> findUser(UserAddress a) {
            return answer("findUser " + a, Optional.of(new DirectoryUser(a, a.local(), null, null)));
        }

        @Override
        public CompletionStage<Optional<SipCredentials>> sipCredentials(UserAddress a) {
            return answer("sipCredentials " + a, Optional.of(new SipCredentials(a, a.local(), "pw", null, null)));
        }

        @Override
        public CompletionStage<Boolean> verifyPassword(UserAddress a, String password) {
            return answer("verifyPassword " + a, true);
        }

        @Override
        public CompletionStage<Optional<ScramCredentials>> scramCredentials(UserAddress a, ScramAlgorithm algorithm) {
            return answer("scramCredentials " + a, Optional.of(new ScramCredentials(algorithm, new byte[16], 4096,
                    new byte[algorithm.keyLength()], new byte[algorithm.keyLength()])));
        }

        @Override
        public boolean offersScram(String domain) {
            calls.add("offersScram " + domain);
            return true;
        }

        @Override
        public boolean writable(String domain) {
            calls.add("writable " + domain);
            return true;
        }

        @Override
        public CompletionStage<Outcome> register(UserAddress a, String password) {
            return answer("register " + a, Outcome.CREATED);
        }

        @Override
        public CompletionStage<Boolean> changePassword(UserAddress a, String password) {
            return answer("changePassword " + a, true);
        }

        @Override
        public boolean removable(String domain) {
            calls.add("removable " + domain);
            return true;
        }

        @Override
        public CompletionStage<AccountRemoval.Result> remove(UserAddress a) {
            return answer("remove " + a, a.local().startsWith("ghost") ? AccountRemoval.Result.NOT_FOUND
                    : AccountRemoval.Result.REMOVED);
        }
    }

    /** What the listeners were told, in order; the second listener fails. */
    private final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Recording directory = new Recording();
    private final Recording local = new Recording();
    private final DomainAccounts accounts = new DomainAccounts(new DomainsProperties(List.of(
            new DomainsProperties.Domain("example.org", null, "ou=people,dc=example,dc=org"),
            new DomainsProperties.Domain("chat.example.org", null, null, AccountStore.LOCAL))),
            directory, local, new RemovalListeners(() -> List.of(
                    a -> {
                        told.add("first " + a);
                        return CompletableFuture.completedFuture(null);
                    },
                    a -> CompletableFuture.failedFuture(new IllegalStateException("database down")),
                    a -> {
                        told.add("third " + a);
                        return CompletableFuture.completedFuture(null);
                    })));

    private void everything(UserAddress a) throws Exception {
        accounts.findUser(a).toCompletableFuture().get();
        accounts.sipCredentials(a).toCompletableFuture().get();
        accounts.verifyPassword(a, "pw").toCompletableFuture().get();
        accounts.scramCredentials(a, ScramAlgorithm.SHA_256).toCompletableFuture().get();
        accounts.offersScram(a.domain());
        accounts.writable(a.domain());
        accounts.register(a, "pw").toCompletableFuture().get();
        accounts.changePassword(a, "pw").toCompletableFuture().get();
        accounts.removable(a.domain());
        accounts.remove(a).toCompletableFuture().get();
    }

    @Test
    void directoryDomainsGoToTheDirectory() throws Exception {
        everything(new UserAddress("alice", "example.org"));
        assertThat(directory.calls).hasSize(10).allMatch(c -> c.endsWith("example.org"));
        assertThat(local.calls).isEmpty();
    }

    @Test
    void localDomainsGoToTheLocalStoreWhateverTheCaseOfTheDomain() throws Exception {
        everything(new UserAddress("dave", "CHAT.Example.org"));
        assertThat(local.calls).hasSize(10).allMatch(c -> c.endsWith("chat.example.org"));
        assertThat(directory.calls).isEmpty();
    }

    @Test
    void otherDomainsAreUnknownUsersAndReachNoStore() throws Exception {
        UserAddress eve = new UserAddress("eve", "elsewhere.net");
        assertThat(accounts.findUser(eve).toCompletableFuture().get()).isEmpty();
        assertThat(accounts.sipCredentials(eve).toCompletableFuture().get()).isEmpty();
        assertThat(accounts.verifyPassword(eve, "pw").toCompletableFuture().get()).isFalse();
        assertThat(accounts.scramCredentials(eve, ScramAlgorithm.SHA_1).toCompletableFuture().get()).isEmpty();
        assertThat(accounts.offersScram("elsewhere.net")).isFalse();
        assertThat(accounts.writable("elsewhere.net")).isFalse();
        assertThat(accounts.register(eve, "pw").toCompletableFuture().get()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(accounts.changePassword(eve, "pw").toCompletableFuture().get()).isFalse();
        assertThat(accounts.removable("elsewhere.net")).isFalse();
        assertThat(accounts.remove(eve).toCompletableFuture().get()).isEqualTo(AccountRemoval.Result.NOT_ALLOWED);
        assertThat(told).isEmpty();
        assertThat(directory.calls).isEmpty();
        assertThat(local.calls).isEmpty();
    }

    @Test
    void aRemovedAccountIsToldToEveryListenerEvenWhenOneFails() throws Exception {
        UserAddress alice = new UserAddress("alice", "example.org");
        assertThat(accounts.remove(alice).toCompletableFuture().get()).isEqualTo(AccountRemoval.Result.REMOVED);
        assertThat(told).containsExactly("first alice@example.org", "third alice@example.org");
    }

    @Test
    void anAccountThatWasNotThereIsToldToNobody() throws Exception {
        assertThat(accounts.remove(new UserAddress("ghost", "chat.example.org")).toCompletableFuture().get())
                .isEqualTo(AccountRemoval.Result.NOT_FOUND);
        assertThat(told).isEmpty();
    }
}
