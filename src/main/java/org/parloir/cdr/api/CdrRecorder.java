package org.parloir.cdr.api;

/**
 * Takes call-detail records. {@link #record} returns at once: records are written asynchronously in batches; when
 * the database is unavailable they are spooled to disk and replayed once it is back, so none is lost.
 */
public interface CdrRecorder {

    void record(CallDetail detail);
}
