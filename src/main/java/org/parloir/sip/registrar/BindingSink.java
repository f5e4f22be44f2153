package org.parloir.sip.registrar;

import java.util.Collection;

/** What {@link BindingWriter} needs of the database; {@link BindingStore} in production, a fake in tests. */
interface BindingSink {

    /** Applies the changes in one transaction; returns only once it has committed, throws if it has not. */
    void write(Collection<Binding> upserts, Collection<BindingStore.Key> deletes);

    int deleteExpired(long nowMillis);
}
