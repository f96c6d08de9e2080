package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One batch of a batchable step: items [{@code start_cursor}, {@code end_cursor}). Cursors are any JSON,
 * usually 0-based integers. {@code batch_id} is 1-based, zero-padded to three digits ("001").
 */
public record CursorConfig(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("start_cursor") Object startCursor,
        @JsonProperty("end_cursor") Object endCursor,
        @JsonProperty("batch_size") long batchSize) {

    public CursorConfig {
        Objects.requireNonNull(batchId, "batch_id");
    }

    /** The batch id for a 1-based batch number: 1 gives "001". */
    public static String batchId(int number) {
        return String.format("%03d", number);
    }
}
