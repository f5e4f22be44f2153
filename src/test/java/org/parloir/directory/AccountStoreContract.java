package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration;
import org.parloir.directory.api.AccountRegistration.Outcome;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.PasswordVerifier;
import org.parloir.directory.api.ScramCredentialSource;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.SipCredentials;
import org.parloir.directory.api.UserDirectory;

/**
 * What every writable account store must do (registration, password checks, SCRAM keys, digest HA1). A backend's
 * test implements {@link #accounts()} over a store that serves {@link #domain()} (digest realm {@link #realm()})
 * and no other domain. Expected values are computed here with the JDK alone, not with the store's code.
 */
public interface AccountStoreContract {

    AtomicInteger NAMES = new AtomicInteger();

    <T extends UserDirectory & SipCredentialSource & PasswordVerifier & ScramCredentialSource & AccountRegistration
            & AccountRemoval> T accounts();

    String domain();

    String realm();

    private UserAddress fresh(String name) {
        return new UserAddress(name + NAMES.incrementAndGet(), domain());
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Outcome register(UserAddress address, String password) throws Exception {
        return get(accounts().register(address, password));
    }

    private boolean verify(UserAddress address, String password) throws Exception {
        return get(accounts().verifyPassword(address, password));
    }

    @Test
    default void aRegisteredAccountVerifiesItsPasswordAndNoOther() throws Exception {
        UserAddress dave = fresh("dave");
        assertThat(accounts().writable(domain())).isTrue();
        assertThat(register(dave, "correct horse")).isEqualTo(Outcome.CREATED);
        assertThat(verify(dave, "correct horse")).isTrue();
        assertThat(verify(dave, "correct horse ")).isFalse();
        assertThat(verify(dave, "Correct horse")).isFalse();
        assertThat(get(accounts().findUser(dave))).hasValueSatisfying(u -> {
            assertThat(u.uid()).isEqualTo(dave.local());
            assertThat(u.address()).isEqualTo(dave);
        });
    }

    @Test
    default void anEmptyPasswordIsNeverAccepted() throws Exception {
        UserAddress erin = fresh("erin");
        assertThatThrownBy(() -> register(erin, "")).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(register(erin, "erin-secret")).isEqualTo(Outcome.CREATED);
        // an LDAP simple bind with an empty password is anonymous and would "succeed"
        assertThat(verify(erin, "")).isFalse();
        assertThat(verify(erin, null)).isFalse();
    }

    @Test
    default void aSecondRegistrationConflictsWhateverTheLetterCase() throws Exception {
        UserAddress frank = fresh("frank");
        assertThat(register(frank, "first")).isEqualTo(Outcome.CREATED);
        assertThat(register(frank, "second")).isEqualTo(Outcome.CONFLICT);
        UserAddress upper = new UserAddress(frank.local().toUpperCase(java.util.Locale.ROOT), domain());
        assertThat(register(upper, "third")).isEqualTo(Outcome.CONFLICT);
        assertThat(verify(frank, "first")).isTrue();
        assertThat(verify(frank, "second")).isFalse();
    }

    @Test
    default void ofConcurrentRegistrationsExactlyOneCreates() throws Exception {
        UserAddress gina = fresh("gina");
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String password = "password-" + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return register(gina, password);
                }));
            }
            start.countDown();
            List<Outcome> results = new ArrayList<>();
            int winner = -1;
            for (int i = 0; i < racers; i++) {
                results.add(outcomes.get(i).get(20, TimeUnit.SECONDS));
                if (results.get(i) == Outcome.CREATED) {
                    winner = i;
                }
            }
            assertThat(results).containsOnlyOnce(Outcome.CREATED).containsOnly(Outcome.CREATED, Outcome.CONFLICT);
            assertThat(verify(gina, "password-" + winner)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void scramKeysDeriveFromThePasswordWhenTheStoreOffersScram() throws Exception {
        UserAddress hugo = fresh("hugo");
        assertThat(register(hugo, "pencil-42")).isEqualTo(Outcome.CREATED);
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            var keys = get(accounts().scramCredentials(hugo, algorithm));
            if (!accounts().offersScram(domain())) {
                assertThat(keys).isEmpty();
                continue;
            }
            assertThat(keys).hasValueSatisfying(k -> {
                assertThat(k.algorithm()).isEqualTo(algorithm);
                assertThat(k.iterations()).isGreaterThanOrEqualTo(4096);
                assertThat(k.salt()).hasSizeGreaterThanOrEqualTo(16);
                byte[] salted = pbkdf2(algorithm, "pencil-42", k.salt(), k.iterations());
                assertThat(k.storedKey()).isEqualTo(digest(algorithm, hmac(algorithm, salted, "Client Key")));
                assertThat(k.serverKey()).isEqualTo(hmac(algorithm, salted, "Server Key"));
            });
        }
    }

    @Test
    default void saltsAreRandomPerAccount() throws Exception {
        UserAddress a = fresh("ida");
        UserAddress b = fresh("ida");
        register(a, "same");
        register(b, "same");
        if (!accounts().offersScram(domain())) {
            // a store without SCRAM keys must say so for every account, not hand out empty keys
            assertThat(get(accounts().scramCredentials(a, ScramAlgorithm.SHA_256))).isEmpty();
            return;
        }
        ScramCredentials ka = get(accounts().scramCredentials(a, ScramAlgorithm.SHA_256)).orElseThrow();
        ScramCredentials kb = get(accounts().scramCredentials(b, ScramAlgorithm.SHA_256)).orElseThrow();
        assertThat(ka.salt()).isNotEqualTo(kb.salt());
        assertThat(ka.storedKey()).isNotEqualTo(kb.storedKey());
    }

    @Test
    default void digestHa1IsTheHashOfLocalPartRealmAndPassword() throws Exception {
        UserAddress jane = fresh("jane");
        assertThat(register(jane, "jane-secret")).isEqualTo(Outcome.CREATED);
        SipCredentials creds = get(accounts().sipCredentials(jane)).orElseThrow();
        String a1 = jane.local() + ":" + realm() + ":jane-secret";
        assertThat(creds.username()).isEqualTo(jane.local());
        assertThat(creds.password()).isNull();
        assertThat(creds.ha1Md5()).isEqualTo(hex("MD5", a1));
        assertThat(creds.ha1Sha256()).isEqualTo(hex("SHA-256", a1));
    }

    @Test
    default void aChangedPasswordReplacesTheOldOne() throws Exception {
        UserAddress karl = fresh("karl");
        assertThat(register(karl, "old-secret")).isEqualTo(Outcome.CREATED);
        // verified once: a store that remembers verified passwords must forget this one on change
        assertThat(verify(karl, "old-secret")).isTrue();
        assertThat(get(accounts().changePassword(karl, "new-secret"))).isTrue();
        assertThat(verify(karl, "old-secret")).isFalse();
        assertThat(verify(karl, "new-secret")).isTrue();
        assertThat(get(accounts().sipCredentials(karl))).hasValueSatisfying(c -> assertThat(c.ha1Md5())
                .isEqualTo(hex("MD5", karl.local() + ":" + realm() + ":new-secret")));
    }

    @Test
    default void unknownUsersHaveNothing() throws Exception {
        UserAddress nobody = fresh("nobody");
        assertThat(verify(nobody, "anything")).isFalse();
        assertThat(get(accounts().findUser(nobody))).isEmpty();
        assertThat(get(accounts().sipCredentials(nobody))).isEmpty();
        assertThat(get(accounts().scramCredentials(nobody, ScramAlgorithm.SHA_256))).isEmpty();
        assertThat(get(accounts().changePassword(nobody, "whatever"))).isFalse();
    }

    @Test
    default void otherDomainsAreNotServed() throws Exception {
        UserAddress stranger = new UserAddress("lena", "elsewhere.invalid");
        assertThat(accounts().writable("elsewhere.invalid")).isFalse();
        assertThat(accounts().offersScram("elsewhere.invalid")).isFalse();
        assertThat(register(stranger, "lena-secret")).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(verify(stranger, "lena-secret")).isFalse();
        assertThat(get(accounts().changePassword(stranger, "x"))).isFalse();
    }

    // --- expected values, computed with the JDK only (RFC 5802 §3, RFC 2898 PBKDF2, RFC 2617 §3.2.2.2)

    private static byte[] pbkdf2(ScramAlgorithm algorithm, String password, byte[] salt, int iterations) {
        String prf = algorithm == ScramAlgorithm.SHA_1 ? "PBKDF2WithHmacSHA1" : "PBKDF2WithHmacSHA256";
        try {
            return SecretKeyFactory.getInstance(prf).generateSecret(new PBEKeySpec(password.toCharArray(), salt,
                    iterations, algorithm.keyLength() * 8)).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(ScramAlgorithm algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm.hmac());
            mac.init(new SecretKeySpec(key, algorithm.hmac()));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(ScramAlgorithm algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.digest()).digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(String algorithm, String data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    default void aRemovedAccountIsGoneAndItsNameFreeAgain() throws Exception {
        UserAddress ivan = fresh("ivan");
        assertThat(register(ivan, "ivan-secret")).isEqualTo(Outcome.CREATED);
        assertThat(verify(ivan, "ivan-secret")).isTrue();
        assertThat(accounts().removable(domain())).isTrue();
        UserAddress upper = new UserAddress(ivan.local().toUpperCase(java.util.Locale.ROOT), domain());
        assertThat(get(accounts().remove(upper))).isEqualTo(AccountRemoval.Result.REMOVED);
        // the password remembered from the verification above must not outlive the account
        assertThat(verify(ivan, "ivan-secret")).isFalse();
        assertThat(get(accounts().findUser(ivan))).isEmpty();
        assertThat(get(accounts().sipCredentials(ivan))).isEmpty();
        assertThat(get(accounts().remove(ivan))).isEqualTo(AccountRemoval.Result.NOT_FOUND);
        assertThat(register(ivan, "another")).isEqualTo(Outcome.CREATED);
        assertThat(verify(ivan, "another")).isTrue();
    }

    @Test
    default void otherDomainsCannotBeRemovedFrom() throws Exception {
        assertThat(accounts().removable("elsewhere.invalid")).isFalse();
        assertThat(get(accounts().remove(new UserAddress("x", "elsewhere.invalid"))))
                .isEqualTo(AccountRemoval.Result.NOT_ALLOWED);
    }
}
