package dev.tasker.gateway.handler;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.WireJson;
import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON Schemas (draft 2020-12 unless a schema names another {@code $schema}) a handler declares for
 * the three inputs the contract keeps apart: {@code context} (the task input, {@code task.task.context}),
 * {@code config} (the handler config, {@code step_definition.handler.initialization}) and {@code inputs}
 * (the step inputs, {@code workflow_step.inputs}). A part left null is not checked. The gateway compiles
 * each declared schema once, when the handler is registered (a schema that is not a valid JSON Schema
 * refuses the handler), and checks every step against it before the handler runs: a step that does not
 * match is answered {@code validation_error} / {@code INPUT_INVALID} and the handler is not called.
 *
 * <p>Immutable and thread-safe. The {@code with*} methods return a copy.
 *
 * @param context schema of the task context, or null
 * @param config  schema of the handler config, or null
 * @param inputs  schema of the step inputs, or null
 */
public record InputSchema(
        @JsonProperty("context") Map<String, Object> context,
        @JsonProperty("config") Map<String, Object> config,
        @JsonProperty("inputs") Map<String, Object> inputs) {

    private static final InputSchema NONE = new InputSchema(null, null, null);
    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    /** Copies each given schema; null stays null (that part is not checked). */
    public InputSchema {
        context = copyOrNull(context);
        config = copyOrNull(config);
        inputs = copyOrNull(inputs);
    }

    /** No schema at all: nothing is checked. What {@link StepHandler#inputSchema()} answers by default. */
    public static InputSchema none() {
        return NONE;
    }

    /**
     * Reads {@code {"context": {...}, "config": {...}, "inputs": {...}}}; each key may be left out.
     *
     * @throws IllegalArgumentException when the text is not such a JSON object
     */
    public static InputSchema fromJson(String json) {
        try {
            InputSchema read = JSON.readValue(json, InputSchema.class);
            if (read == null) {
                throw new IllegalArgumentException("an input schema must be a JSON object, not null");
            }
            return read;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not an input schema {context, config, inputs}: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@link #fromJson} text from a resource next to {@code owner} (its class loader, so a plugin jar
     * reads its own files): {@code InputSchema.fromResource(MyHandler.class, "my_handler.schema.json")}.
     *
     * @throws IllegalArgumentException when the resource is missing or not an input schema
     */
    public static InputSchema fromResource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name + " next to " + owner.getName());
            }
            return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With the task context's schema given as JSON text (an object). */
    public InputSchema withContext(String schemaJson) {
        return new InputSchema(parse("context", schemaJson), config, inputs);
    }

    /** With the handler config's schema given as JSON text (an object). */
    public InputSchema withConfig(String schemaJson) {
        return new InputSchema(context, parse("config", schemaJson), inputs);
    }

    /** With the step inputs' schema given as JSON text (an object). */
    public InputSchema withInputs(String schemaJson) {
        return new InputSchema(context, config, parse("inputs", schemaJson));
    }

    /** True when no part declares a schema. */
    @JsonIgnore
    public boolean isEmpty() {
        return context == null && config == null && inputs == null;
    }

    private static Map<String, Object> parse(String part, String schemaJson) {
        if (schemaJson == null) {
            return null;
        }
        try {
            return JSON.readValue(schemaJson, new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the " + part + " schema is not a JSON object: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> copyOrNull(Map<String, Object> schema) {
        return schema == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(schema));
    }
}
