package dev.tasker.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A handler's {@link InputSchema}, compiled once when it is registered: each declared part is checked
 * against the JSON Schema 2020-12 meta-schema and its {@code $ref}s resolved then, so a schema that cannot
 * work refuses the handler at registration instead of failing steps later. Only {@code $ref}s inside the
 * schema (and the meta-schemas) resolve: nothing is fetched over the network. Thread-safe.
 */
public final class CompiledInputSchema {

    /** At most this many violations are reported for one step (a hostile input could have thousands). */
    public static final int MAX_VIOLATIONS = 20;

    static final CompiledInputSchema NONE = new CompiledInputSchema(null, null, null);

    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
                    .block(iri -> !iri.toString().startsWith("https://json-schema.org/"))));
    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    private final Schema context;
    private final Schema config;
    private final Schema inputs;

    private CompiledInputSchema(Schema context, Schema config, Schema inputs) {
        this.context = context;
        this.config = config;
        this.inputs = inputs;
    }

    /**
     * @throws InvalidHandlerDeclarationException naming the handler, the part and what is wrong with it
     */
    static CompiledInputSchema compile(String handlerName, InputSchema declared) {
        if (declared == null || declared.isEmpty()) {
            return NONE;
        }
        return new CompiledInputSchema(part(handlerName, "context", declared.context()),
                part(handlerName, "config", declared.config()), part(handlerName, "inputs", declared.inputs()));
    }

    /** True when at least one input is checked. */
    public boolean checksAnything() {
        return context != null || config != null || inputs != null;
    }

    /**
     * What the step does not match, context first, then config, then inputs, each by path; at most
     * {@link #MAX_VIOLATIONS}.
     * A missing input is checked as JSON {@code null}. Empty when the step matches (or nothing is declared).
     */
    public List<InputViolation> violations(TaskSequenceStep step) {
        if (!checksAnything()) {
            return List.of();
        }
        List<InputViolation> found = new ArrayList<>();
        check("context", context, step.task() == null || step.task().task() == null ? null
                : step.task().task().context(), found);
        check("config", config, step.stepDefinition() == null || step.stepDefinition().handler() == null ? Map.of()
                : step.stepDefinition().handler().initialization(), found);
        check("inputs", inputs, step.workflowStep() == null ? null : step.workflowStep().inputs(), found);
        return found.size() > MAX_VIOLATIONS ? List.copyOf(found.subList(0, MAX_VIOLATIONS)) : List.copyOf(found);
    }

    private static void check(String input, Schema schema, Object value, List<InputViolation> found) {
        if (schema == null || found.size() >= MAX_VIOLATIONS) {
            return;
        }
        JsonNode node = value == null ? NullNode.getInstance() : JSON.valueToTree(value);
        List<InputViolation> violations = new ArrayList<>();
        for (Error error : schema.validate(node)) {
            violations.add(new InputViolation(input, String.valueOf(error.getInstanceLocation()), error.getKeyword(),
                    error.getMessage()));
        }
        // by place in the input, so the same step always reads the same
        violations.sort(Comparator.comparing(InputViolation::path).thenComparing(InputViolation::keyword,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        found.addAll(violations);
    }

    private static Schema part(String handlerName, String input, Map<String, Object> declared) {
        if (declared == null) {
            return null;
        }
        String where = "handler '" + handlerName + "' declares an invalid input_schema." + input;
        JsonNode node = JSON.valueToTree(declared);
        List<Error> problems = metaSchema().validate(node);
        if (!problems.isEmpty()) {
            throw new InvalidHandlerDeclarationException(where + " (not a JSON Schema 2020-12): " + problems.stream()
                    .map(problem -> describe(problem)).collect(Collectors.joining("; ")));
        }
        try {
            Schema schema = SCHEMAS.getSchema(node);
            schema.initializeValidators(); // resolves every $ref now
            return schema;
        } catch (RuntimeException e) {
            throw new InvalidHandlerDeclarationException(where + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Error problem) {
        String at = String.valueOf(problem.getInstanceLocation());
        return (at.isEmpty() ? "" : at + ": ") + problem.getMessage();
    }

    private static Schema metaSchema() {
        return MetaSchemaHolder.META;
    }

    /** Loaded on first use: only gateways with handlers that declare schemas pay for it. */
    private static final class MetaSchemaHolder {
        static final Schema META = SCHEMAS.getSchema(SchemaLocation.of(META_SCHEMA));
    }
}
