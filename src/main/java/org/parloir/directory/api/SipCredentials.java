package org.parloir.directory.api;

import org.parloir.core.UserAddress;

/**
 * What SIP digest authentication can use for one user (RFC 3261 §22, RFC 8760). A directory that stores only
 * salted password hashes cannot serve digest: it stores precomputed HA1 values instead, see docs/credentials.md.
 *
 * @param address   the user's address
 * @param username  the digest username the HA1 values were computed with
 * @param password  the cleartext password when the directory holds one (no {@code {SCHEME}} prefix), else null
 * @param ha1Md5    hex MD5(username:realm:password) from the directory, else null
 * @param ha1Sha256 hex SHA-256(username:realm:password) from the directory, else null
 */
public record SipCredentials(UserAddress address, String username, String password, String ha1Md5, String ha1Sha256) {

    public boolean usable() {
        return password != null || ha1Md5 != null || ha1Sha256 != null;
    }

    @Override
    public String toString() {
        return "SipCredentials[" + address + ", password=" + (password != null) + ", ha1Md5=" + (ha1Md5 != null)
                + ", ha1Sha256=" + (ha1Sha256 != null) + "]";
    }
}
