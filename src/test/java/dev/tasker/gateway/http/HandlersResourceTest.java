package dev.tasker.gateway.http;

import static dev.tasker.gateway.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/handlers}, {@code GET} and {@code HEAD /v1/handlers/{name}}. */
class HandlersResourceTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Handlers.named("process_payment", "2.0.0", List.of("payments", "charge"),
                c -> StepExecutionResult.success(c.stepUuid(), 1)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Nested
    class List_ {

        @Test
        void listsEveryHandlerSortedByNameWithItsDescription() {
            HttpResponse<String> response = gateway.get("/v1/handlers");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode body = TestGateway.json(response);
            assertThat(body.get("count").asInt()).isEqualTo(body.get("handlers").size());
            List<String> names = TestGateway.JSON.convertValue(body.get("handlers").findValuesAsText("name"),
                    TestGateway.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(names).contains("echo", "process_payment").isSorted();
            JsonNode echo = handler(body, "echo");
            assertThat(echo.get("source").get("type").asText()).isEqualTo("builtin");
            assertThat(echo.get("description").asText()).isNotBlank();
            assertThat(echo.get("kind").asText()).isEqualTo("standard");
            JsonNode payments = handler(body, "process_payment");
            assertThat(payments.get("version").asText()).isEqualTo("2.0.0");
            assertThat(payments.get("aliases")).hasSize(2);
            assertThat(payments.get("aliases").get(0).asText()).isEqualTo("charge");
        }

        private JsonNode handler(JsonNode body, String name) {
            for (JsonNode handler : body.get("handlers")) {
                if (handler.get("name").asText().equals(name)) {
                    return handler;
                }
            }
            throw new AssertionError("no handler " + name + " in " + body);
        }
    }

    @Nested
    class One {

        @Test
        void getAnswersTheHandler() {
            JsonNode body = TestGateway.json(gateway.get("/v1/handlers/echo"));

            assertThat(body.get("name").asText()).isEqualTo("echo");
            assertThat(body.get("version").asText()).isEqualTo("1.0.0");
        }

        @Test
        void getByAliasAnswersTheHandlerUnderItsName() {
            HttpResponse<String> response = gateway.get("/v1/handlers/charge");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestGateway.json(response).get("name").asText()).isEqualTo("process_payment");
        }

        @Test
        void getOfAnUnknownHandlerIs404HandlerNotFound() {
            JsonNode problem = assertProblem(gateway.get("/v1/handlers/refund"), 404, "HANDLER_NOT_FOUND");

            assertThat(problem.get("detail").asText()).contains("refund");
            assertThat(problem.get("instance").asText()).isEqualTo("/v1/handlers/refund");
        }

        @Test
        void headAnswers200WithoutABodyForARegisteredHandler() {
            HttpResponse<String> response = gateway.head("/v1/handlers/echo");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void headByAliasAnswers200() {
            assertThat(gateway.head("/v1/handlers/payments").statusCode()).isEqualTo(200);
        }

        @Test
        void headAnswers404ForAnUnknownHandler() {
            HttpResponse<String> response = gateway.head("/v1/handlers/refund");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        }

        @Test
        void postIs405WithAllow() {
            HttpResponse<String> response = gateway.postJson("/v1/handlers/echo", "{}");

            assertProblem(response, 405, null);
            assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET"));
        }
    }
}
