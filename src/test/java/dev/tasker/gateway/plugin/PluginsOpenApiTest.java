package dev.tasker.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.testing.TestGateway;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The served spec documents the plugin routes and answers as they really are. */
class PluginsOpenApiTest {

    @Test
    void theSpecDocumentsThePluginRoutesWithTheFieldsTheyAnswer() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            JsonNode spec = new YAMLMapper().readTree(gateway.get("/openapi.yaml").body());
            JsonNode schemas = spec.get("components").get("schemas");

            assertThat(spec.get("paths").get("/v1/plugins").has("get")).isTrue();
            assertThat(spec.get("paths").get("/v1/plugins/reload").has("post")).isTrue();
            assertThat(fieldNames(TestGateway.json(gateway.get("/v1/plugins"))))
                    .containsExactlyInAnyOrderElementsOf(texts(schemas.get("PluginsStatus").get("required")));
            assertThat(fieldNames(TestGateway.json(gateway.postJson("/v1/plugins/reload", ""))))
                    .containsExactlyInAnyOrderElementsOf(texts(schemas.get("ReloadReport").get("required")));
            assertThat(texts(schemas.get("PluginFailure").get("properties").get("kind").get("enum")))
                    .containsExactlyInAnyOrderElementsOf(failureKinds());
        }
    }

    private static List<String> failureKinds() {
        return Arrays.stream(PluginFailure.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("KIND_"))
                .map(PluginsOpenApiTest::value).toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
