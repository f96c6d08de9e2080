package dev.tasker.gateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code task} object of a step: the task row plus its template's name, version and namespace. */
public record TaskForOrchestration(
        @JsonProperty("task") Task task,
        @JsonProperty("task_name") String taskName,
        @JsonProperty("task_version") String taskVersion,
        @JsonProperty("namespace_name") String namespaceName) {

    public TaskForOrchestration withTask(Task newTask) {
        return new TaskForOrchestration(newTask, taskName, taskVersion, namespaceName);
    }
}
