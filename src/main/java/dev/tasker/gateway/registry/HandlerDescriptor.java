package dev.tasker.gateway.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.StepHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code GET /v1/handlers/{name}} shows of a handler: what it is, where it came from, and what it
 * declares of itself (the JSON Schemas of its inputs, its error catalog).
 *
 * @param methods        the entry points a step may name in {@code handler.method}, as declared
 * @param inputSchema the declared schemas, or null when the handler declares none
 * @param errors         the declared error catalog; empty when none
 * @param errorsDeclared whether the handler declares a catalog at all (overrides {@link StepHandler#errors()}):
 *                       a handler that declares an empty one says it answers no error code of its own
 */
public record HandlerDescriptor(
        @JsonProperty("name") String name,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty("version") String version,
        @JsonProperty("kind") String kind,
        @JsonProperty("capabilities") List<String> capabilities,
        @JsonProperty("methods") List<String> methods,
        @JsonProperty("source") HandlerSource source,
        @JsonProperty("description") String description,
        @JsonProperty("input_schema") InputSchema inputSchema,
        @JsonProperty("errors") List<DeclaredError> errors,
        @JsonIgnore boolean errorsDeclared) {

    public HandlerDescriptor {
        aliases = List.copyOf(aliases);
        capabilities = List.copyOf(capabilities);
        methods = List.copyOf(methods);
        inputSchema = inputSchema == null || inputSchema.isEmpty() ? null : inputSchema;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    static HandlerDescriptor of(StepHandler handler, HandlerSource source) {
        return of(handler, handler.name(), handler.aliases(), source);
    }

    /**
     * With the name and aliases already asked of the handler (its other methods are asked here).
     *
     * @throws InvalidHandlerDeclarationException when the error catalog holds a null entry or a code twice, or
     *                                            the methods are empty, blank or repeated
     */
    static HandlerDescriptor of(StepHandler handler, String name, List<String> aliases, HandlerSource source) {
        return new HandlerDescriptor(name, safeList(aliases), handler.version(), handler.kind(),
                safeList(handler.capabilities()), methods(name, handler.methods()), source, handler.description(),
                handler.inputSchema(),
                catalog(name, handler.errors()), overridesErrors(handler));
    }

    /** True when the handler declares a schema for at least one of its inputs. */
    public boolean declaresInputSchema() {
        return inputSchema != null;
    }

    /** True when the handler declares an error catalog (possibly empty). */
    public boolean declaresErrors() {
        return errorsDeclared;
    }

    /** True when {@code errorCode} is in the catalog. */
    public boolean declaresError(String errorCode) {
        for (DeclaredError error : errors) {
            if (error.errorCode().equals(errorCode)) {
                return true;
            }
        }
        return false;
    }

    private static List<DeclaredError> catalog(String name, List<DeclaredError> declared) {
        if (declared == null) {
            return List.of();
        }
        List<DeclaredError> catalog = new ArrayList<>(declared.size());
        Set<String> codes = new HashSet<>();
        for (DeclaredError error : declared) {
            if (error == null) {
                throw new InvalidHandlerDeclarationException("handler '" + name + "' declares a null error");
            }
            if (!codes.add(error.errorCode())) {
                throw new InvalidHandlerDeclarationException("handler '" + name + "' declares error_code '"
                        + error.errorCode() + "' twice");
            }
            catalog.add(error);
        }
        return catalog;
    }

    /** True when a step may name {@code method} (null or blank: {@link StepHandler#DEFAULT_METHOD}). */
    public boolean hasMethod(String method) {
        return methods.contains(method == null || method.isBlank() ? StepHandler.DEFAULT_METHOD : method);
    }

    private static List<String> methods(String name, List<String> declared) {
        if (declared == null || declared.isEmpty()) {
            throw new InvalidHandlerDeclarationException("handler '" + name + "' declares no methods");
        }
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (String method : declared) {
            if (method == null || method.isBlank()) {
                throw new InvalidHandlerDeclarationException("handler '" + name + "' declares a blank method");
            }
            if (!seen.add(method)) {
                throw new InvalidHandlerDeclarationException("handler '" + name + "' declares method '" + method
                        + "' twice");
            }
        }
        return List.copyOf(seen);
    }

    private static boolean overridesErrors(StepHandler handler) {
        try {
            return handler.getClass().getMethod("errors").getDeclaringClass() != StepHandler.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static List<String> safeList(List<String> list) {
        return list == null ? List.of() : list.stream().filter(s -> s != null).sorted().toList();
    }
}
