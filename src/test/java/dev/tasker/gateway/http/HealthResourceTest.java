package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /health}, {@code /health/live}, {@code /health/ready}. */
class HealthResourceTest {

    @Test
    void aGatewayWithItsRequiredHandlersIsLiveAndReady() {
        try (TestGateway gateway = TestGateway.start(Map.of("required_handlers", "echo"))) {
            assertUp(gateway.get("/health/live"));
            JsonNode ready = assertUp(gateway.get("/health/ready"));
            assertThat(ready.at("/checks/required_handlers/status").asText()).isEqualTo("up");
            assertUp(gateway.get("/health"));
        }
    }

    @Test
    void aMissingRequiredHandlerMakesReadiness503NamingItWhileLivenessStaysUp() {
        try (TestGateway gateway = TestGateway.start(Map.of("required_handlers", "echo, process_payment,refund"))) {
            HttpResponse<String> ready = gateway.get("/health/ready");

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode body = TestGateway.json(ready);
            assertThat(body.get("status").asText()).isEqualTo("down");
            assertThat(body.at("/checks/required_handlers/status").asText()).isEqualTo("down");
            assertThat(body.at("/checks/required_handlers/detail").asText())
                    .contains("process_payment", "refund").doesNotContain("echo");
            assertThat(gateway.get("/health").statusCode()).isEqualTo(503);
            assertUp(gateway.get("/health/live"));
        }
    }

    private static JsonNode assertUp(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = TestGateway.json(response);
        assertThat(body.get("status").asText()).isEqualTo("up");
        assertThat(body.get("checks").isObject()).isTrue();
        return body;
    }
}
