package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.CursorConfig;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The decision and batch helpers' shapes and refusals, without a server. */
class PatternHelpersTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    private final DecisionStepHandler decider = new Decider();
    private final BatchableStepHandler batcher = new Batcher();

    static final class Decider implements DecisionStepHandler {
        @Override
        public String name() {
            return "decider";
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            return skipBranches("unused", null);
        }
    }

    static final class Batcher implements BatchableStepHandler {
        @Override
        public String name() {
            return "batcher";
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            return noBatches("unused");
        }
    }

    @Nested
    class Decision {

        @Test
        void successCarriesOutcomeStepsAndRoutingContext() {
            StepExecutionResult result = decider.decisionSuccess(List.of("a", "b"), Map.of("rule", "r1"));

            assertThat(json(result.result())).isEqualTo(json(Map.of(
                    "decision_point_outcome", Map.of("type", "create_steps", "step_names", List.of("a", "b")),
                    "steps_created", List.of("a", "b"),
                    "routing_context", Map.of("rule", "r1"))));
            assertThat(result.success()).isTrue();
        }

        @Test
        void createStepsWithNoStepIsRefused() {
            assertThatThrownBy(() -> decider.decisionSuccess(List.of(), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_branches");
            assertThatThrownBy(() -> decider.decisionSuccess(Arrays.asList("a", null), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> decider.decisionSuccess(List.of(" "), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void skipBranchesWritesNoBranchesAndTheReasonWithAnEmptyContextForNull() {
            StepExecutionResult result = decider.skipBranches("nothing_to_do", null);

            assertThat(json(result.result())).isEqualTo(json(Map.of(
                    "decision_point_outcome", Map.of("type", "no_branches"),
                    "skip_reason", "nothing_to_do",
                    "routing_context", Map.of())));
        }

        @Test
        void failureIsANonRetryableDecisionError() {
            StepExecutionResult result = decider.decisionFailure("no rule matches", "validation_error");

            assertThat(result.status()).isEqualTo("failed");
            assertThat(result.errorCode()).isEqualTo("DECISION_ERROR");
            assertThat(result.errorType()).isEqualTo("validation_error");
            assertThat(result.error().errorType()).isEqualTo("validation_error");
            assertThat(result.isRetryable()).isFalse();
            assertThat(decider.decisionFailure("x", null).errorType()).isEqualTo("permanent_error");
        }

        @Test
        void reportsItsKind() {
            assertThat(decider.kind()).isEqualTo("decision");
            assertThat(batcher.kind()).isEqualTo("batchable");
        }
    }

    @Nested
    class Batch {

        @Test
        void createBatchesWithoutCursorConfigsIsRefused() {
            assertThatThrownBy(() -> batcher.createBatches("w", List.of(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noBatches");
        }

        @Test
        void noBatchesCarriesTheReason() {
            assertThat(json(batcher.noBatches("empty_input").result())).isEqualTo(json(Map.of(
                    "batch_processing_outcome", Map.of("type", "no_batches"), "reason", "empty_input",
                    "worker_count", 0)));
        }

        @Test
        void checkpointYieldIsASuccessFlaggedInCustomMetadata() {
            StepExecutionResult result = batcher.checkpointYield(250, 150, Map.of("sum", 12));

            assertThat(result.success()).isTrue();
            assertThat(json(result.result())).isEqualTo(json(Map.of("type", "checkpoint_yield", "cursor", 250,
                    "items_processed", 150, "accumulated_results", Map.of("sum", 12))));
            assertThat(result.metadata().custom()).containsEntry("checkpoint_yield", true);
        }

        @Test
        void workerSuccessUsesTheStandardFieldNames() {
            BatchWorkerContext batch = BatchWorkerContext.from(worker(
                    "{\"cursor\":{\"batch_id\":\"003\",\"start_cursor\":10,\"end_cursor\":20,\"batch_size\":10}}",
                    null));

            StepExecutionResult result = batcher.batchWorkerSuccess(batch,
                    new BatchWorkerProgress(10, 9, 0, 1, 19, null));

            assertThat(json(result.result())).isEqualTo(json(Map.of("batch_id", "003", "start_cursor", 10,
                    "end_cursor", 20, "batch_size", 10, "items_processed", 10, "items_succeeded", 9,
                    "items_failed", 0, "items_skipped", 1, "last_cursor", 19)));
            assertThat(result.metadata().custom()).containsEntry("batch_worker", true);
        }

        @Test
        void progressRefusesNegativeCounts() {
            assertThatThrownBy(() -> new BatchWorkerProgress(1, -1, 0, 0, null, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class WorkerContext {

        @Test
        void readsCursorMetadataAndCheckpoint() {
            BatchWorkerContext batch = BatchWorkerContext.from(worker(
                    "{\"cursor\":{\"batch_id\":\"002\",\"start_cursor\":100,\"end_cursor\":200,\"batch_size\":100},"
                            + "\"batch_metadata\":{\"cursor_field\":\"id\",\"failure_strategy\":\"fail_fast\"},"
                            + "\"is_no_op\":false}",
                    "{\"cursor\":140,\"items_processed\":40,\"accumulated_results\":{\"ok\":40},\"history\":[]}"));

            assertThat(batch.cursor()).isEqualTo(new CursorConfig("002", 100, 200, 100));
            assertThat(batch.isNoOp()).isFalse();
            assertThat(batch.cursorField()).isEqualTo("id");
            assertThat(batch.failureStrategy()).isEqualTo("fail_fast");
            assertThat(batch.hasCheckpoint()).isTrue();
            assertThat(batch.itemsAlreadyProcessed()).isEqualTo(40);
            assertThat(batch.accumulatedResults()).isEqualTo(Map.of("ok", 40));
            assertThat(batch.resumeIndex()).isEqualTo(140);
        }

        @Test
        void withoutCheckpointResumesAtTheStartAndACheckpointOutsideTheBatchIsClamped() {
            String inputs = "{\"cursor\":{\"batch_id\":\"001\",\"start_cursor\":0,\"end_cursor\":50,\"batch_size\":50}}";

            assertThat(BatchWorkerContext.from(worker(inputs, null)).resumeIndex()).isZero();
            assertThat(BatchWorkerContext.from(worker(inputs, "{\"cursor\":null}")).hasCheckpoint()).isFalse();
            assertThat(BatchWorkerContext.from(worker(inputs, "{\"cursor\":80}")).resumeIndex()).isEqualTo(50);
        }

        @Test
        void aNoOpWorkerNeedsNoCursor() {
            BatchWorkerContext batch = BatchWorkerContext.from(worker("{\"is_no_op\":true}", null));

            assertThat(batch.isNoOp()).isTrue();
            assertThat(batch.batchId()).isEqualTo("000");
        }

        @Test
        void aMissingOrNonIntegerCursorIsAValidationError() {
            assertThatThrownBy(() -> BatchWorkerContext.from(worker("{}", null)))
                    .isInstanceOfSatisfying(ValidationStepException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("INVALID_CURSOR"));
            BatchWorkerContext fractional = BatchWorkerContext.from(worker(
                    "{\"cursor\":{\"batch_id\":\"001\",\"start_cursor\":0.5,\"end_cursor\":2,\"batch_size\":2}}", null));
            assertThatThrownBy(fractional::startIndex).isInstanceOf(ValidationStepException.class);
        }
    }

    static StepContext worker(String inputs, String checkpoint) {
        try {
            String step = "{\"step_definition\":{\"handler\":{\"callable\":\"w\"},\"type\":\"batch_worker\"},"
                    + "\"workflow_step\":{\"inputs\":" + inputs + ",\"checkpoint\":" + checkpoint + "}}";
            return new StepContext(JSON.readValue(step, TaskSequenceStep.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Through text, as the wire sees it (so 10 and 10L compare equal). */
    static JsonNode json(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
