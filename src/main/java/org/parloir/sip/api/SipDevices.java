package org.parloir.sip.api;

import java.util.function.Consumer;

/** A person's registered SIP devices as other contexts need them (issue 11: one person, one address). */
public interface SipDevices {

    /** @param aor {@code bob@example.org}: has it at least one registered contact now? */
    boolean registered(String aor);

    /**
     * {@code listener} hears of each AOR that gets its first registered contact or loses its last one, on SIP
     * threads; it never blocks.
     */
    void onChange(Consumer<String> listener);
}
