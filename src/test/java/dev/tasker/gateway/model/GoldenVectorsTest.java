package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.testing.JsonTrees;
import dev.tasker.gateway.testing.ResultAssertions;
import dev.tasker.gateway.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every golden file parses into its record and re-serializes to an equal JSON value (contract vectors). */
class GoldenVectorsTest {

    private static final Logger LOG = LoggerFactory.getLogger(GoldenVectorsTest.class);
    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    static List<String> stepFiles() {
        return Vectors.names(".task-sequence-step.json");
    }

    static List<String> resultFiles() {
        return Vectors.names(".step-execution-result.json");
    }

    static List<String> eventFiles() {
        return Vectors.names(".json").stream().filter(n -> n.startsWith("event-")).toList();
    }

    static List<String> lenientFiles() {
        return Vectors.names(".lenient.json");
    }

    /** Contract 0.1: results other workers send are read as the Rust core reads them, missing keys defaulted. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lenientFiles")
    void resultAsAnotherWorkerSendsItIsReadWithTheRustDefaults(String file) throws IOException {
        JsonNode inbound = Vectors.tree(file);

        StepExecutionResult result = JSON.treeToValue(inbound, StepExecutionResult.class);

        assertThat(result.stepUuid().toString()).isEqualTo(inbound.get("step_uuid").asText());
        assertThat(result.success()).isEqualTo(inbound.get("success").asBoolean());
        assertThat(result.metadata().completedAt()).isNotNull();
        assertThat(result.isRetryable()).isEqualTo(inbound.at("/metadata/retryable").asBoolean());
        ResultAssertions.assertStrictResult(reserialize(result));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepFiles")
    void taskSequenceStepRoundTripsToAnEqualJsonValue(String file) throws IOException {
        JsonNode golden = Vectors.tree(file);

        TaskSequenceStep step = JSON.treeToValue(golden, TaskSequenceStep.class);

        assertThat(step.workflowStep().workflowStepUuid()).isNotNull();
        assertThat(step.handlerName()).isNotBlank();
        assertSameJson(reserialize(step), golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resultFiles")
    void stepExecutionResultRoundTripsToAnEqualJsonValue(String file) throws IOException {
        JsonNode golden = Vectors.tree(file);

        StepExecutionResult result = JSON.treeToValue(golden, StepExecutionResult.class);

        assertThat(result.statusEnum()).isPresent();
        JsonNode written = reserialize(result);
        assertSameJson(written, golden);
        ResultAssertions.assertStrictResult(written);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void eventPayloadStepAndResultRoundTrip(String file) throws IOException {
        JsonNode event = Vectors.tree(file);
        JsonNode stepNode = event.at("/payload/task_sequence_step");
        JsonNode resultNode = event.at("/payload/execution_result");
        assertThat(stepNode.isObject()).isTrue();
        assertThat(resultNode.isObject()).isTrue();

        TaskSequenceStep step = JSON.treeToValue(stepNode, TaskSequenceStep.class);
        StepExecutionResult result = JSON.treeToValue(resultNode, StepExecutionResult.class);

        assertSameJson(reserialize(step), stepNode);
        assertSameJson(reserialize(result), resultNode);
        assertThat(event.at("/metadata/step_uuid").asText()).isEqualTo(step.workflowStep().workflowStepUuid().toString());
        assertThat(event.at("/metadata/step_uuid").asText()).isEqualTo(result.stepUuid().toString());
    }

    @Test
    void everyBundledFileIsCoveredByOneOfTheRoundTrips() {
        List<String> covered = new ArrayList<>(stepFiles());
        covered.addAll(resultFiles());
        covered.addAll(eventFiles());
        covered.addAll(lenientFiles());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Vectors.names(".json"));
        assertThat(stepFiles()).hasSize(5);
        assertThat(resultFiles()).hasSize(5);
        assertThat(eventFiles()).hasSize(1);
        assertThat(lenientFiles()).hasSize(2);
    }

    /**
     * The bundled copy cannot drift from the shared spec: when {@code contract.shared.vectors} names an
     * existing folder, both hold the same files with equal JSON. Without it (a checkout away from the shared
     * spec), the bundled set is checked against the table of the bundled README, and the report says so.
     */
    @Test
    void bundledVectorsEqualTheSharedOnesOrAreCompleteWhenTheSharedFolderIsAbsent(TestReporter reporter)
            throws IOException {
        List<String> bundled = Vectors.names(".json");
        String property = System.getProperty("contract.shared.vectors");
        Path shared = property == null ? null : Path.of(property);

        if (shared != null && Files.isDirectory(shared)) {
            List<String> sharedNames;
            try (Stream<Path> files = Files.list(shared)) {
                sharedNames = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            }
            assertThat(sharedNames).as("shared vectors in %s", shared).isNotEmpty();
            assertThat(bundled).as("bundled vs shared file names").containsExactlyElementsOf(sharedNames);
            for (String name : sharedNames) {
                JsonNode sharedTree = JSON.readTree(Files.readString(shared.resolve(name)));
                assertThat(Vectors.tree(name)).as("bundled %s equals the shared one", name).isEqualTo(sharedTree);
            }
            report(reporter, "compared " + sharedNames.size() + " bundled vectors with " + shared);
        } else {
            List<String> listed = filesListedInBundledReadme();
            assertThat(listed).as("files named by the bundled vectors/README.md").hasSizeGreaterThanOrEqualTo(11);
            assertThat(bundled).containsExactlyInAnyOrderElementsOf(listed);
            for (String name : bundled) {
                assertThat(Vectors.tree(name).isObject()).as(name).isTrue();
            }
            report(reporter, "shared folder " + property + " absent; checked the " + bundled.size()
                    + " bundled vectors against their README instead");
        }
    }

    private static void report(TestReporter reporter, String message) {
        LOG.info("{}", message);
        reporter.publishEntry("vectors", message);
    }

    private static List<String> filesListedInBundledReadme() throws IOException {
        String readme = Files.readString(Vectors.folder().resolve("README.md"));
        Matcher m = Pattern.compile("`([a-z0-9-]+(\\.[a-z-]+)?\\.json)`").matcher(readme);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode reserialize(Object value) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    private static void assertSameJson(JsonNode actual, JsonNode expected) {
        assertThat(JsonTrees.canonical(actual)).isEqualTo(JsonTrees.canonical(expected));
    }
}
