package dev.tasker.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.HandlerDefinition;
import dev.tasker.gateway.model.RetryConfiguration;
import dev.tasker.gateway.model.StepDefinition;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.StepType;
import dev.tasker.gateway.model.Task;
import dev.tasker.gateway.model.TaskForOrchestration;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.model.WorkflowStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds a whole {@link TaskSequenceStep} (contract section 2) the way the orchestrator sends it, keeping the
 * three inputs of a handler apart: the <b>task context</b> ({@code task.task.context}, what
 * {@code StepContext.getInput} reads), the <b>handler config</b> ({@code step_definition.handler.initialization},
 * {@code getConfig}) and the <b>step inputs</b> ({@code workflow_step.inputs}, {@code getStepInputs}).
 *
 * <p>Ids not given are generated (UUID v7) by {@link #build()}, so every built step is complete. A builder is
 * not thread-safe; {@link #build()} may be called more than once (each call generates fresh ids for those not
 * given). Values are kept as given: maps may hold JSON {@code null}.
 */
public final class StepBuilder {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    private final String handlerName;
    private Object context;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private Object inputs;
    private final Map<String, StepExecutionResult> dependencies = new LinkedHashMap<>();
    private Integer attempts;
    private Integer maxAttempts;
    private Long timeoutSeconds;
    private String method;
    private String resolver;
    private String stepName;
    private StepType stepType;
    private Object checkpoint;
    private UUID stepUuid;
    private UUID taskUuid;
    private UUID correlationId;
    private String namespace;
    private String taskName;

    StepBuilder(String handlerName) {
        this.handlerName = handlerName;
    }

    // ---- the three inputs ----

    /** Replaces the task context with this JSON value (a map, list, string, number, boolean or null). */
    public StepBuilder context(Object taskContext) {
        this.context = copyIfMap(taskContext);
        return this;
    }

    /** Sets one top-level key of the task context (which becomes an object if it was not). */
    public StepBuilder context(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Map<String, Object> map = context instanceof Map<?, ?> ? asMap(context) : new LinkedHashMap<>();
        map.put(key, value);
        this.context = map;
        return this;
    }

    /** Replaces the handler config ({@code step_definition.handler.initialization}). */
    public StepBuilder config(Map<String, ?> handlerConfig) {
        config.clear();
        if (handlerConfig != null) {
            config.putAll(handlerConfig);
        }
        return this;
    }

    /** Sets one key of the handler config. */
    public StepBuilder config(String key, Object value) {
        config.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /** Replaces the step inputs ({@code workflow_step.inputs}) with this JSON value. */
    public StepBuilder inputs(Object stepInputs) {
        this.inputs = copyIfMap(stepInputs);
        return this;
    }

    /** Sets one top-level key of the step inputs (which become an object if they were not). */
    public StepBuilder inputs(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Map<String, Object> map = inputs instanceof Map<?, ?> ? asMap(inputs) : new LinkedHashMap<>();
        map.put(key, value);
        this.inputs = map;
        return this;
    }

    // ---- what came before ----

    /** The result of a completed ancestor step, under its step name ({@code dependency_results}). */
    public StepBuilder dependency(String stepName, StepExecutionResult result) {
        dependencies.put(Objects.requireNonNull(stepName, "stepName"), Objects.requireNonNull(result, "result"));
        return this;
    }

    /** A successful ancestor step that returned {@code resultValue}. */
    public StepBuilder dependency(String stepName, Object resultValue) {
        if (resultValue instanceof StepExecutionResult result) {
            return dependency(stepName, result);
        }
        return dependency(stepName, StepExecutionResult.success(Uuids.v7(), resultValue));
    }

    /**
     * This run is attempt {@code number} (1 = the first run) of at most {@code maxAttempts}: sets
     * {@code workflow_step.attempts} to {@code number - 1} (the attempts started before this one) and
     * {@code workflow_step.max_attempts}. So {@code attempt(3, 3)} is the last retry.
     *
     * @throws IllegalArgumentException when {@code number} is not in 1..maxAttempts
     */
    public StepBuilder attempt(int number, int maxAttempts) {
        if (maxAttempts < 1 || number < 1 || number > maxAttempts) {
            throw new IllegalArgumentException("attempt " + number + " of " + maxAttempts
                    + ": the number must be between 1 and maxAttempts");
        }
        this.attempts = number - 1;
        this.maxAttempts = maxAttempts;
        return this;
    }

    /** {@code workflow_step.checkpoint}: the last checkpoint of a batch worker. */
    public StepBuilder checkpoint(Object checkpointValue) {
        this.checkpoint = copyIfMap(checkpointValue);
        return this;
    }

    // ---- the step definition ----

    /** {@code step_definition.timeout_seconds}: the deadline the gateway runs the handler under. */
    public StepBuilder timeoutSeconds(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** {@code step_definition.handler.method}: the entry point of a multi-method handler. */
    public StepBuilder method(String methodName) {
        this.method = methodName;
        return this;
    }

    /** {@code step_definition.handler.resolver}: the one resolver to look the handler up with. */
    public StepBuilder resolver(String resolverName) {
        this.resolver = resolverName;
        return this;
    }

    /** {@code step_definition.type}. */
    public StepBuilder type(StepType type) {
        this.stepType = type;
        return this;
    }

    /** The step's name ({@code workflow_step.name} and {@code step_definition.name}); the handler name if unset. */
    public StepBuilder stepName(String name) {
        this.stepName = name;
        return this;
    }

    // ---- ids and task ----

    public StepBuilder stepUuid(UUID uuid) {
        this.stepUuid = uuid;
        return this;
    }

    public StepBuilder taskUuid(UUID uuid) {
        this.taskUuid = uuid;
        return this;
    }

    public StepBuilder correlationId(UUID id) {
        this.correlationId = id;
        return this;
    }

    /** {@code task.namespace_name} and {@code task.task_name}. */
    public StepBuilder task(String namespaceName, String name) {
        this.namespace = namespaceName;
        this.taskName = name;
        return this;
    }

    /** The whole step, with ids generated where none were given. */
    public TaskSequenceStep build() {
        UUID step = stepUuid != null ? stepUuid : Uuids.v7();
        UUID task = taskUuid != null ? taskUuid : Uuids.v7();
        UUID correlation = correlationId != null ? correlationId : Uuids.v7();
        String name = stepName != null ? stepName : handlerName;

        Task taskRow = new Task(task, null, false, null, null, null, null, null, context, null, 0, null, null,
                correlation, null);
        WorkflowStep workflowStep = new WorkflowStep(step, task, null, name, name, true, maxAttempts, true, false,
                null, attempts == null ? 0 : attempts, null, null, inputs, null, checkpoint, null, null);
        RetryConfiguration retry = maxAttempts == null ? null
                : new RetryConfiguration(true, maxAttempts, null, null, null);
        StepDefinition definition = new StepDefinition(name, null,
                new HandlerDefinition(handlerName, method, resolver, new LinkedHashMap<>(config)), stepType, null,
                List.of(), retry, timeoutSeconds, List.of(), null, null, null);
        return new TaskSequenceStep(new TaskForOrchestration(taskRow, taskName, null, namespace), workflowStep,
                new LinkedHashMap<>(dependencies), definition);
    }

    /** The built step as the JSON body of {@code POST /v1/steps}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the step cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static Object copyIfMap(Object value) {
        return value instanceof Map<?, ?> map ? new LinkedHashMap<>(map) : value;
    }
}
