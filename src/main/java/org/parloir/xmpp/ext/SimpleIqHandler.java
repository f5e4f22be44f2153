package org.parloir.xmpp.ext;

import java.util.List;
import java.util.function.Function;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.Element;

/** An IQ handler declared by its payload, scope and a function: for the small XEPs. */
record SimpleIqHandler(String element, String namespace, Scope scope, List<String> features,
                       Function<IqRequest, Element> body) implements IqHandler {

    @Override
    public Element handle(IqRequest request) {
        return body.apply(request);
    }
}
