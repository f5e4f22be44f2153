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
 * Call-detail records ({@code parloir.cdr}): taken into a bounded queue, written to the database in batches by one
 * writer thread, spooled to disk when the database fails or the queue is full, replayed from the spool later.
 *
 * @param queueSize      records waiting for the writer; beyond it they go straight to the spool
 * @param batchSize      records written in one transaction at most
 * @param flushInterval  how long the writer waits to fill a batch
 * @param spoolDir       folder of the spool files (one JSON line per record)
 * @param spoolFileSize  a spool file is closed and a new one started past this size
 * @param replayInterval how often spooled records are written back (also once at start-up)
 */
@Validated
@ConfigurationProperties("parloir.cdr")
public record CdrProperties(
        @Min(1) @DefaultValue("10000") int queueSize,
        @Min(1) @Max(10000) @DefaultValue("200") int batchSize,
        @NotNull @DurationMin(millis = 1) @DefaultValue("200ms") Duration flushInterval,
        @NotBlank @DefaultValue("data/cdr-spool") String spoolDir,
        @NotNull @DefaultValue("16MB") DataSize spoolFileSize,
        @NotNull @DurationMin(millis = 10) @DefaultValue("10s") Duration replayInterval) {
}
