package org.parloir.xmpp.router;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.xmpp.api.XmppDevices;

/** {@link XmppDevices} from the bound sessions and the features their caps stand for. */
public final class RegisteredDevices implements XmppDevices {

    private final SessionRegistry registry;

    public RegisteredDevices(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<String> resourcesWith(String bareJid, Collection<String> features) {
        try {
            return registry.available(JidCreate.bareFrom(bareJid)).stream()
                    .filter(s -> s.presence().features().containsAll(features))
                    .sorted(Comparator.comparingInt((ClientSession s) -> s.presence().priority()).reversed())
                    .map(s -> s.jid().toString()).toList();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
