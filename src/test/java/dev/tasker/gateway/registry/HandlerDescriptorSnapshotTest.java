package dev.tasker.gateway.registry;

import static dev.tasker.gateway.testing.ResultAssertions.assertGatewayResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.TestGateway;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a handler says of itself is asked when it is registered: listing handlers and stamping
 * {@code metadata.handler_version} do not call it again, so a handler whose methods later throw (a plugin's
 * code, say, mid-unload) cannot break {@code GET /v1/handlers}, and the two always agree.
 */
class HandlerDescriptorSnapshotTest {

    /** Answers its descriptor methods until locked (after start-up has registered it), then throws. */
    static final class Moody implements StepHandler {
        final AtomicInteger versions = new AtomicInteger();
        final AtomicInteger descriptions = new AtomicInteger();
        volatile boolean locked;

        @Override
        public String name() {
            return "moody";
        }

        @Override
        public String version() {
            if (locked) {
                versions.incrementAndGet();
                throw new IllegalStateException("version() asked again");
            }
            return "3.1.4";
        }

        @Override
        public String description() {
            if (locked) {
                descriptions.incrementAndGet();
                throw new IllegalStateException("description() asked again");
            }
            return "asked once";
        }

        @Override
        public StepExecutionResult call(StepContext context) {
            return StepExecutionResult.success(context.stepUuid(), "ok");
        }
    }

    @Test
    void listingAndExecutingUseWhatTheHandlerSaidWhenItWasRegistered() {
        Moody moody = new Moody();
        try (TestGateway gateway = TestGateway.start(moody)) {
            moody.locked = true;
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.get("/v1/handlers").statusCode()).isEqualTo(200);
            }
            JsonNode one = TestGateway.json(gateway.get("/v1/handlers/moody"));
            JsonNode result = assertGatewayResult(gateway.postJson("/v1/steps",
                    "{\"step_definition\":{\"handler\":{\"callable\":\"moody\"}}}"));

            assertThat(one.get("version").asText()).isEqualTo("3.1.4");
            assertThat(one.get("description").asText()).isEqualTo("asked once");
            assertThat(result.at("/metadata/handler_version").asText()).isEqualTo("3.1.4");
            assertThat(moody.versions).as("version() calls after start-up").hasValue(0);
            assertThat(moody.descriptions).as("description() calls after start-up").hasValue(0);
        }
    }
}
