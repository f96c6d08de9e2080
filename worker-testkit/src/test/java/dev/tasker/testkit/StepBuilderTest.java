package dev.tasker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A built step puts every value where the contract (section 2) and the StepContext accessors expect it. */
class StepBuilderTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    @Test
    void theThreeInputsLandInTheirOwnPartsOfTheStep() throws Exception {
        StepBuilder builder = Steps.forHandler("validate_cart")
                .context("cart_items", List.of(Map.of("sku", "A", "quantity", 2)))
                .config(Map.of("max_items_per_order", 5))
                .inputs(Map.of("cursor", 40))
                .dependency("fetch_cart", Map.of("cart_id", "c-1"))
                .attempt(2, 3);

        JsonNode json = JSON.readTree(builder.toJson());

        assertThat(json.at("/task/task/context/cart_items/0/sku").asText()).isEqualTo("A");
        assertThat(json.at("/step_definition/handler/callable").asText()).isEqualTo("validate_cart");
        assertThat(json.at("/step_definition/handler/initialization/max_items_per_order").asInt()).isEqualTo(5);
        assertThat(json.at("/workflow_step/inputs/cursor").asInt()).isEqualTo(40);
        assertThat(json.at("/dependency_results/fetch_cart/result/cart_id").asText()).isEqualTo("c-1");
        assertThat(json.at("/dependency_results/fetch_cart/success").asBoolean()).isTrue();
        assertThat(json.at("/workflow_step/attempts").asInt()).isEqualTo(1);
        assertThat(json.at("/workflow_step/max_attempts").asInt()).isEqualTo(3);
        assertThat(JSON.readValue(builder.toJson(), TaskSequenceStep.class).handlerName()).isEqualTo("validate_cart");
    }

    @Test
    void aHandlerReadsWhatTheBuilderSetThroughItsContext() {
        StepContext context = new StepContext(Steps.forHandler("h")
                .context("name", "Ada")
                .config("language", "fr")
                .inputs("cursor", 7)
                .dependency("previous", StepExecutionResult.success(UUID.randomUUID(), Map.of("n", 1)))
                .attempt(3, 3)
                .build());

        assertThat(context.getInput("name", String.class)).isEqualTo("Ada");
        assertThat(context.getConfigOr("language", "en")).isEqualTo("fr");
        assertThat(context.getStepInputs()).containsEntry("cursor", 7);
        assertThat(context.getDependencyField("previous", "n")).isEqualTo(1);
        assertThat(context.retryCount()).isEqualTo(2);
        assertThat(context.maxRetries()).isEqualTo(3);
        assertThat(context.isLastRetry()).isTrue();
    }

    @Test
    void idsAreGeneratedUnlessGivenAndTheStepNameDefaultsToTheHandler() {
        UUID stepUuid = UUID.randomUUID();
        TaskSequenceStep given = Steps.forHandler("h").stepUuid(stepUuid).build();
        TaskSequenceStep generated = Steps.forHandler("h").build();

        assertThat(given.workflowStep().workflowStepUuid()).isEqualTo(stepUuid);
        assertThat(generated.workflowStep().workflowStepUuid()).isNotNull();
        assertThat(generated.task().task().taskUuid()).isEqualTo(generated.workflowStep().taskUuid()).isNotNull();
        assertThat(generated.task().task().correlationId()).isNotNull();
        assertThat(generated.workflowStep().name()).isEqualTo("h");
        assertThat(generated.stepDefinition().timeoutSeconds()).isNull();
    }

    @Test
    void anAttemptOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> Steps.forHandler("h").attempt(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Steps.forHandler("h").attempt(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Steps.forHandler(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
