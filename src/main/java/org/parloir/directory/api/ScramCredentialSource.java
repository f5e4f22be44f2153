package org.parloir.directory.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;

/**
 * Salted SCRAM keys where the store holds them (local accounts). Empty when the user is unknown or the store holds
 * no key for that algorithm (then the mechanism is not offered or the exchange fails like a wrong password).
 */
public interface ScramCredentialSource {

    CompletionStage<Optional<ScramCredentials>> scramCredentials(UserAddress address,
                                                                  ScramCredentials.ScramAlgorithm algorithm);

    /** Whether users of this domain can have SCRAM keys at all (decides which mechanisms are advertised). */
    boolean offersScram(String domain);
}
