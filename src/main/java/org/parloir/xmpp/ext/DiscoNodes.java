package org.parloir.xmpp.ext;

import java.util.List;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.Element;

/** Disco nodes of the server (XEP-0030 §3.2, §4.2) that a handler serves, such as its ad-hoc commands. */
public interface DiscoNodes {

    /** The items of {@code node} as {@code request}'s sender may see them, or null when the node is not ours. */
    List<Element> items(IqRequest request, String node);

    /** The identities and features of {@code node}, or null when the node is not ours. */
    List<Element> info(IqRequest request, String node);

    DiscoNodes NONE = new DiscoNodes() {
        @Override
        public List<Element> items(IqRequest request, String node) {
            return null;
        }

        @Override
        public List<Element> info(IqRequest request, String node) {
            return null;
        }
    };
}
