package dev.tasker.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.testkit.WireContract;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * The one check every result the gateway emits goes through: the strict Rust serde rules of the contract
 * (section 0 and 1) plus the fields the gateway owns (1.2). Tests add their own assertions on the values.
 */
public final class ResultAssertions {

    public static final Pattern UUID_LOWER_HYPHENATED = WireContract.UUID_LOWER_HYPHENATED;
    public static final Pattern TIMESTAMP_Z_MICROS = WireContract.TIMESTAMP_Z_MICROS;

    private ResultAssertions() {
    }

    /**
     * A 200 {@code application/json} answer holding a strict result for the given step.
     *
     * @return the result as a tree, for further assertions
     */
    public static JsonNode assertGatewayResult(HttpResponse<String> response, String expectedStepUuid) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode result = TestGateway.json(response);
        assertGatewayResult(result);
        if (expectedStepUuid != null) {
            assertThat(result.get("step_uuid").asText()).isEqualTo(expectedStepUuid);
        }
        return result;
    }

    /** Like {@link #assertGatewayResult(HttpResponse, String)} for any step uuid. */
    public static JsonNode assertGatewayResult(HttpResponse<String> response) {
        return assertGatewayResult(response, null);
    }

    /** The strict serde rules plus the gateway-owned fields (worker id, handler version, timings). */
    public static void assertGatewayResult(JsonNode result) {
        SoftAssertions soft = new SoftAssertions();
        checkStrict(result, soft);
        JsonNode metadata = result.path("metadata");
        soft.assertThat(metadata.path("worker_id").isTextual() && !metadata.path("worker_id").asText().isBlank())
                .as("metadata.worker_id filled by the gateway: %s", metadata.path("worker_id")).isTrue();
        soft.assertThat(metadata.path("handler_version").isTextual()
                        && !metadata.path("handler_version").asText().isBlank())
                .as("metadata.handler_version filled by the gateway: %s", metadata.path("handler_version")).isTrue();
        soft.assertThat(metadata.path("started_at").isTextual()).as("metadata.started_at filled").isTrue();
        if (metadata.path("started_at").isTextual() && metadata.path("completed_at").isTextual()
                && metadata.path("execution_time_ms").canConvertToLong()) {
            Instant started = Instant.parse(metadata.get("started_at").asText());
            Instant completed = Instant.parse(metadata.get("completed_at").asText());
            soft.assertThat(Duration.between(started, completed).toMillis())
                    .as("completed_at - started_at = execution_time_ms")
                    .isEqualTo(metadata.get("execution_time_ms").asLong());
        }
        soft.assertAll();
    }

    /** Only the strict serde rules (for results the gateway did not finish, e.g. factory output). */
    public static void assertStrictResult(JsonNode result) {
        SoftAssertions soft = new SoftAssertions();
        checkStrict(result, soft);
        soft.assertAll();
    }

    /** The rules themselves live in the test kit ({@link WireContract}), which plugin authors' tests use too. */
    private static void checkStrict(JsonNode result, SoftAssertions soft) {
        soft.assertThat(WireContract.violations(result)).as("wire contract violations of %s", result).isEmpty();
    }
}
