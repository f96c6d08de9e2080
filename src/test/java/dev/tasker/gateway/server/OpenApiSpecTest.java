package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.testing.JsonTrees;
import dev.tasker.gateway.testing.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml} and the server agree: every JAX-RS route of the production {@link GatewayApplication}
 * is in the spec and the spec names no route the server lacks; every {@code $ref} resolves; the golden
 * examples are the contract's files, verbatim.
 */
class OpenApiSpecTest {

    private static final Set<String> OPERATION_KEYS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options", "trace");
    /**
     * Swagger UI's static files: an implementation detail of {@code GET /docs}, not part of the API, so the
     * spec leaves them out.
     */
    private static final Set<String> UNDOCUMENTED = Set.of("GET /docs/assets/{file}");

    private static GatewayApplication application;
    private static JsonNode spec;

    @BeforeAll
    static void load() throws IOException {
        Path home = Files.createTempDirectory("openapi-test");
        application = new GatewayApplication(GatewayConfig.of(Map.of(
                "data_dir", home.resolve("data").toString(), "plugins_dir", home.resolve("plugins").toString())));
        spec = new YAMLMapper().readTree(Files.readString(Path.of("openapi.yaml")));
    }

    @AfterAll
    static void close() {
        application.executor().close();
    }

    @Test
    void specIsOpenApi31() {
        assertThat(spec.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(spec.at("/info/title").asText()).isNotBlank();
    }

    @Test
    void everyOperationThatNeedsAKeyDocumentsItsRefusals() {
        List<String> undocumented = new ArrayList<>();
        spec.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode security = op.getValue().get("security");
            boolean isPublic = security != null && security.isArray() && security.isEmpty();
            if (OPERATION_KEYS.contains(op.getKey()) && !isPublic) {
                for (String status : List.of("401", "403")) {
                    if (!op.getValue().path("responses").has(status)) {
                        undocumented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status);
                    }
                }
            }
        }));

        assertThat(undocumented).as("refusals of the API key filter missing from the spec").isEmpty();
    }

    @Test
    void everyOperationThatNeedsAKeyNamesTheScopeTheFilterChecks() {
        List<String> wrong = new ArrayList<>();
        spec.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode security = op.getValue().get("security");
            if (!OPERATION_KEYS.contains(op.getKey()) || security != null && security.isEmpty()) {
                return;
            }
            String scope = dev.tasker.gateway.http.auth.RouteScopes.required(op.getKey(),
                    path.getKey().replaceAll("\\{[^}]+}", "x")).wireName();
            List<String> schemes = new ArrayList<>();
            if (security != null) {
                security.forEach(requirement -> requirement.fields().forEachRemaining(scheme -> {
                    schemes.add(scheme.getKey());
                    if (scheme.getValue().size() != 1 || !scheme.getValue().get(0).asText().equals(scope)) {
                        wrong.add(op.getKey() + " " + path.getKey() + " " + scheme.getKey() + " should need " + scope);
                    }
                }));
            }
            if (!schemes.containsAll(List.of("ApiKeyHeader", "BearerAuth", "BearerJwt", "ClientCert"))) {
                wrong.add(op.getKey() + " " + path.getKey() + " lists " + schemes);
            }
        }));

        assertThat(wrong).as("per-route security requirements").isEmpty();
        assertThat(spec.at("/components/securitySchemes/BearerJwt/bearerFormat").asText()).isEqualTo("JWT");
        assertThat(spec.at("/components/securitySchemes/ApiKeyHeader/type").asText()).isEqualTo("apiKey");
        assertThat(spec.at("/components/securitySchemes/ClientCert/type").asText()).isEqualTo("mutualTLS");
    }

    @Test
    void everyServerRouteIsInTheSpec() {
        Set<String> missing = new TreeSet<>(serverRoutes());
        missing.removeAll(specRoutes());

        assertThat(missing).as("JAX-RS routes missing from openapi.yaml").isEmpty();
    }

    @Test
    void theSpecNamesNoRouteTheServerLacks() {
        Set<String> server = serverRoutes();
        Set<String> extra = new TreeSet<>();
        for (String route : specRoutes()) {
            String path = route.substring(route.indexOf(' ') + 1);
            boolean derivedByJersey = (route.startsWith("HEAD ") && server.contains("GET " + path))
                    || route.startsWith("OPTIONS ");
            if (!server.contains(route) && !derivedByJersey) {
                extra.add(route);
            }
        }

        assertThat(extra).as("routes in openapi.yaml the server does not serve").isEmpty();
    }

    @Test
    void theRouteListsAreNotEmpty() {
        assertThat(serverRoutes()).contains("POST /v1/steps", "GET /v1/handlers", "GET /v1/handlers/{name}",
                "GET /health/ready");
        assertThat(specRoutes()).contains("HEAD /v1/handlers/{name}");
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).isNotEmpty();

        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(spec.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        }
    }

    @Test
    void goldenExamplesAreTheContractsFilesVerbatim() {
        JsonNode examples = spec.at("/components/examples");
        List<String> files = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = examples.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> example = it.next();
            String file = example.getValue().path("x-golden-file").asText(null);
            if (file != null) {
                files.add(file);
                assertThat(JsonTrees.canonical(example.getValue().get("value"))).as(example.getKey())
                        .isEqualTo(JsonTrees.canonical(Vectors.tree(file)));
            }
        }
        List<String> expected = new ArrayList<>(Vectors.names(".task-sequence-step.json"));
        expected.addAll(Vectors.names(".step-execution-result.json"));
        assertThat(files).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyOperationHasAnIdAndResponses() {
        Set<String> ids = new TreeSet<>();
        spec.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (OPERATION_KEYS.contains(op.getKey())) {
                String id = op.getValue().path("operationId").asText("");
                assertThat(id).as("operationId of %s %s", op.getKey(), path.getKey()).isNotBlank();
                assertThat(ids.add(id)).as("operationId %s is unique", id).isTrue();
                assertThat(op.getValue().path("responses").size()).as("responses of %s", id).isPositive();
            }
        }));
    }

    private static Set<String> specRoutes() {
        Set<String> routes = new TreeSet<>();
        spec.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (OPERATION_KEYS.contains(key)) {
                routes.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return routes;
    }

    /** Explicit routes of the production application, from Jersey's resource model. */
    private static Set<String> serverRoutes() {
        Set<Class<?>> classes = new java.util.LinkedHashSet<>(application.getClasses());
        application.getInstances().forEach(instance -> classes.add(instance.getClass()));
        Set<String> routes = new TreeSet<>();
        for (Class<?> type : classes) {
            if (Resource.getPath(type) != null) {
                addRoutes(Resource.from(type), "", routes);
            }
        }
        for (Resource resource : application.getResources()) {
            addRoutes(resource, "", routes);
        }
        routes.removeAll(UNDOCUMENTED);
        return routes;
    }

    private static void addRoutes(Resource resource, String parent, Set<String> routes) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + path);
        }
        for (Resource child : resource.getChildResources()) {
            addRoutes(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("/+", "/")
                .replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, refs));
        }
    }
}
