package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.testing.Handlers;
import dev.tasker.gateway.testing.ResultAssertions;
import dev.tasker.gateway.testing.TestGateway;
import dev.tasker.gateway.testing.Vectors;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated golden steps (issue 10, item 1) sent to a real gateway, single and in batches: wrong types, nulls,
 * deletions, huge and odd strings, deep nesting, truncated and corrupted bytes, another charset. Whatever
 * arrives, the answer is never a 5xx but 503; every 4xx is problem+json without a stack trace; every 200 is a
 * complete strict contract result. A mutation is a seed (jqwik shrinks it) applied to one of the golden steps.
 */
class StepFuzzTest {

    private static final List<String> GOLDEN = Vectors.names(".task-sequence-step.json");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static TestGateway gateway;

    @BeforeContainer
    static void start() {
        gateway = TestGateway.start(Handlers.named("fuzz", context ->
                StepExecutionResult.success(context.stepUuid(), Map.of("seen", context.getStepInputs().size()))));
    }

    @AfterContainer
    static void stop() {
        gateway.close();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 8000)
    void aMutatedStepIsAnsweredWithAResultOrAProblem(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        byte[] body = mutatedBody(random, 1);
        check(post("/v1/steps", body), false);
    }

    @Property(tries = 2000)
    void aMutatedBatchIsAnsweredWithResultsOrAProblem(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        byte[] body = mutatedBody(random, 1 + random.nextInt(3));
        check(post("/v1/steps/batch", body), true);
    }

    private static byte[] mutatedBody(Random random, int steps) {
        JsonNode document;
        if (steps == 1) {
            document = mutate(step(random), random);
        } else {
            ArrayNode list = NODES.arrayNode();
            for (int i = 0; i < steps; i++) {
                list.add(random.nextInt(3) == 0 ? mutate(step(random), random) : step(random));
            }
            ObjectNode batch = NODES.objectNode();
            batch.set("steps", list);
            document = random.nextInt(4) == 0 ? mutate(batch, random) : batch;
        }
        byte[] bytes = document.toString().getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(10)) {
            case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)); // truncated
            case 1 -> { // a corrupted byte
                byte[] copy = bytes.clone();
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                yield copy;
            }
            case 2 -> document.toString().getBytes(StandardCharsets.UTF_16); // another charset
            case 3 -> ("{\"step_definition\":" + "[".repeat(random.nextInt(20_000)))
                    .getBytes(StandardCharsets.UTF_8); // nesting past any parser's limit, never closed
            default -> bytes;
        };
    }

    private static ObjectNode step(Random random) {
        ObjectNode step = (ObjectNode) Vectors.tree(GOLDEN.get(random.nextInt(GOLDEN.size()))).deepCopy();
        ((ObjectNode) step.with("step_definition").with("handler")).put("callable", "fuzz");
        step.with("workflow_step").put("workflow_step_uuid", UUID.randomUUID().toString());
        return step;
    }

    /** Replaces or deletes one value anywhere in the tree (the root included, by returning another). */
    private static JsonNode mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (random.nextInt(20) == 0) {
            return oddValue(random);
        }
        if (container instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                object.remove(name);
            } else {
                object.set(name, oddValue(random));
            }
        } else if (container instanceof ArrayNode array) {
            if (array.size() > 0 && random.nextInt(3) == 0) {
                array.remove(random.nextInt(array.size()));
            } else {
                array.add(oddValue(random));
            }
        } else if (container instanceof ObjectNode object) {
            object.set("x" + random.nextInt(10), oddValue(random));
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                collect(children.next(), containers);
            }
        }
    }

    private static JsonNode oddValue(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(-1);
            case 3 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.textNode("x".repeat(random.nextInt(200_000)));
            case 6 -> NODES.textNode("\u0000\uD83D\uDE00\u202E\uFEFF é ");
            case 7 -> NODES.textNode(UUID.randomUUID().toString().toUpperCase());
            case 8 -> NODES.arrayNode().addNull();
            case 9 -> NODES.objectNode().putNull("");
            case 10 -> {
                JsonNode nested = NODES.textNode("deep");
                for (int i = 0, depth = random.nextInt(400); i < depth; i++) {
                    nested = random.nextBoolean() ? NODES.arrayNode().add(nested) : NODES.objectNode().set("n", nested);
                }
                yield nested;
            }
            default -> NODES.textNode("");
        };
    }

    private static HttpResponse<String> post(String path, byte[] body) {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static void check(HttpResponse<String> response, boolean batch) {
        int status = response.statusCode();
        assertThat(status).as("status of %s", response.body()).satisfiesAnyOf(
                s -> assertThat(s).isBetween(200, 499), s -> assertThat(s).isEqualTo(503));
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 400) {
            assertThat(type).as("a refusal's media type").startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain("\tat ", "Exception:", "<html");
            assertThat(TestGateway.json(response).get("status").asInt()).isEqualTo(status);
        } else if (status == 200) {
            JsonNode answer = TestGateway.json(response);
            if (batch) {
                for (JsonNode result : answer.get("results")) {
                    ResultAssertions.assertStrictResult(result);
                }
            } else {
                ResultAssertions.assertStrictResult(answer);
            }
        }
    }
}
