package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outcome unions keep their {@code type} wherever they are written, and read back by it. */
class OutcomeJsonTest {

    private final ObjectMapper mapper = WireJson.newObjectMapper();

    @Test
    void decisionOutcomeInsideAMapResultKeepsItsType() throws Exception {
        String json = mapper.writeValueAsString(Map.of("decision_point_outcome",
                DecisionPointOutcome.createSteps(List.of("a", "b"))));

        assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree(
                "{\"decision_point_outcome\":{\"type\":\"create_steps\",\"step_names\":[\"a\",\"b\"]}}"));
    }

    @Test
    void outcomesWrittenAtTheRootHaveTheTypeOnceAndReadBack() throws Exception {
        BatchProcessingOutcome batches = new BatchProcessingOutcome.CreateBatches("w",
                List.of(new CursorConfig("001", 0, 5, 5)), 5);
        String json = mapper.writeValueAsString(batches);

        assertThat(json).startsWith("{\"type\":\"create_batches\",").containsOnlyOnce("\"type\"");
        assertThat(mapper.readValue(json, BatchProcessingOutcome.class)).isEqualTo(batches);
        assertThat(mapper.readValue("{\"type\":\"no_branches\"}", DecisionPointOutcome.class))
                .isEqualTo(DecisionPointOutcome.noBranches());
        assertThat(mapper.writeValueAsString(Map.of("o", BatchProcessingOutcome.noBatches())))
                .isEqualTo("{\"o\":{\"type\":\"no_batches\"}}");
    }
}
