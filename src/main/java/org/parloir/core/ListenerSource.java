package org.parloir.core;

import java.util.List;

/** A context's open listening sockets, once it has started (empty before). */
@FunctionalInterface
public interface ListenerSource {

    List<Listener> listeners();
}
