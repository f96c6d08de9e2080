package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/** {@code result.batch_processing_outcome} of a batchable step: a tagged union on {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BatchProcessingOutcome.NoBatches.class, name = "no_batches"),
        @JsonSubTypes.Type(value = BatchProcessingOutcome.CreateBatches.class, name = "create_batches")})
@JsonPropertyOrder({"type"})
public sealed interface BatchProcessingOutcome {

    /**
     * The discriminator, written as a regular property so the type survives wherever the outcome is
     * serialized (also as a value of a {@code Map<String, Object>} result, where Jackson adds no type id).
     */
    @JsonProperty("type")
    String type();

    static BatchProcessingOutcome noBatches() {
        return new NoBatches();
    }

    /** No work: no worker steps are created. */
    record NoBatches() implements BatchProcessingOutcome {
        @Override
        @JsonProperty("type")
        public String type() {
            return "no_batches";
        }
    }

    /** One worker per cursor config; {@code worker_count} always equals the number of cursor configs. */
    record CreateBatches(
            @JsonProperty("worker_template_name") String workerTemplateName,
            @JsonProperty("worker_count") int workerCount,
            @JsonProperty("cursor_configs") List<CursorConfig> cursorConfigs,
            @JsonProperty("total_items") long totalItems) implements BatchProcessingOutcome {

        public CreateBatches {
            Objects.requireNonNull(workerTemplateName, "worker_template_name");
            cursorConfigs = List.copyOf(cursorConfigs);
            if (workerCount != cursorConfigs.size()) {
                throw new IllegalArgumentException("worker_count " + workerCount
                        + " differs from the number of cursor configs " + cursorConfigs.size());
            }
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return "create_batches";
        }

        public CreateBatches(String workerTemplateName, List<CursorConfig> cursorConfigs, long totalItems) {
            this(workerTemplateName, cursorConfigs.size(), cursorConfigs, totalItems);
        }
    }
}
