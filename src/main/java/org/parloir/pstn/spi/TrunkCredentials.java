package org.parloir.pstn.spi;

/**
 * Account at an ITSP or gateway: answers its digest challenges on calls, and REGISTERs when {@code register} is on.
 *
 * @param username digest username
 * @param password digest password
 * @param domain   the account's domain (From and To of REGISTER, {@code sip:username@domain}); null = gateway host
 */
public record TrunkCredentials(String username, String password, String domain) {

    @Override
    public String toString() {
        return "TrunkCredentials[username=" + username + ", domain=" + domain + "]"; // never the password
    }
}
