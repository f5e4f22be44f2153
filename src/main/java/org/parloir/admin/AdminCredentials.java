package org.parloir.admin;

/**
 * The administrator of the management endpoints, as configured ({@code parloir.admin.*}) or with a password drawn
 * at this start ({@code generated}).
 */
record AdminCredentials(String username, String password, boolean generated) {

    /** The banner's line: the password itself only when it was generated (the site's own is never printed). */
    String bannerLine() {
        return generated
                ? username + " / " + password + "  (generated for this run: set parloir.admin.password)"
                : username + "  (password from parloir.admin.password)";
    }

    @Override
    public String toString() {
        return "AdminCredentials[" + username + "]";
    }
}
