package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.ValidationStepException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Reads the examples' handler config; a wrong value fails the step with {@code INVALID_CONFIG}. */
final class ExampleConfig {

    static final String INVALID_CONFIG = "INVALID_CONFIG";

    private ExampleConfig() {
    }

    /** A positive integer config value, or the default when absent. */
    static long positiveLong(StepContext context, String key, long defaultValue) {
        Object value = context.getConfig(key);
        if (value == null) {
            return defaultValue;
        }
        if ((value instanceof Integer || value instanceof Long || value instanceof BigInteger)
                && ((Number) value).longValue() > 0) {
            return ((Number) value).longValue();
        }
        throw new ValidationStepException("handler config '" + key + "' must be a positive integer, got " + value,
                INVALID_CONFIG);
    }

    /** A number config value (integer or decimal), or the default when absent. */
    static BigDecimal number(StepContext context, String key, BigDecimal defaultValue) {
        Object value = context.getConfig(key);
        if (value == null) {
            return defaultValue;
        }
        BigDecimal number = decimal(value);
        if (number == null) {
            throw new ValidationStepException("handler config '" + key + "' must be a number, got " + value,
                    INVALID_CONFIG);
        }
        return number;
    }

    /** A non-blank string config value, or the default when absent. */
    static String string(StepContext context, String key, String defaultValue) {
        Object value = context.getConfig(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        throw new ValidationStepException("handler config '" + key + "' must be a non-blank string", INVALID_CONFIG);
    }

    /** A JSON number as a decimal, or null for anything else (including NaN and infinities). */
    static BigDecimal decimal(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof BigDecimal big) {
            return big;
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return null;
    }
}
