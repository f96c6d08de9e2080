package dev.tasker.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code openapi.yaml} as a contract an answer is checked against: the operation exists (read with
 * swagger-parser-v3), the answer's status is declared for it, its {@code Content-Type} is one of the declared
 * media types, its body is valid against the declared schema (JSON Schema of the spec's OpenAPI 3.1 dialect,
 * with {@code $ref}s resolved into the spec's components by networknt's validator, formats asserted), and
 * each declared header it carries matches its schema. An answer the spec does not declare is a violation.
 *
 * <p>Stricter than the spec's own words in one way: an object schema that says nothing about other properties
 * admits none here ({@code unevaluatedProperties: false} is added to the checker's copy), so a field an answer
 * carries that the spec does not name is a violation too. The served spec stays open to additions.
 */
public final class OpenApiContract {

    private static final String SPEC_IRI = "https://tasker.dev/gateway/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAPI model;
    private final JsonNode raw;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiContract(OpenAPI model, JsonNode raw) {
        this.model = model;
        this.raw = raw;
        String specJson = closedObjects(raw.deepCopy()).toString();
        this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(SPEC_IRI, specJson))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** Reads the spec; fails when the parser has anything to say about it. */
    public static OpenApiContract load(Path spec) {
        try {
            String text = Files.readString(spec);
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
            if (result.getOpenAPI() == null || !result.getMessages().isEmpty()) {
                throw new IllegalStateException("openapi.yaml does not parse cleanly: " + result.getMessages());
            }
            return new OpenApiContract(result.getOpenAPI(), new YAMLMapper().readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation of the spec, as {@code "GET /v1/handlers/{name}"}. */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        model.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.add(method.name() + " " + path)));
        return operations;
    }

    /** The statuses the spec declares for an operation. */
    public List<String> statuses(String operation) {
        return operation(operation).map(op -> List.copyOf(op.getResponses().keySet())).orElse(List.of());
    }

    /**
     * What is wrong with this answer to this operation ({@code "POST /v1/steps"}); empty when the spec declares
     * it exactly.
     */
    public List<String> violations(String operation, HttpResponse<String> response) {
        List<String> violations = new ArrayList<>();
        Optional<Operation> op = operation(operation);
        if (op.isEmpty()) {
            return List.of(operation + " is not an operation of the spec");
        }
        String status = String.valueOf(response.statusCode());
        ApiResponse declared = op.get().getResponses().get(status);
        if (declared == null) {
            return List.of(operation + " answered " + status + ", which the spec does not declare (declared: "
                    + op.get().getResponses().keySet() + "); body: " + abbreviated(response.body()));
        }
        String pointer = responsePointer(operation, status, declared);
        if (declared.get$ref() != null) {
            declared = model.getComponents().getResponses().get(refName(declared.get$ref()));
        }
        checkHeaders(operation, status, declared, pointer, response, violations);
        boolean head = operation.startsWith("HEAD ");
        String body = response.body() == null ? "" : response.body();
        if (head) {
            if (!body.isEmpty()) {
                violations.add(operation + " " + status + " has a body, which HEAD must not");
            }
            return violations;
        }
        if (declared.getContent() == null || declared.getContent().isEmpty()) {
            if (!body.isEmpty()) {
                violations.add(operation + " " + status + " has a body the spec does not declare: " + abbreviated(body));
            }
            return violations;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (contentType == null) {
            violations.add(operation + " " + status + " has no Content-Type (declared: "
                    + declared.getContent().keySet() + ")");
            return violations;
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!declared.getContent().containsKey(mediaType)) {
            violations.add(operation + " " + status + " answered " + contentType + ", declared: "
                    + declared.getContent().keySet());
            return violations;
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        if (raw.at(schemaPointer).isMissingNode()) {
            violations.add(operation + " " + status + " " + mediaType + " declares no schema");
            return violations;
        }
        JsonNode instance;
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            try {
                instance = JSON.readTree(body);
            } catch (IOException e) {
                violations.add(operation + " " + status + " body is not JSON: " + abbreviated(body));
                return violations;
            }
        } else {
            instance = TextNode.valueOf(body);
        }
        for (Error error : schema(schemaPointer).validate(instance)) {
            violations.add(operation + " " + status + " body: " + error.getInstanceLocation() + " " + error.getMessage());
        }
        return violations;
    }

    private void checkHeaders(String operation, String status, ApiResponse declared, String pointer,
                              HttpResponse<String> response, List<String> violations) {
        if (declared.getHeaders() == null) {
            return;
        }
        for (Map.Entry<String, Header> header : declared.getHeaders().entrySet()) {
            Optional<String> value = response.headers().firstValue(header.getKey());
            String headerPointer = pointer + "/headers/" + escape(header.getKey());
            JsonNode headerNode = raw.at(headerPointer);
            if (headerNode.has("$ref")) {
                headerPointer = headerNode.get("$ref").asText().substring(1);
            }
            if (value.isEmpty() || raw.at(headerPointer + "/schema").isMissingNode()) {
                continue;
            }
            Schema schema = schema(headerPointer + "/schema");
            if (!schema.validate(TextNode.valueOf(value.get())).isEmpty() && !validNumber(schema, value.get())) {
                violations.add(operation + " " + status + " header " + header.getKey() + ": '" + value.get()
                        + "' does not match " + raw.at(headerPointer + "/schema"));
            }
        }
    }

    private static boolean validNumber(Schema schema, String value) {
        try {
            return schema.validate(JSON.readTree(value)).isEmpty();
        } catch (IOException notJson) {
            return false;
        }
    }

    private Optional<Operation> operation(String operation) {
        int space = operation.indexOf(' ');
        PathItem item = model.getPaths().get(operation.substring(space + 1));
        if (item == null) {
            return Optional.empty();
        }
        PathItem.HttpMethod method = PathItem.HttpMethod.valueOf(operation.substring(0, space));
        return Optional.ofNullable(item.readOperationsMap().get(method));
    }

    private static String responsePointer(String operation, String status, ApiResponse declared) {
        if (declared.get$ref() != null) {
            return "/components/responses/" + escape(refName(declared.get$ref()));
        }
        int space = operation.indexOf(' ');
        return "/paths/" + escape(operation.substring(space + 1)) + "/"
                + operation.substring(0, space).toLowerCase(Locale.ROOT) + "/responses/" + status;
    }

    /** The schema at a JSON pointer of the spec, its local {@code $ref}s made to point into the spec. */
    private Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, at -> {
            JsonNode node = absoluteRefs(closedObjects(raw.at(at).deepCopy()));
            return schemas.getSchema(node);
        });
    }

    private static JsonNode absoluteRefs(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                object.put("$ref", SPEC_IRI + ref.asText());
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                absoluteRefs(it.next());
            }
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::absoluteRefs);
        }
        return node;
    }

    /** Adds {@code unevaluatedProperties: false} to every object schema that declares properties and no rule for others. */
    private static JsonNode closedObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.get("properties") instanceof ObjectNode && !object.has("additionalProperties")
                    && !object.has("unevaluatedProperties")) {
                object.put("unevaluatedProperties", false);
            }
            object.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                    closedObjects(field.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::closedObjects);
        }
        return node;
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviated(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
