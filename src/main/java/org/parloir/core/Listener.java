package org.parloir.core;

/**
 * One open listening socket as bound (a port of 0 resolved), for the start-up banner and the administrator.
 *
 * @param service   what answers there, e.g. {@code SIP}, {@code XMPP c2s}
 * @param transport {@code udp}, {@code tcp} or {@code tls}
 * @param address   the bound address as configured ({@code 0.0.0.0} for all)
 * @param note      a few words for people (e.g. {@code STARTTLS required}); empty for none
 */
public record Listener(String service, String transport, String address, int port, String note) {
}
