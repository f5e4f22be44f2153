package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.DirectoryUser;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.SipCredentials;
import org.parloir.directory.api.UserDirectory;

/**
 * What every directory backend must do, whatever stores the people. A backend's test implements
 * {@link #testee()} over a directory holding the seed of {@code config/ldap/directory.ldif} (domain example.org).
 */
public interface UserDirectoryContract {

    <T extends UserDirectory & SipCredentialSource> T testee();

    private Optional<DirectoryUser> user(String address) throws Exception {
        return testee().findUser(UserAddress.parse(address)).toCompletableFuture().get();
    }

    private Optional<SipCredentials> credentials(String address) throws Exception {
        return testee().sipCredentials(UserAddress.parse(address)).toCompletableFuture().get();
    }

    @Test
    default void findsAPersonByAddress() throws Exception {
        assertThat(user("carol.martin@example.org")).hasValueSatisfying(u -> {
            assertThat(u.uid()).isEqualTo("carol.martin");
            assertThat(u.displayName()).isEqualTo("Carol Martin");
            assertThat(u.telephoneNumber()).isEqualTo("+33 1 39 63 57 33");
        });
    }

    @Test
    default void unknownPeopleAndUnservedDomainsAreAbsent() throws Exception {
        assertThat(user("nobody@example.org")).isEmpty();
        assertThat(user("alice@elsewhere.net")).isEmpty();
    }

    @Test
    default void filterMetacharactersAreEscapedNotInterpreted() throws Exception {
        assertThat(user("*@example.org")).isEmpty();
        assertThat(user("a*)(mail=*@example.org")).isEmpty();
        assertThat(user("alice)(|(uid=*@example.org")).isEmpty();
    }

    @Test
    default void clearTextPasswordIsUsableForDigest() throws Exception {
        assertThat(credentials("bob@example.org")).hasValueSatisfying(c -> {
            assertThat(c.password()).isEqualTo("bob-secret");
            assertThat(c.ha1Md5()).isNull();
            assertThat(c.usable()).isTrue();
        });
    }

    @Test
    default void hashedPasswordIsNotOfferedButHa1Is() throws Exception {
        assertThat(credentials("alice@example.org")).hasValueSatisfying(c -> {
            assertThat(c.password()).isNull();
            assertThat(c.username()).isEqualTo("alice");
            assertThat(c.ha1Md5()).hasSize(32);
            assertThat(c.ha1Sha256()).hasSize(64);
        });
    }
}
