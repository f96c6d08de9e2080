package dev.tasker.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates business payloads against the JSON Schema declared with an event (draft 2020-12 unless the
 * schema names another {@code $schema}). Remote {@code $ref}s are not fetched. Compiled schemas are cached
 * by their text, up to a bound. Thread-safe.
 */
public final class PayloadSchemaValidator {

    private static final int MAX_CACHED = 1000;

    private final ObjectMapper mapper;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final ConcurrentHashMap<String, Schema> cache = new ConcurrentHashMap<>();

    public PayloadSchemaValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param schema  the declared schema (any JSON); null or absent accepts everything
     * @param payload the business payload
     * @return what is wrong, one line each; empty when the payload is valid
     */
    public List<String> problems(Object schema, Object payload) {
        if (schema == null) {
            return List.of();
        }
        JsonNode schemaNode = mapper.valueToTree(schema);
        if (schemaNode.isNull() || schemaNode.isMissingNode()) {
            return List.of();
        }
        Schema compiled;
        try {
            compiled = compile(schemaNode);
        } catch (RuntimeException e) {
            return List.of("the declared schema is not usable: " + e.getMessage());
        }
        JsonNode payloadNode = mapper.valueToTree(payload);
        List<Error> errors = compiled.validate(payloadNode);
        return errors.stream().map(Error::toString).toList();
    }

    private Schema compile(JsonNode schemaNode) {
        String key = schemaNode.toString();
        Schema cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Schema compiled = registry.getSchema(schemaNode);
        if (cache.size() < MAX_CACHED) {
            cache.put(key, compiled);
        }
        return compiled;
    }
}
