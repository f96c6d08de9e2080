package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.testing.ResultAssertions;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The factories and helpers of contract 1.1. */
class StepExecutionResultTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();
    private static final UUID STEP = UUID.fromString("019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e01");

    @Nested
    class Success {

        @Test
        void isCompletedNotRetryableWithTheOutputAndCustomMetadata() throws IOException {
            StepExecutionResult result = StepExecutionResult.success(STEP, Map.of("total", 193.3), 41,
                    Map.of("warehouse", "PDX-2"));

            assertThat(result.success()).isTrue();
            assertThat(result.isSuccess()).isTrue();
            assertThat(result.status()).isEqualTo("completed");
            assertThat(result.statusEnum()).contains(StepResultStatus.COMPLETED);
            assertThat(result.result()).isEqualTo(Map.of("total", 193.3));
            assertThat(result.error()).isNull();
            assertThat(result.isRetryable()).isFalse();
            assertThat(result.errorCode()).isNull();
            assertThat(result.errorType()).isNull();
            assertThat(result.metadata().custom()).containsExactly(Map.entry("warehouse", "PDX-2"));
            assertThat(result.metadata().context()).isEmpty();
            assertThat(result.metadata().executionTimeMs()).isEqualTo(41);
            assertThat(result.orchestrationMetadata()).isEqualTo(OrchestrationMetadata.DEFAULT);
            ResultAssertions.assertStrictResult(JSON.valueToTree(result));
        }

        @Test
        void shortFormTakesAnySerializableValue() throws IOException {
            record Receipt(String id, long cents) {
            }

            JsonNode json = JSON.readTree(JSON.writeValueAsString(
                    StepExecutionResult.success(STEP, new Receipt("R-1", 1999))));

            assertThat(json.get("result")).isEqualTo(JSON.readTree("{\"id\":\"R-1\",\"cents\":1999}"));
            assertThat(json.at("/metadata/execution_time_ms").asLong()).isZero();
        }

        @Test
        void writesTheDefaultOrchestrationMetadata() throws IOException {
            JsonNode json = JSON.valueToTree(StepExecutionResult.success(STEP, 1));

            assertThat(json.get("orchestration_metadata")).isEqualTo(JSON.readTree(
                    "{\"headers\":{},\"error_context\":null,\"backoff_hint\":null,\"custom\":{}}"));
        }
    }

    @Nested
    class Failure {

        @ParameterizedTest(name = "retryable={0}")
        @CsvSource({"true", "false"})
        void isFailedWithTheErrorCopiesInBothPlaces(boolean retryable) {
            StepExecutionResult result = StepExecutionResult.failure(STEP, "Card declined", "CARD_DECLINED",
                    ErrorTypes.PERMANENT_ERROR, retryable, 12, Map.of("card", "visa"));

            assertThat(result.success()).isFalse();
            assertThat(result.status()).isEqualTo("failed");
            assertThat(result.statusEnum()).contains(StepResultStatus.FAILED);
            assertThat(result.result()).isEqualTo(Map.of());
            assertThat(result.error()).isEqualTo(new StepExecutionError("Card declined", ErrorTypes.PERMANENT_ERROR,
                    null, retryable));
            assertThat(result.isRetryable()).isEqualTo(retryable);
            assertThat(result.metadata().retryable()).isEqualTo(retryable);
            assertThat(result.errorCode()).isEqualTo("CARD_DECLINED");
            assertThat(result.errorType()).isEqualTo(ErrorTypes.PERMANENT_ERROR);
            assertThat(result.metadata().context()).containsExactly(Map.entry("card", "visa"));
            assertThat(result.metadata().custom()).isEmpty();
            ResultAssertions.assertStrictResult(JSON.valueToTree(result));
        }

        @Test
        void aMessageIsRequired() {
            assertThatThrownBy(() -> StepExecutionResult.failure(STEP, null, null, null, false))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("message");
        }
    }

    @Nested
    class Error {

        @Test
        void isAnErrorWithBacktraceNeverRetryableAndNoErrorCode() {
            StepExecutionResult result = StepExecutionResult.error(STEP, "boom", ErrorTypes.HANDLER_ERROR,
                    List.of("java.lang.IllegalStateException: boom", "\tat a.B.c(B.java:1)"), 7,
                    Map.of("handler", "csv"));

            assertThat(result.success()).isFalse();
            assertThat(result.status()).isEqualTo("error");
            assertThat(result.statusEnum()).contains(StepResultStatus.ERROR);
            assertThat(result.result()).isEqualTo(Map.of());
            assertThat(result.error().backtrace()).hasSize(2);
            assertThat(result.error().retryable()).isFalse();
            assertThat(result.isRetryable()).isFalse();
            assertThat(result.errorCode()).isNull();
            assertThat(result.errorType()).isEqualTo(ErrorTypes.HANDLER_ERROR);
            assertThat(result.metadata().context()).containsExactly(Map.entry("handler", "csv"));
            ResultAssertions.assertStrictResult(JSON.valueToTree(result));
        }

        @Test
        void aMissingBacktraceStaysNull() {
            assertThat(StepExecutionResult.error(STEP, "boom", ErrorTypes.HANDLER_ERROR).error().backtrace()).isNull();
        }
    }

    @Nested
    class Timing {

        @Test
        void startedAtIsCompletedAtMinusExecutionTime() {
            for (StepExecutionResult result : List.of(
                    StepExecutionResult.success(STEP, 1, 1500, Map.of()),
                    StepExecutionResult.failure(STEP, "no", null, null, true, 1500, Map.of()),
                    StepExecutionResult.error(STEP, "no", null, null, 1500, Map.of()))) {
                StepExecutionMetadata metadata = result.metadata();
                assertThat(Duration.between(metadata.startedAt(), metadata.completedAt()))
                        .as(result.status()).isEqualTo(Duration.ofMillis(1500));
            }
        }

        @Test
        void negativeExecutionTimeIsRefused() {
            assertThatThrownBy(() -> StepExecutionResult.success(STEP, 1, -1, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ConvenienceApi {

        @Test
        void withErrorCodeSetsTheMetadataCodeOnACopy() {
            StepExecutionResult failure = StepExecutionResult.failure(STEP, "no", null, ErrorTypes.PERMANENT_ERROR, false);

            StepExecutionResult coded = failure.withErrorCode("CARD_DECLINED");

            assertThat(coded.errorCode()).isEqualTo("CARD_DECLINED");
            assertThat(coded.metadata().errorCode()).isEqualTo("CARD_DECLINED");
            assertThat(failure.errorCode()).isNull();
        }

        @Test
        void withErrorTypeSetsBothCopiesWhenThereIsAnError() {
            StepExecutionResult failure = StepExecutionResult.failure(STEP, "no", null, ErrorTypes.RETRYABLE_ERROR, true);

            StepExecutionResult typed = failure.withErrorType(ErrorTypes.TIMEOUT);

            assertThat(typed.errorType()).isEqualTo(ErrorTypes.TIMEOUT);
            assertThat(typed.metadata().errorType()).isEqualTo(ErrorTypes.TIMEOUT);
            assertThat(typed.error().errorType()).isEqualTo(ErrorTypes.TIMEOUT);
            assertThat(failure.errorType()).isEqualTo(ErrorTypes.RETRYABLE_ERROR);
            assertThat(failure.error().errorType()).isEqualTo(ErrorTypes.RETRYABLE_ERROR);
        }

        @Test
        void withErrorTypeOnASuccessSetsOnlyTheMetadata() {
            StepExecutionResult typed = StepExecutionResult.success(STEP, 1).withErrorType("custom");

            assertThat(typed.errorType()).isEqualTo("custom");
            assertThat(typed.error()).isNull();
        }

        @Test
        void withRetryableKeepsBothCopiesEqual() {
            StepExecutionResult result = StepExecutionResult.failure(STEP, "no", null, null, false).withRetryable(true);

            assertThat(result.isRetryable()).isTrue();
            assertThat(result.error().retryable()).isTrue();
        }

        @Test
        void withRetryAfterWritesTheHeaderAndTheHint() {
            StepExecutionResult result = StepExecutionResult.failure(STEP, "slow down", "HTTP_429",
                    ErrorTypes.RETRYABLE_ERROR, true).withRetryAfter(30, BackoffHintType.RATE_LIMIT);

            assertThat(result.orchestrationMetadata().headers()).containsExactly(Map.entry("Retry-After", "30"));
            assertThat(result.orchestrationMetadata().backoffHint())
                    .isEqualTo(new BackoffHint(BackoffHintType.RATE_LIMIT, 30, null));
        }

        @ParameterizedTest(name = "success={0} status=''{1}'' -> {2}")
        @CsvSource({"true,'',completed", "false,'',failed", "true,completed,completed", "false,error,error",
                "false,failed,failed", "false,Weird,Weird"})
        void normalizedStatusFillsOnlyAnEmptyStatus(boolean success, String status, String expected) {
            StepExecutionResult result = new StepExecutionResult(STEP, success, null,
                    StepExecutionResult.success(STEP, 1).metadata(), status, null, null);

            assertThat(result.normalizedStatus()).isEqualTo(expected);
        }

        @ParameterizedTest(name = "''{0}''")
        @CsvSource({"completed,COMPLETED", "failed,FAILED", "error,ERROR", "Completed,", "pending,", "'',"})
        void statusEnumKnowsOnlyTheThreeWireValues(String status, StepResultStatus expected) {
            StepExecutionResult result = new StepExecutionResult(STEP, true, null,
                    StepExecutionResult.success(STEP, 1).metadata(), status, null, null);

            assertThat(result.statusEnum()).isEqualTo(Optional.ofNullable(expected));
        }

        @Test
        void nullStatusIsReadAsEmpty() {
            StepExecutionResult result = new StepExecutionResult(STEP, false, null,
                    StepExecutionResult.success(STEP, 1).metadata(), null, null, null);

            assertThat(result.status()).isEmpty();
            assertThat(result.normalizedStatus()).isEqualTo("failed");
            assertThat(result.statusEnum()).isEmpty();
        }
    }

    @Nested
    class Immutability {

        @Test
        void mapsPassedInAreCopied() {
            Map<String, Object> custom = new HashMap<>(Map.of("a", 1));
            Map<String, Object> context = new HashMap<>(Map.of("b", 2));

            StepExecutionResult success = StepExecutionResult.success(STEP, 1, 0, custom);
            StepExecutionResult failure = StepExecutionResult.failure(STEP, "no", null, null, false, 0, context);
            custom.put("later", true);
            context.put("later", true);

            assertThat(success.metadata().custom()).containsOnlyKeys("a");
            assertThat(failure.metadata().context()).containsOnlyKeys("b");
        }

        @Test
        void collectionsCannotBeChangedThroughTheAccessors() {
            StepExecutionResult result = StepExecutionResult.success(STEP, 1, 0, Map.of("a", 1))
                    .withCustom("b", 2);
            StepExecutionResult error = StepExecutionResult.error(STEP, "x", null, List.of("line"), 0, Map.of("c", 3));

            assertThatThrownBy(() -> result.metadata().custom().put("x", 1))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> error.error().backtrace().add("x"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> error.metadata().context().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> result.orchestrationMetadata().headers().put("x", "y"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void withMethodsReturnCopiesAndLeaveTheOriginal() {
            StepExecutionResult original = StepExecutionResult.failure(STEP, "no", "A", ErrorTypes.PERMANENT_ERROR, false);
            UUID other = UUID.randomUUID();

            StepExecutionResult changed = original.withErrorCode("B").withErrorType("t").withRetryable(true)
                    .withCustom("k", "v").withContext(Map.of("c", 1)).withStepUuid(other)
                    .withRetryAfter(5, BackoffHintType.SERVER_REQUESTED);

            assertThat(changed).isNotSameAs(original);
            assertThat(original).isEqualTo(StepExecutionResult.failure(STEP, "no", "A", ErrorTypes.PERMANENT_ERROR, false)
                    .withMetadata(original.metadata()));
            assertThat(original.errorCode()).isEqualTo("A");
            assertThat(original.isRetryable()).isFalse();
            assertThat(original.metadata().custom()).isEmpty();
            assertThat(original.stepUuid()).isEqualTo(STEP);
            assertThat(original.orchestrationMetadata().headers()).isEmpty();
            assertThat(changed.stepUuid()).isEqualTo(other);
        }
    }
}
