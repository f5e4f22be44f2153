package org.parloir.directory.api;

import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;

/**
 * Checks a cleartext password (SASL PLAIN, XEP-0077 password change). Directory-backed domains bind to LDAP as the
 * user; local accounts compare against their stored salted keys. Same failure contract as {@link UserDirectory}:
 * an unreachable or overloaded store completes exceptionally with {@link DirectoryUnavailableException}, a wrong
 * password or unknown user completes with {@code false}.
 */
public interface PasswordVerifier {

    CompletionStage<Boolean> verifyPassword(UserAddress address, String password);
}
