package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EchoStepTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void partialStepToEchoAnswersTheTaskContextAsResult() {
        HttpResponse<String> response = gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":{\"order\":42}}}}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TestGateway.json(response);
        assertThat(body.get("result")).isEqualTo(TestGateway.JSON.createObjectNode().put("order", 42));
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.get("step_uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(body.get("metadata").get("handler_version").asText()).isEqualTo("1.0.0");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }
}
