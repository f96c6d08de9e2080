package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.ErrorTypes;
import java.util.List;

/** The request is not an executable step: 400, with each offending field named. */
public class InvalidStepException extends StepRejectedException {

    public static final String ERROR_CODE = "INVALID_STEP";

    private final List<FieldError> errors;

    public InvalidStepException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static InvalidStepException field(String field, String message) {
        return new InvalidStepException(field + ": " + message, List.of(new FieldError(field, message)));
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String title() {
        return "Invalid step";
    }

    @Override
    public String errorCode() {
        return ERROR_CODE;
    }

    @Override
    public String errorType() {
        return ErrorTypes.VALIDATION_ERROR;
    }

    @Override
    public List<FieldError> errors() {
        return errors;
    }
}
