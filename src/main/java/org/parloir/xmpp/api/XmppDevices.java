package org.parloir.xmpp.api;

import java.util.Collection;
import java.util.List;

/** A user's XMPP devices as other contexts need them: which online resources can do what (XEP-0115 caps). */
public interface XmppDevices {

    /**
     * @param bareJid  {@code bob@example.org}
     * @param features disco#info features every returned resource advertises, e.g. Jingle RTP audio
     * @return the full JIDs of the account's available resources that advertise all of them, highest priority first
     */
    List<String> resourcesWith(String bareJid, Collection<String> features);
}
