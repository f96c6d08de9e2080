package dev.tasker.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.gateway.examples.EchoHandler;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.registry.HandlerSource;
import dev.tasker.gateway.registry.RegisteredHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The fingerprint is canonical (key order, number spelling) and names exactly the parts that differ. */
class StepFingerprintTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();
    private static final RegisteredHandler ECHO = new RegisteredHandler(new EchoHandler(), HandlerSource.BUILTIN);
    private static final String STEP_UUID = Uuids.v7().toString();

    private static StepFingerprint fingerprint(String stepJson) throws Exception {
        TaskSequenceStep step = new StepNormalizer().normalize(JSON.readValue(stepJson, TaskSequenceStep.class));
        return StepFingerprint.of(step, ECHO, JSON);
    }

    private static String step(String context) {
        return "{\"workflow_step\":{\"workflow_step_uuid\":\"" + STEP_UUID + "\",\"attempts\":0},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"}},\"task\":{\"task\":{\"context\":"
                + context + "}}}";
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false, 1.5, -0.25).map(o -> o));
        return Arbitraries.recursive(() -> scalars.map(JSON::valueToTree),
                inner -> Arbitraries.oneOf(
                        Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), inner)
                                .ofMaxSize(5).map(map -> (JsonNode) JSON.valueToTree(map)),
                        inner.list().ofMaxSize(4).map(list -> (JsonNode) JSON.valueToTree(list))), 4);
    }

    /** The same tree with the members of every object in another order. */
    private static JsonNode shuffled(JsonNode node, Random random) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.shuffle(names, random);
            ObjectNode copy = JSON.createObjectNode();
            names.forEach(name -> copy.set(name, shuffled(node.get(name), random)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(shuffled(element, random)));
            return copy;
        }
        return node;
    }

    @Property(tries = 300)
    void keyOrderNeverChangesTheFingerprint(@ForAll("trees") JsonNode context, @ForAll long seed) throws Exception {
        String reordered = JSON.writeValueAsString(shuffled(context, new Random(seed)));

        assertThat(fingerprint(step(reordered))).isEqualTo(fingerprint(step(JSON.writeValueAsString(context))));
    }

    @Property(tries = 200)
    void aChangedValueChangesOnlyItsOwnPart(@ForAll("trees") JsonNode context) throws Exception {
        String original = JSON.writeValueAsString(Map.of("v", context));
        String changed = JSON.writeValueAsString(Map.of("v", context, "extra", 1));

        assertThat(fingerprint(step(changed)).differencesFrom(fingerprint(step(original))))
                .containsExactly(StepFingerprint.CONTEXT);
    }

    @Test
    void numbersAreComparedByValue() throws Exception {
        assertThat(fingerprint(step("{\"n\":1.0,\"m\":1e2,\"z\":-0.0}")))
                .isEqualTo(fingerprint(step("{\"n\":1,\"m\":100,\"z\":0}")));
        assertThat(fingerprint(step("{\"n\":1.5}"))).isNotEqualTo(fingerprint(step("{\"n\":1.50001}")));
        assertThat(fingerprint(step("{\"n\":\"1\"}"))).isNotEqualTo(fingerprint(step("{\"n\":1}")));
    }

    @Test
    void rowTimestampsAndOtherFieldsAreNotPartOfIt() throws Exception {
        String bare = step("{}");
        String refreshed = bare.replace("\"attempts\":0", "\"attempts\":0,\"last_attempted_at\":\"2025-11-29T09:00:00\","
                + "\"updated_at\":\"2025-11-29T09:00:00\",\"in_process\":true,\"processed_at\":\"2025-11-29T09:00:01\"");

        assertThat(fingerprint(refreshed)).isEqualTo(fingerprint(bare));
    }

    @Test
    void encodesAndDecodesToTheSameFingerprint() throws Exception {
        StepFingerprint fingerprint = fingerprint(step("{\"a\":[1,2,{\"b\":null}]}"));

        assertThat(StepFingerprint.decode(fingerprint.encoded())).hasValue(fingerprint);
        assertThat(fingerprint.parts()).containsOnlyKeys("handler", "config", "context", "inputs",
                "dependency_results");
        assertThat(StepFingerprint.decode(null)).isEmpty();
    }

    @Test
    void aStoredFingerprintWithOtherPartsIsComparedOnTheCommonOnes() throws Exception {
        StepFingerprint mine = fingerprint(step("{}"));
        StepKey key = new StepKey(Uuids.v7(), 0);
        StepFingerprint older = new StepFingerprint(Map.of("context", mine.parts().get("context")));

        mine.requireSameAs(key, older);
        mine.requireSameAs(key, null);
        assertThatThrownBy(() -> mine.requireSameAs(key, new StepFingerprint(Map.of("context", "x", "inputs", "y"))))
                .isInstanceOfSatisfying(IdempotencyKeyReusedException.class,
                        e -> assertThat(e.parts()).containsExactly("context", "inputs"));
    }

    @Test
    void canonicalTextSortsMembersAndHasNoWhitespace() throws Exception {
        assertThat(CanonicalJson.text(JSON.readTree("{ \"b\" : [ 2 , 1.10 ], \"a\" : { \"y\" : null, \"x\" : \"é\" } }")))
                .isEqualTo("{\"a\":{\"x\":\"é\",\"y\":null},\"b\":[2,1.1]}");
    }
}
