package org.parloir.cdr.api;

import java.util.concurrent.CompletionStage;

/**
 * Takes call-detail records. {@link #record} does not wait for the database: records are written to it
 * asynchronously in batches; when it is unavailable they stay spooled on disk and are replayed once it is back, so
 * none is lost.
 */
public interface CdrRecorder {

    /**
     * Takes a record; it is durable (appended to the fsync'd journal on disk, replayed after a crash) when the stage
     * completes. An answer that means "done" for the call it describes (the 200 to the BYE that ends it) is sent on
     * completion. The stage completes exceptionally when the record could not be made durable (disk full): it is
     * still written to the database from memory, and the answer should still be sent.
     * <p>The stage completes on the recorder's journal thread, which makes the next records durable: keep
     * continuations short (send a response; no blocking I/O, no waiting). This method returns at once, except when
     * the journal queue is full: then it journals the record itself, which costs the caller one fsync.
     */
    CompletionStage<Void> record(CallDetail detail);
}
