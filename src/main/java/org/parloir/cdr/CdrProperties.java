package org.parloir.cdr;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Call-detail records ({@code parloir.cdr}): appended to the fsync'd spool (the journal, many records per fsync),
 * then taken into a bounded queue and written to the database in batches by one writer thread; left in the spool when
 * the database fails or the queue is full, replayed from it later and at start-up.
 *
 * @param queueSize      records waiting for the writer; beyond it they stay in the spool for a replay
 * @param batchSize      records written in one transaction at most
 * @param flushInterval  how long the writer waits to fill a batch
 * @param spoolDir       folder of the spool files (one JSON line per record)
 * @param spoolFileSize  a spool file is closed and a new one started past this size
 * @param replayInterval how often spooled records are written back (also once at start-up)
 * @param journalQueueSize records waiting to be journaled; beyond it a caller journals its record itself (one fsync
 *                       on its own thread), so the queue never grows past it and no record is refused
 */
@Validated
@ConfigurationProperties("parloir.cdr")
public record CdrProperties(
        @Min(1) @DefaultValue("10000") int queueSize,
        @Min(1) @Max(10000) @DefaultValue("200") int batchSize,
        @NotNull @DurationMin(millis = 1) @DefaultValue("200ms") Duration flushInterval,
        @NotBlank @DefaultValue("data/cdr-spool") String spoolDir,
        @NotNull @DefaultValue("16MB") DataSize spoolFileSize,
        @NotNull @DurationMin(millis = 10) @DefaultValue("10s") Duration replayInterval,
        @Min(1) @DefaultValue("10000") int journalQueueSize) {
}
