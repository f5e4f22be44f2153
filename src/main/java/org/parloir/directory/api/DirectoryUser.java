package org.parloir.directory.api;

import org.parloir.core.UserAddress;

/**
 * A person in the directory, as the protocols need them.
 *
 * @param address         the person's address (mail), {@code local@domain}
 * @param uid             directory login (uid), used as the digest username
 * @param displayName     common name, for display
 * @param telephoneNumber the number in the directory as written there, or null
 */
public record DirectoryUser(UserAddress address, String uid, String displayName, String telephoneNumber) {
}
