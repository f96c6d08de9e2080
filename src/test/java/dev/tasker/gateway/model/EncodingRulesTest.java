package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.testing.ResultAssertions;
import dev.tasker.gateway.testing.Vectors;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test (or nest) per encoding rule of contract section 0, applied to what the factories emit. */
class EncodingRulesTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();
    private static final UUID STEP = UUID.fromString("019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01");

    private static JsonNode written(Object value) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    @Nested
    class OptionalFieldsWithoutSkipRule {

        @Test
        void successWritesEveryOptionalKeyAsNull() throws IOException {
            JsonNode json = written(StepExecutionResult.success(STEP, Map.of("ok", true)));

            assertThat(json.get("error").isNull()).isTrue();
            JsonNode metadata = json.get("metadata");
            for (String key : List.of("handler_version", "worker_id", "worker_hostname", "error_code", "error_type")) {
                assertThat(metadata.has(key)).as(key).isTrue();
                assertThat(metadata.get(key).isNull()).as(key).isTrue();
            }
            assertThat(json.at("/orchestration_metadata/error_context").isNull()).isTrue();
            assertThat(json.at("/orchestration_metadata/backoff_hint").isNull()).isTrue();
            ResultAssertions.assertStrictResult(json);
        }

        @Test
        void failureWritesErrorTypeAndBacktraceAsNullWhenAbsent() throws IOException {
            JsonNode error = written(StepExecutionResult.failure(STEP, "no", null, null, false)).get("error");

            assertThat(error.has("error_type")).isTrue();
            assertThat(error.get("error_type").isNull()).isTrue();
            assertThat(error.has("backtrace")).isTrue();
            assertThat(error.get("backtrace").isNull()).isTrue();
        }

        @Test
        void missingAndNullOptionalKeysBothReadAsEmpty() throws IOException {
            StepExecutionResult missing = JSON.readValue("""
                    {"step_uuid":"019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01","success":true,"result":1,
                     "metadata":{"execution_time_ms":1,"retryable":false,"completed_at":"2025-11-28T14:54:03.123456Z"},
                     "status":"completed"}""", StepExecutionResult.class);
            StepExecutionResult nulls = JSON.readValue("""
                    {"step_uuid":"019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01","success":true,"result":1,
                     "metadata":{"execution_time_ms":1,"handler_version":null,"retryable":false,
                                 "completed_at":"2025-11-28T14:54:03.123456Z","worker_id":null,"started_at":null,
                                 "error_code":null,"error_type":null},
                     "status":"completed","error":null,"orchestration_metadata":null}""", StepExecutionResult.class);

            assertThat(missing).isEqualTo(nulls);
            assertThat(missing.metadata().handlerVersion()).isNull();
            assertThat(missing.error()).isNull();
        }
    }

    @Nested
    class MapsAndLists {

        @Test
        void nullMapsAreWrittenAsEmptyObjects() throws IOException {
            JsonNode json = written(StepExecutionResult.success(STEP, "x", 3, null)
                    .withOrchestrationMetadata(new OrchestrationMetadata(null, null, null, null)));

            assertThat(json.at("/metadata/custom").isObject()).isTrue();
            assertThat(json.at("/metadata/custom").size()).isZero();
            assertThat(json.at("/metadata/context").isObject()).isTrue();
            assertThat(json.at("/orchestration_metadata/headers").isObject()).isTrue();
            assertThat(json.at("/orchestration_metadata/custom").isObject()).isTrue();
        }

        @Test
        void failureResultIsAnEmptyObjectAndContextAnEmptyObject() throws IOException {
            JsonNode json = written(StepExecutionResult.failure(STEP, "no", "E", ErrorTypes.PERMANENT_ERROR, false,
                    1, null));

            assertThat(json.get("result").isObject()).isTrue();
            assertThat(json.get("result").size()).isZero();
            assertThat(json.at("/metadata/context").isObject()).isTrue();
        }

        @Test
        void stepListsAndMapsAreWrittenEmptyWhenTheyCameAsNull() throws IOException {
            TaskSequenceStep step = JSON.readValue("""
                    {"step_definition":{"handler":{"callable":"echo","initialization":null},
                                        "dependencies":null,"publishes_events":null},
                     "dependency_results":null}""", TaskSequenceStep.class);

            JsonNode json = written(step);

            assertThat(json.get("dependency_results").isObject()).isTrue();
            assertThat(json.at("/step_definition/dependencies").isArray()).isTrue();
            assertThat(json.at("/step_definition/publishes_events").isArray()).isTrue();
            assertThat(json.at("/step_definition/handler/initialization").isObject()).isTrue();
        }

        @Test
        void headersAreStringToStringSoAHeaderWithoutANameOrValueIsLeftOut() throws IOException {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Retry-After", "30");
            headers.put("X-Unset", null);
            headers.put(null, "orphan");

            JsonNode json = written(StepExecutionResult.success(STEP, "x", 3, null)
                    .withOrchestrationMetadata(new OrchestrationMetadata(headers, null, null, null)));

            assertThat(json.at("/orchestration_metadata/headers"))
                    .isEqualTo(JSON.readTree("{\"Retry-After\":\"30\"}"));
        }

        @Test
        void handlerOutputMayHoldJsonNullInsideMaps() throws IOException {
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("maybe", null);

            JsonNode json = written(StepExecutionResult.success(STEP, output).withCustom("note", null));

            assertThat(json.at("/result/maybe").isNull()).isTrue();
            assertThat(json.at("/metadata/custom").has("note")).isTrue();
        }
    }

    @Nested
    class UnknownKeys {

        @Test
        void areIgnoredAtEveryLevelOfAResult() throws IOException {
            ObjectNode golden = (ObjectNode) Vectors.tree("output-02-failure-error-code-type.step-execution-result.json");
            StepExecutionResult expected = JSON.treeToValue(golden, StepExecutionResult.class);
            golden.put("future_top_level", 1);
            ((ObjectNode) golden.get("metadata")).put("future_metadata", "x");
            ((ObjectNode) golden.get("error")).putObject("future_error").put("a", 1);
            ((ObjectNode) golden.get("orchestration_metadata")).putArray("future_orchestration");

            assertThat(JSON.treeToValue(golden, StepExecutionResult.class)).isEqualTo(expected);
        }

        @Test
        void areIgnoredAtEveryLevelOfAStep() throws IOException {
            ObjectNode golden = (ObjectNode) Vectors.tree("input-01-plain-step.task-sequence-step.json");
            TaskSequenceStep expected = JSON.treeToValue(golden, TaskSequenceStep.class);
            golden.put("future", true);
            ((ObjectNode) golden.at("/task")).put("future", true);
            ((ObjectNode) golden.at("/task/task")).put("future", true);
            ((ObjectNode) golden.at("/workflow_step")).put("future", true);
            ((ObjectNode) golden.at("/step_definition")).put("future", true);
            ((ObjectNode) golden.at("/step_definition/handler")).put("future", true);

            assertThat(JSON.treeToValue(golden, TaskSequenceStep.class)).isEqualTo(expected);
        }
    }

    @Nested
    class Uuids {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01",
                "019AC9F2-3B1A-7D02-8E3F-4A5B6C7D8E01",
                "019ac9f23b1a7d028e3f4a5b6c7d8e01",
                "019AC9F23B1A7D028E3F4A5B6C7D8E01",
                "{019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01}",
                "{019AC9F2-3B1A-7D02-8E3F-4A5B6C7D8E01}",
                "urn:uuid:019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01",
                "URN:UUID:019AC9F2-3B1A-7D02-8E3F-4A5B6C7D8E01"})
        void everyInputFormIsReadAndWrittenLowerCaseHyphenated(String form) throws IOException {
            ObjectNode json = (ObjectNode) written(StepExecutionResult.success(STEP, 1));
            json.put("step_uuid", form);

            StepExecutionResult parsed = JSON.treeToValue(json, StepExecutionResult.class);

            assertThat(parsed.stepUuid()).isEqualTo(STEP);
            assertThat(written(parsed).get("step_uuid").asText()).isEqualTo("019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01");
        }

        @ParameterizedTest(name = "[{index}] ''{0}''")
        @ValueSource(strings = {"", "not-a-uuid", "019ac9f2-3b1a-7d02-8e3f", "{019ac9f23b1a7d028e3f4a5b6c7d8e01",
                "019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e0g"})
        void otherTextIsRejected(String text) throws IOException {
            ObjectNode json = (ObjectNode) written(StepExecutionResult.success(STEP, 1));
            json.put("step_uuid", text);

            assertThatThrownBy(() -> JSON.treeToValue(json, StepExecutionResult.class))
                    .isInstanceOf(MismatchedInputException.class);
        }

        @Test
        void aNumberIsNotAUuid() throws IOException {
            ObjectNode json = (ObjectNode) written(StepExecutionResult.success(STEP, 1));
            json.put("step_uuid", 12);

            assertThatThrownBy(() -> JSON.treeToValue(json, StepExecutionResult.class))
                    .isInstanceOf(MismatchedInputException.class);
        }
    }

    @Nested
    class ResultTimestamps {

        @Test
        void areWrittenInUtcWithZAndExactlySixFractionDigits() throws IOException {
            StepExecutionMetadata metadata = StepExecutionResult.success(STEP, 1).metadata()
                    .withExecution(0, Instant.parse("2025-11-28T14:54:03Z"), Instant.parse("2025-11-28T14:54:03.1Z"),
                            "w", null, "1.0.0");

            JsonNode json = written(StepExecutionResult.success(STEP, 1).withMetadata(metadata));

            assertThat(json.at("/metadata/started_at").asText()).isEqualTo("2025-11-28T14:54:03.000000Z");
            assertThat(json.at("/metadata/completed_at").asText()).isEqualTo("2025-11-28T14:54:03.100000Z");
        }

        @Test
        void nanosecondsAreTruncatedToMicroseconds() throws IOException {
            StepExecutionMetadata metadata = StepExecutionResult.success(STEP, 1).metadata()
                    .withExecution(0, null, Instant.parse("2025-11-28T14:54:03.123456789Z"), "w", null, null);

            JsonNode json = written(StepExecutionResult.success(STEP, 1).withMetadata(metadata));

            assertThat(json.at("/metadata/completed_at").asText()).isEqualTo("2025-11-28T14:54:03.123456Z");
        }

        @Test
        void factoriesWriteZTimestampsWithMicroseconds() throws IOException {
            JsonNode json = written(StepExecutionResult.success(STEP, 1, 12, Map.of()));

            assertThat(json.at("/metadata/completed_at").asText()).matches(ResultAssertions.TIMESTAMP_Z_MICROS);
            assertThat(json.at("/metadata/started_at").asText()).matches(ResultAssertions.TIMESTAMP_Z_MICROS);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"2025-11-28T14:54:03.123456Z", "2025-11-28T14:54:03.123456+00:00",
                "2025-11-28T16:54:03.123456+02:00", "2025-11-28T14:54:03.123456z"})
        void inputWithAnOffsetIsReadAsTheSameInstant(String text) {
            assertThat(WireJson.parseInstant(text))
                    .isEqualTo(Instant.parse("2025-11-28T14:54:03.123456Z"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"2025-11-28T14:54:03.123456", "2025-11-28 14:54:03Z", "1764341643", "yesterday"})
        void inputWithoutAnOffsetIsRejected(String text) throws IOException {
            ObjectNode json = (ObjectNode) written(StepExecutionResult.success(STEP, 1));
            ((ObjectNode) json.get("metadata")).put("completed_at", text);

            assertThatThrownBy(() -> JSON.treeToValue(json, StepExecutionResult.class))
                    .isInstanceOf(MismatchedInputException.class)
                    .hasMessageContaining("completed_at");
        }
    }

    @Nested
    class RowTimestamps {

        @Test
        void zoneLessRowTimestampsArePassedThroughAsTheyCame() throws IOException {
            ObjectNode golden = (ObjectNode) Vectors.tree("input-01-plain-step.task-sequence-step.json");
            ((ObjectNode) golden.at("/task/task")).put("created_at", "2025-11-28T14:50:01");
            ((ObjectNode) golden.at("/workflow_step")).put("last_attempted_at", "2025-11-28T14:50:01.2");

            JsonNode json = written(JSON.treeToValue(golden, TaskSequenceStep.class));

            assertThat(json.at("/task/task/created_at").asText()).isEqualTo("2025-11-28T14:50:01");
            assertThat(json.at("/task/task/updated_at").asText()).isEqualTo(golden.at("/task/task/updated_at").asText());
            assertThat(json.at("/task/task/requested_at").asText()).isEqualTo(golden.at("/task/task/requested_at").asText());
            assertThat(json.at("/workflow_step/last_attempted_at").asText()).isEqualTo("2025-11-28T14:50:01.2");
            assertThat(json.at("/workflow_step/created_at").asText()).isEqualTo(golden.at("/workflow_step/created_at").asText());
            assertThat(json.at("/workflow_step/processed_at").isNull()).isTrue();
        }
    }

    @Nested
    class Integers {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"12.5", "12.0", "\"12\""})
        void aNonIntegerIsRejectedForExecutionTime(String value) throws IOException {
            ObjectNode json = (ObjectNode) written(StepExecutionResult.success(STEP, 1));
            ((ObjectNode) json.get("metadata")).set("execution_time_ms", JSON.readTree(value));

            assertThatThrownBy(() -> JSON.treeToValue(json, StepExecutionResult.class))
                    .isInstanceOf(MismatchedInputException.class)
                    .hasMessageContaining("execution_time_ms");
        }

        @Test
        void aFractionIsRejectedForAttemptsAndTimeoutAndDelay() {
            assertThatThrownBy(() -> JSON.readValue("{\"workflow_step\":{\"attempts\":12.5}}", TaskSequenceStep.class))
                    .isInstanceOf(MismatchedInputException.class).hasMessageContaining("attempts");
            assertThatThrownBy(() -> JSON.readValue("{\"step_definition\":{\"timeout_seconds\":12.5}}",
                    TaskSequenceStep.class)).isInstanceOf(MismatchedInputException.class);
            assertThatThrownBy(() -> JSON.readValue(
                    "{\"backoff_type\":\"RateLimit\",\"delay_seconds\":12.5,\"context\":null}", BackoffHint.class))
                    .isInstanceOf(MismatchedInputException.class);
        }

        @Test
        void integersAreWrittenAsIntegers() throws IOException {
            JsonNode json = written(StepExecutionResult.success(STEP, 1, 12, Map.of())
                    .withRetryAfter(3, BackoffHintType.RATE_LIMIT));

            assertThat(json.at("/metadata/execution_time_ms").isIntegralNumber()).isTrue();
            assertThat(json.at("/orchestration_metadata/backoff_hint/delay_seconds").isIntegralNumber()).isTrue();
        }
    }

    @Nested
    class Enums {

        @Test
        void areWrittenLowerSnakeCase() throws IOException {
            assertThat(JSON.writeValueAsString(StepType.DEFERRED_CONVERGENCE)).isEqualTo("\"deferred_convergence\"");
            assertThat(JSON.writeValueAsString(StepType.BATCH_WORKER)).isEqualTo("\"batch_worker\"");
            assertThat(JSON.writeValueAsString(EventCondition.RETRYABLE_FAILURE)).isEqualTo("\"retryable_failure\"");
            assertThat(JSON.writeValueAsString(EventCondition.PERMANENT_FAILURE)).isEqualTo("\"permanent_failure\"");
            assertThat(JSON.writeValueAsString(DeliveryMode.BROADCAST)).isEqualTo("\"broadcast\"");
        }

        @Test
        void backoffHintTypeIsPascalCase() throws IOException {
            assertThat(JSON.writeValueAsString(BackoffHintType.SERVER_REQUESTED)).isEqualTo("\"ServerRequested\"");
            assertThat(JSON.writeValueAsString(BackoffHintType.RATE_LIMIT)).isEqualTo("\"RateLimit\"");
            assertThat(JSON.writeValueAsString(BackoffHintType.SERVICE_UNAVAILABLE)).isEqualTo("\"ServiceUnavailable\"");
            assertThat(JSON.writeValueAsString(BackoffHintType.CUSTOM)).isEqualTo("\"Custom\"");
            assertThat(JSON.readValue("\"RateLimit\"", BackoffHintType.class)).isEqualTo(BackoffHintType.RATE_LIMIT);
        }

        @Test
        void otherSpellingsAreRejectedOnInput() {
            assertThatThrownBy(() -> JSON.readValue("\"DEFERRED_CONVERGENCE\"", StepType.class))
                    .isInstanceOf(MismatchedInputException.class);
            assertThatThrownBy(() -> JSON.readValue("\"rate_limit\"", BackoffHintType.class))
                    .isInstanceOf(MismatchedInputException.class);
        }

        @Test
        void stepTypeAcceptsTheStepTypeAlias() throws IOException {
            TaskSequenceStep step = JSON.readValue(
                    "{\"step_definition\":{\"step_type\":\"batchable\",\"depends_on\":[\"a\"]}}", TaskSequenceStep.class);

            assertThat(step.stepDefinition().type()).isEqualTo(StepType.BATCHABLE);
            assertThat(step.stepDefinition().dependencies()).containsExactly("a");
            assertThat(written(step).at("/step_definition/type").asText()).isEqualTo("batchable");
        }
    }

    @Nested
    class TaggedUnions {

        @Test
        void decisionOutcomesCarryTheirTypeBesideTheFields() throws IOException {
            assertThat(written(DecisionPointOutcome.noBranches()))
                    .isEqualTo(JSON.readTree("{\"type\":\"no_branches\"}"));
            assertThat(written(DecisionPointOutcome.createSteps(List.of("manager_approval"))))
                    .isEqualTo(JSON.readTree("{\"type\":\"create_steps\",\"step_names\":[\"manager_approval\"]}"));
        }

        @Test
        void batchOutcomesCarryTheirTypeBesideTheFields() throws IOException {
            BatchProcessingOutcome batches = new BatchProcessingOutcome.CreateBatches("worker",
                    List.of(new CursorConfig(CursorConfig.batchId(1), 0, 200, 200)), 200);

            assertThat(written(BatchProcessingOutcome.noBatches())).isEqualTo(JSON.readTree("{\"type\":\"no_batches\"}"));
            assertThat(written(batches)).isEqualTo(JSON.readTree("""
                    {"type":"create_batches","worker_template_name":"worker","worker_count":1,
                     "cursor_configs":[{"batch_id":"001","start_cursor":0,"end_cursor":200,"batch_size":200}],
                     "total_items":200}"""));
        }

        @Test
        void theTypeIsWrittenWhenTheOutcomeSitsInAHandlersResultMap() throws IOException {
            JsonNode json = written(StepExecutionResult.success(STEP, Map.of(
                    "decision_point_outcome", DecisionPointOutcome.createSteps(List.of("a")),
                    "batch_processing_outcome", BatchProcessingOutcome.noBatches())));

            assertThat(json.at("/result/decision_point_outcome/type").asText()).isEqualTo("create_steps");
            assertThat(json.at("/result/batch_processing_outcome/type").asText()).isEqualTo("no_batches");
        }

        @Test
        void outcomesAreReadByTheirType() throws IOException {
            assertThat(JSON.readValue("{\"step_names\":[\"x\"],\"type\":\"create_steps\"}", DecisionPointOutcome.class))
                    .isEqualTo(DecisionPointOutcome.createSteps(List.of("x")));
            assertThat(JSON.readValue("{\"type\":\"no_batches\"}", BatchProcessingOutcome.class))
                    .isEqualTo(BatchProcessingOutcome.noBatches());
            assertThatThrownBy(() -> JSON.readValue("{\"type\":\"maybe\"}", DecisionPointOutcome.class))
                    .isInstanceOf(IOException.class);
        }

        @Test
        void goldenDecisionAndBatchOutcomesParseIntoTheirVariants() throws IOException {
            JsonNode decision = Vectors.tree("output-05-decision-create-steps.step-execution-result.json");
            JsonNode batch = Vectors.tree("output-07-batchable-create-batches.step-execution-result.json");

            DecisionPointOutcome outcome = JSON.treeToValue(decision.at("/result/decision_point_outcome"),
                    DecisionPointOutcome.class);
            BatchProcessingOutcome batches = JSON.treeToValue(batch.at("/result/batch_processing_outcome"),
                    BatchProcessingOutcome.class);

            assertThat(outcome).isEqualTo(DecisionPointOutcome.createSteps(List.of("manager_approval")));
            assertThat(batches).isInstanceOf(BatchProcessingOutcome.CreateBatches.class);
            assertThat(((BatchProcessingOutcome.CreateBatches) batches).cursorConfigs()).hasSize(5);
            assertThat(written(outcome)).isEqualTo(decision.at("/result/decision_point_outcome"));
            assertThat(written(batches)).isEqualTo(batch.at("/result/batch_processing_outcome"));
        }

        @Test
        void createStepsWithoutNamesAndMismatchedWorkerCountAreRefused() {
            assertThatThrownBy(() -> DecisionPointOutcome.createSteps(List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_branches");
            assertThatThrownBy(() -> new BatchProcessingOutcome.CreateBatches("w", 2,
                    List.of(new CursorConfig("001", 0, 1, 1)), 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ErrorObject {

        @Test
        void statusCodeIsOmittedWhenNullAndWrittenWhenSet() throws IOException {
            StepExecutionResult failure = StepExecutionResult.failure(STEP, "HTTP 503", "HTTP_503",
                    ErrorTypes.RETRYABLE_ERROR, true);

            assertThat(written(failure).get("error").has("status_code")).isFalse();
            assertThat(written(failure.withError(failure.error().withStatusCode(503))).at("/error/status_code").asInt())
                    .isEqualTo(503);
        }

        @Test
        void contextIsOmittedWhenEmptyAndWrittenWhenSet() throws IOException {
            StepExecutionResult failure = StepExecutionResult.failure(STEP, "no", null, null, false);

            assertThat(written(failure).get("error").has("context")).isFalse();
            assertThat(written(failure.withError(failure.error().withContext(Map.of()))).get("error").has("context"))
                    .isFalse();
            assertThat(written(failure.withError(failure.error().withContext(Map.of("url", "/x"))))
                    .at("/error/context/url").asText()).isEqualTo("/x");
        }

        @Test
        void retryableIsAlwaysWritten() throws IOException {
            assertThat(written(StepExecutionResult.failure(STEP, "no", null, null, false)).at("/error/retryable")
                    .isBoolean()).isTrue();
            assertThat(written(StepExecutionResult.failure(STEP, "no", null, null, true)).at("/error/retryable")
                    .asBoolean()).isTrue();
            assertThat(written(StepExecutionResult.error(STEP, "crash", ErrorTypes.HANDLER_ERROR)).at("/error/retryable")
                    .isBoolean()).isTrue();
        }

        @Test
        void anErrorWithoutRetryableOrMessageIsRejectedOnInput() {
            assertThatThrownBy(() -> JSON.readValue("{\"error_type\":null,\"backtrace\":null,\"retryable\":true}",
                    StepExecutionError.class)).isInstanceOf(IOException.class);
        }
    }
}
