package dev.tasker.gateway.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.StepDefinition;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.StepType;
import dev.tasker.gateway.model.TaskSequenceStep;
import dev.tasker.gateway.model.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The step a handler runs, with the accessors every Tasker worker offers (contract 2.1). Three inputs are
 * kept apart: the <b>task input</b> ({@code task.task.context}, {@link #getInput}), the <b>handler
 * config</b> ({@code step_definition.handler.initialization}, {@link #getConfig}) and the <b>step
 * inputs</b> ({@code workflow_step.inputs}, {@link #getStepInputs}).
 *
 * <p>Untyped accessors answer unmodifiable {@code Map}s and {@code List}s, {@code String}, {@code Boolean},
 * null, and numbers as {@code Integer}, {@code Long} or {@code BigInteger} for integers and an exact
 * {@code BigDecimal} for the others (a decimal with an exponent beyond ±9999 is a {@code Double}); ask a
 * typed accessor for {@code Double.class} when a double is wanted.
 *
 * <p>Immutable and thread-safe. Accessors never throw for missing data: they return null, empty or the
 * documented default. Typed accessors convert with the gateway's JSON rules and throw
 * {@link IllegalArgumentException} when a present value cannot be converted.
 */
public final class StepContext {

    private static final ObjectMapper MAPPER = WireJson.newObjectMapper();
    private static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final TaskSequenceStep step;
    private final String handlerName;
    private final Duration timeout;

    /**
     * The context the gateway gives a handler.
     *
     * @param step    the step as received (after the gateway filled missing ids); not null
     * @param timeout the deadline the gateway runs the call under; may be null when unknown
     * @throws NullPointerException when {@code step} is null
     */
    public StepContext(TaskSequenceStep step, Duration timeout) {
        this.step = Objects.requireNonNull(step, "step");
        this.handlerName = step.handlerName();
        this.timeout = timeout;
    }

    /**
     * A context with no known deadline ({@link #timeout()} is empty): for tests, and for a handler that
     * runs another handler on a step it built. The step is used as given: ids missing from it stay null.
     *
     * @param step the step; not null
     * @throws NullPointerException when {@code step} is null
     */
    public StepContext(TaskSequenceStep step) {
        this(step, null);
    }

    /** The whole step as received. */
    public TaskSequenceStep step() {
        return step;
    }

    // ---- ids ----

    /**
     * {@code workflow_step.workflow_step_uuid}: the step this call executes, and the {@code step_uuid} the
     * gateway writes into the result. Null only when the step carries none, which never happens for a step
     * the gateway runs (it generates missing ids).
     */
    public UUID stepUuid() {
        return step.workflowStep() == null ? null : step.workflowStep().workflowStepUuid();
    }

    /**
     * {@code task.task.task_uuid}, else {@code workflow_step.task_uuid}. Null only when the step carries
     * neither, which never happens for a step the gateway runs.
     */
    public UUID taskUuid() {
        if (step.task() != null && step.task().task() != null && step.task().task().taskUuid() != null) {
            return step.task().task().taskUuid();
        }
        return step.workflowStep() == null ? null : step.workflowStep().taskUuid();
    }

    /**
     * {@code task.task.correlation_id}: the id to pass to downstream calls and logs so one task's work can
     * be traced across workers. Null only when the step carries none, which never happens for a step the
     * gateway runs.
     */
    public UUID correlationId() {
        return step.task() == null || step.task().task() == null ? null : step.task().task().correlationId();
    }

    /** {@code task.namespace_name}, or null. */
    public String namespace() {
        return step.task() == null ? null : step.task().namespaceName();
    }

    /** {@code task.task_name}, or null. */
    public String taskName() {
        return step.task() == null ? null : step.task().taskName();
    }

    /** The step's name: {@code workflow_step.name}, else {@code step_definition.name}; may be null. */
    public String stepName() {
        if (step.workflowStep() != null && step.workflowStep().name() != null) {
            return step.workflowStep().name();
        }
        return step.stepDefinition() == null ? null : step.stepDefinition().name();
    }

    /**
     * The name the handler was looked up by: {@code step_definition.handler.callable}, else
     * {@code workflow_step.template_step_name}. Null only when the step names neither, which never happens
     * for a step the gateway runs.
     */
    public String handlerName() {
        return handlerName;
    }

    /** {@code step_definition.type}, {@link StepType#STANDARD} when absent. */
    public StepType stepType() {
        StepDefinition definition = step.stepDefinition();
        return definition == null || definition.type() == null ? StepType.STANDARD : definition.type();
    }

    /** The deadline of this call, when the gateway set one. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    // ---- task input ----

    /** The task input ({@code task.task.context}): any JSON value, may be null. */
    public Object taskContext() {
        return step.task() == null || step.task().task() == null ? null : step.task().task().context();
    }

    /** A top-level value of the task input, or null when absent or when the input is not an object. */
    public Object getInput(String key) {
        return valueOf(taskContext(), key);
    }

    /** A top-level value of the task input converted to {@code type}, or null when absent. */
    public <T> T getInput(String key, Class<T> type) {
        return convert(getInput(key), type, "task input '" + key + "'");
    }

    /** A top-level value of the task input, or {@code defaultValue} when absent or null. */
    @SuppressWarnings("unchecked")
    public <T> T getInputOr(String key, T defaultValue) {
        Object value = getInput(key);
        if (value == null) {
            return defaultValue;
        }
        return defaultValue == null ? (T) value : convert(value, (Class<T>) defaultValue.getClass(),
                "task input '" + key + "'");
    }

    // ---- handler config ----

    /** The handler config ({@code step_definition.handler.initialization}); never null. */
    public Map<String, Object> handlerConfig() {
        StepDefinition definition = step.stepDefinition();
        return definition == null || definition.handler() == null ? Map.of() : definition.handler().initialization();
    }

    /**
     * A top-level value of the handler config, as parsed from JSON (a {@code String}, {@code Boolean},
     * number, {@code List}, {@code Map} or null); null when absent or JSON {@code null}.
     *
     * @param key the config key; not null
     */
    public Object getConfig(String key) {
        return handlerConfig().get(key);
    }

    /**
     * A top-level value of the handler config converted to {@code type} with the gateway's JSON rules (for
     * example a JSON object into a record, {@code 5} into a {@code Long}); null when absent or JSON null.
     *
     * @param key  the config key; not null
     * @param type the wanted type; not null
     * @throws IllegalArgumentException when the value is present but cannot be converted to {@code type}
     */
    public <T> T getConfig(String key, Class<T> type) {
        return convert(getConfig(key), type, "handler config '" + key + "'");
    }

    /** A handler config value converted to the default's type, or the default when absent or null. */
    @SuppressWarnings("unchecked")
    public <T> T getConfigOr(String key, T defaultValue) {
        Object value = getConfig(key);
        if (value == null) {
            return defaultValue;
        }
        return defaultValue == null ? (T) value : convert(value, (Class<T>) defaultValue.getClass(),
                "handler config '" + key + "'");
    }

    // ---- step inputs ----

    /** The step inputs ({@code workflow_step.inputs}) as an object; empty when absent or not an object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getStepInputs() {
        Object inputs = step.workflowStep() == null ? null : step.workflowStep().inputs();
        return inputs instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    // ---- dependencies ----

    /** The full result of a completed ancestor, or null. */
    public StepExecutionResult getDependencyStepResult(String stepName) {
        return step.dependencyResults().get(stepName);
    }

    /** The {@code result} value of a completed ancestor, or null when there is none. */
    public Object getDependencyResult(String stepName) {
        StepExecutionResult result = getDependencyStepResult(stepName);
        return result == null ? null : result.result();
    }

    /** The dependency's result converted to {@code type}, or null. */
    public <T> T getDependencyResult(String stepName, Class<T> type) {
        return convert(getDependencyResult(stepName), type, "dependency result '" + stepName + "'");
    }

    /**
     * A nested value of a dependency's result: {@code getDependencyField("validate_cart", "items", "0", "sku")}.
     * Numeric path elements index into arrays. Null when any step of the path is missing.
     */
    public Object getDependencyField(String stepName, String... path) {
        Object current = getDependencyResult(stepName);
        for (String element : path) {
            if (current instanceof List<?> list) {
                int index;
                try {
                    index = Integer.parseInt(element);
                } catch (NumberFormatException e) {
                    return null;
                }
                current = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                current = valueOf(current, element);
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /**
     * True when {@code dependency_results} has an entry for {@code stepName}, even one whose
     * {@code result} is null (so {@link #getDependencyResult} may still return null when this is true).
     *
     * @param stepName the ancestor's step name; not null
     */
    public boolean hasDependencyResult(String stepName) {
        return step.dependencyResults().containsKey(stepName);
    }

    /** The names of every completed ancestor, in the order received. */
    public List<String> getDependencyStepNames() {
        return List.copyOf(step.dependencyResults().keySet());
    }

    // ---- retries ----

    /** Attempts started before this one ({@code workflow_step.attempts}); 0 on the first run. */
    public int retryCount() {
        Integer attempts = step.workflowStep() == null ? null : step.workflowStep().attempts();
        return attempts == null ? 0 : attempts;
    }

    /** {@code workflow_step.max_attempts}, else {@code step_definition.retry.max_attempts}, else 3. */
    public int maxRetries() {
        if (step.workflowStep() != null && step.workflowStep().maxAttempts() != null) {
            return step.workflowStep().maxAttempts();
        }
        StepDefinition definition = step.stepDefinition();
        if (definition != null && definition.retry() != null && definition.retry().maxAttempts() != null) {
            return definition.retry().maxAttempts();
        }
        return DEFAULT_MAX_ATTEMPTS;
    }

    /** True when an earlier attempt of this step was started ({@link #retryCount()} &gt; 0). */
    public boolean isRetry() {
        return retryCount() > 0;
    }

    /** True when this is the last attempt the orchestrator will make (attempts ≥ max_attempts − 1). */
    public boolean isLastRetry() {
        return retryCount() >= maxRetries() - 1;
    }

    // ---- checkpoint ----

    /** {@code workflow_step.checkpoint} as an object, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> checkpoint() {
        Object checkpoint = step.workflowStep() == null ? null : step.workflowStep().checkpoint();
        return checkpoint instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** The checkpoint's cursor, or null. */
    public Object checkpointCursor() {
        Map<String, Object> checkpoint = checkpoint();
        return checkpoint == null ? null : checkpoint.get("cursor");
    }

    /** Items processed before the checkpoint, 0 when there is none. */
    public long checkpointItemsProcessed() {
        Map<String, Object> checkpoint = checkpoint();
        Object value = checkpoint == null ? null : checkpoint.get("items_processed");
        return value instanceof Number number ? number.longValue() : 0L;
    }

    /** The results accumulated up to the checkpoint, or null. */
    public Object accumulatedResults() {
        Map<String, Object> checkpoint = checkpoint();
        return checkpoint == null ? null : checkpoint.get("accumulated_results");
    }

    /** True when there is a checkpoint with a non-null cursor. */
    public boolean hasCheckpoint() {
        return checkpointCursor() != null;
    }

    // ---- helpers ----

    private static Object valueOf(Object container, String key) {
        return container instanceof Map<?, ?> map ? map.get(key) : null;
    }

    private static <T> T convert(Object value, Class<T> type, String what) {
        if (value == null) {
            return null;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a " + type.getSimpleName() + ": " + value, e);
        }
    }
}
