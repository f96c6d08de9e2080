package dev.tasker.gateway.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.StepType;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.Vectors;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The accessors of contract 2.1, read from the golden inputs. */
class StepContextTest {

    private static StepContext golden(String file) {
        return new StepContext(Vectors.read(file, TaskSequenceStep.class), Duration.ofSeconds(60));
    }

    private static final StepContext PAYMENT = golden("input-02-with-dependency-results-retry.task-sequence-step.json");
    private static final StepContext CART = golden("input-01-plain-step.task-sequence-step.json");

    @Nested
    class Ids {

        @Test
        void comeFromTheStepRowAndTheTask() {
            assertThat(PAYMENT.stepUuid()).isEqualTo(UUID.fromString("019ac9f2-3b1a-7d02-8e3f-4a5b6c7d8e03"));
            assertThat(PAYMENT.taskUuid()).isEqualTo(UUID.fromString("019ac9f2-3b10-7c41-9d2e-5f6a7b8c9d01"));
            assertThat(PAYMENT.correlationId()).isEqualTo(UUID.fromString("019ac9f2-3b0f-7e83-a1c4-2d5e6f708192"));
            assertThat(PAYMENT.namespace()).isEqualTo("ecommerce");
            assertThat(PAYMENT.taskName()).isEqualTo("order_processing");
            assertThat(PAYMENT.stepName()).isEqualTo("process_payment");
            assertThat(PAYMENT.handlerName()).isEqualTo("process_payment");
            assertThat(PAYMENT.stepType()).isEqualTo(StepType.STANDARD);
            assertThat(PAYMENT.timeout()).contains(Duration.ofSeconds(60));
        }

        @Test
        void handlerNameFallsBackToTheTemplateStepName() throws IOException {
            ObjectNode json = (ObjectNode) Vectors.tree("input-01-plain-step.task-sequence-step.json");
            ((ObjectNode) json.at("/step_definition/handler")).putNull("callable");
            ((ObjectNode) json.at("/workflow_step")).put("template_step_name", "validate_cart_v2");

            StepContext context = new StepContext(TestGateway.JSON.treeToValue(json, TaskSequenceStep.class));

            assertThat(context.handlerName()).isEqualTo("validate_cart_v2");
            assertThat(context.timeout()).isEmpty();
        }

        @Test
        void anEmptyStepAnswersNullsAndDefaultsWithoutThrowing() {
            StepContext empty = new StepContext(new TaskSequenceStep(null, null, null, null));

            assertThat(empty.stepUuid()).isNull();
            assertThat(empty.taskUuid()).isNull();
            assertThat(empty.namespace()).isNull();
            assertThat(empty.stepName()).isNull();
            assertThat(empty.handlerName()).isNull();
            assertThat(empty.getInput("x")).isNull();
            assertThat(empty.getConfig("x")).isNull();
            assertThat(empty.getStepInputs()).isEmpty();
            assertThat(empty.getDependencyStepNames()).isEmpty();
            assertThat(empty.retryCount()).isZero();
            assertThat(empty.maxRetries()).isEqualTo(3);
            assertThat(empty.isRetry()).isFalse();
            assertThat(empty.checkpoint()).isNull();
            assertThat(empty.hasCheckpoint()).isFalse();
        }
    }

    @Nested
    class TaskInput {

        @Test
        void getInputReadsTheTaskContext() {
            assertThat(PAYMENT.getInput("order_id")).isEqualTo("ORD-2025-118734");
            assertThat(PAYMENT.getInput("payment_token", String.class)).isEqualTo("tok_visa_4242");
            assertThat(PAYMENT.getInput("cart_items", List.class)).hasSize(2);
            assertThat(PAYMENT.getInput("missing")).isNull();
        }

        @Test
        void getInputConvertsToRecords() {
            record Address(String line1, String city, String region, String postal_code, String country) {
            }

            Address address = PAYMENT.getInput("shipping_address", Address.class);

            assertThat(address.city()).isEqualTo("Portland");
            assertThat(address.postal_code()).isEqualTo("04101");
        }

        @Test
        void getInputOrFallsBackOnlyWhenAbsent() {
            assertThat(PAYMENT.getInputOr("currency", "EUR")).isEqualTo("USD");
            assertThat(PAYMENT.getInputOr("coupon", "NONE")).isEqualTo("NONE");
        }

        @Test
        void getInputOrWithACollectionDefaultAnswersThePresentValue() {
            assertThat(PAYMENT.getInputOr("cart_items", List.of())).hasSize(2);
            assertThat(PAYMENT.getInputOr("shipping_address", Map.of())).containsEntry("city", "Portland");
            assertThat(PAYMENT.getInputOr("coupons", List.of("NONE"))).containsExactly("NONE");
            assertThat(PAYMENT.getConfigOr("gateway_options", Map.of("retries", 1))).containsEntry("retries", 1);
            assertThat(PAYMENT.getInputOr("cart_items", java.util.Set.of())).hasSize(2);
        }

        @Test
        void aDecimalIsAnExactBigDecimalAndATypedAccessorGivesADouble() throws IOException {
            StepContext context = new StepContext(TestGateway.JSON.readValue(
                    "{\"task\":{\"task\":{\"context\":{\"price\":24.990}}}}", TaskSequenceStep.class));

            assertThat(context.getInput("price")).isEqualTo(new BigDecimal("24.990"));
            assertThat(context.getInput("price", Double.class)).isEqualTo(24.99);
            assertThat(context.getInputOr("price", 0.0)).isEqualTo(24.99);
        }

        @Test
        void aValueOfTheWrongTypeIsAnIllegalArgumentNamingTheKey() {
            assertThatThrownBy(() -> PAYMENT.getInput("cart_items", Integer.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cart_items");
        }

        @Test
        void handlerConfigAndStepInputsAreKeptApartFromTheTaskInput() {
            assertThat(PAYMENT.getConfig("gateway")).isEqualTo("stripe");
            assertThat(PAYMENT.getConfig("timeout_ms", Integer.class)).isEqualTo(30000);
            assertThat(PAYMENT.getConfigOr("retries", 5)).isEqualTo(5);
            assertThat(PAYMENT.getInput("gateway")).isNull();
            assertThat(PAYMENT.getStepInputs()).containsEntry("gateway", "stripe").containsEntry("capture", true);
            assertThat(PAYMENT.getConfig("order_id")).isNull();
        }
    }

    @Nested
    class Dependencies {

        @Test
        void dependencyResultIsTheResultValueOfTheAncestor() {
            @SuppressWarnings("unchecked")
            Map<String, Object> cart = (Map<String, Object>) PAYMENT.getDependencyResult("validate_cart");

            // untyped decimals are read exactly, as BigDecimal (WireJson); integers stay Integer/Long
            assertThat(cart).containsEntry("total", new BigDecimal("193.3")).containsEntry("item_count", 3);
            assertThat(PAYMENT.getDependencyStepResult("validate_cart").success()).isTrue();
            assertThat(PAYMENT.getDependencyResult("unknown_step")).isNull();
        }

        @Test
        void dependencyFieldWalksObjectsAndArrays() {
            assertThat(PAYMENT.getDependencyField("validate_cart", "validated_items", "0", "sku")).isEqualTo("SKU-7781");
            assertThat(PAYMENT.getDependencyField("reserve_inventory", "reservation_id")).isEqualTo("RSV-88F3A1");
            assertThat(PAYMENT.getDependencyField("validate_cart", "validated_items", "7", "sku")).isNull();
            assertThat(PAYMENT.getDependencyField("validate_cart", "validated_items", "first")).isNull();
            assertThat(PAYMENT.getDependencyField("nope", "x")).isNull();
        }

        @Test
        void namesAreListedInTheOrderReceived() {
            assertThat(PAYMENT.getDependencyStepNames()).containsExactly("validate_cart", "reserve_inventory");
            assertThat(PAYMENT.hasDependencyResult("reserve_inventory")).isTrue();
            assertThat(PAYMENT.hasDependencyResult("process_payment")).isFalse();
            assertThat(CART.getDependencyStepNames()).isEmpty();
        }

        @Test
        void dependencyResultConvertsToARecord() {
            record Cart(double total, int item_count) {
            }

            assertThat(PAYMENT.getDependencyResult("validate_cart", Cart.class)).isEqualTo(new Cart(193.3, 3));
        }
    }

    @Nested
    class Retries {

        @Test
        void secondAttemptIsARetryButNotTheLast() {
            assertThat(PAYMENT.retryCount()).isEqualTo(1);
            assertThat(PAYMENT.maxRetries()).isEqualTo(3);
            assertThat(PAYMENT.isRetry()).isTrue();
            assertThat(PAYMENT.isLastRetry()).isFalse();
        }

        @Test
        void firstAttemptIsNoRetry() {
            assertThat(CART.retryCount()).isZero();
            assertThat(CART.isRetry()).isFalse();
        }

        @Test
        void thirdOfThreeAttemptsIsTheLast() throws IOException {
            ObjectNode json = (ObjectNode) Vectors.tree("input-02-with-dependency-results-retry.task-sequence-step.json");
            ((ObjectNode) json.at("/workflow_step")).put("attempts", 2);

            StepContext third = new StepContext(TestGateway.JSON.treeToValue(json, TaskSequenceStep.class));

            assertThat(third.isLastRetry()).isTrue();
        }

        @Test
        void maxAttemptsFallsBackToTheRetryConfigThenThree() throws IOException {
            ObjectNode json = (ObjectNode) Vectors.tree("input-02-with-dependency-results-retry.task-sequence-step.json");
            ((ObjectNode) json.at("/workflow_step")).putNull("max_attempts");
            ((ObjectNode) json.at("/step_definition/retry")).put("max_attempts", 7);
            StepContext fromRetry = new StepContext(TestGateway.JSON.treeToValue(json, TaskSequenceStep.class));
            ((ObjectNode) json.at("/step_definition")).putNull("retry");
            StepContext fromDefault = new StepContext(TestGateway.JSON.treeToValue(json, TaskSequenceStep.class));

            assertThat(fromRetry.maxRetries()).isEqualTo(7);
            assertThat(fromDefault.maxRetries()).isEqualTo(3);
        }
    }

    @Nested
    class Checkpoint {

        @Test
        void noCheckpointMeansNullsAndZero() {
            assertThat(CART.checkpoint()).isNull();
            assertThat(CART.checkpointCursor()).isNull();
            assertThat(CART.checkpointItemsProcessed()).isZero();
            assertThat(CART.accumulatedResults()).isNull();
            assertThat(CART.hasCheckpoint()).isFalse();
        }

        @Test
        void aCheckpointIsReadFromTheStepRow() throws IOException {
            ObjectNode json = (ObjectNode) Vectors.tree("input-05-batchable-analyzer.task-sequence-step.json");
            ((ObjectNode) json.at("/workflow_step")).set("checkpoint", TestGateway.JSON.readTree("""
                    {"cursor":400,"items_processed":400,"timestamp":"2025-11-28T15:10:09.000001Z",
                     "accumulated_results":{"rows":400},"history":[]}"""));

            StepContext context = new StepContext(TestGateway.JSON.treeToValue(json, TaskSequenceStep.class));

            assertThat(context.hasCheckpoint()).isTrue();
            assertThat(context.checkpointCursor()).isEqualTo(400);
            assertThat(context.checkpointItemsProcessed()).isEqualTo(400);
            assertThat(context.accumulatedResults()).isEqualTo(Map.of("rows", 400));
            assertThat(context.stepType()).isEqualTo(StepType.BATCHABLE);
        }

        @Test
        void aCheckpointWithANullCursorIsNoCheckpoint() throws IOException {
            ObjectNode json = (ObjectNode) Vectors.tree("input-05-batchable-analyzer.task-sequence-step.json");
            ((ObjectNode) json.at("/workflow_step")).set("checkpoint",
                    TestGateway.JSON.readTree("{\"cursor\":null,\"items_processed\":0}"));

            StepContext context = new StepContext(TestGateway.JSON.treeToValue(json, TaskSequenceStep.class));

            assertThat(context.checkpoint()).isNotNull();
            assertThat(context.hasCheckpoint()).isFalse();
        }
    }
}
