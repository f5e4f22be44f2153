package org.parloir.bridge.media;

/** Told about the legs of one relayed call; called on relay threads, so it hands work off rather than block. */
@FunctionalInterface
public interface LegListener {

    void onEvent(LegEvent event);
}
