package org.parloir.sip.b2bua;

import java.util.function.Consumer;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import org.parloir.sip.ClientTransactionCallback;

/** A {@link ClientTransactionCallback} from two lambdas. */
record Callbacks(Consumer<ResponseEvent> responses, Consumer<TimeoutEvent> timeouts)
        implements ClientTransactionCallback {

    @Override
    public void onResponse(ResponseEvent event) {
        responses.accept(event);
    }

    @Override
    public void onTimeout(TimeoutEvent event) {
        timeouts.accept(event);
    }
}
