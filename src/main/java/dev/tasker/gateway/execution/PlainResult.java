package dev.tasker.gateway.execution;

import dev.tasker.gateway.model.StepExecutionError;
import dev.tasker.gateway.model.StepExecutionResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Whether a result holds only plain JSON values (null, strings, booleans, integers and decimals, and maps with string
 * keys and lists of those, nested at most {@value #MAX_DEPTH} deep) in its free-form fields: {@code result},
 * {@code metadata.custom} and {@code .context}, {@code error.context} and {@code .backtrace},
 * {@code orchestration_metadata.headers} and {@code .custom}. Reading such a result's JSON gives back the same
 * JSON, so the contract check can skip the read (what any result from parsed input, echo's above all, is). Any
 * other value (a handler's own object, a double or float, which the reader turns into an exact decimal written
 * differently, {@code 2.5E14} becoming {@code 250000000000000}, a map with another kind of key, deeper nesting)
 * is not plain, and the result is read back as the contract check always did.
 */
final class PlainResult {

    /** The reader's bound for decimals it keeps exact (WireJson's untyped reader). */
    private static final int MAX_DECIMAL_SCALE = 9_999;

    /** Deeper values take the full check (whose reader has its own nesting bound). */
    static final int MAX_DEPTH = 64;

    private PlainResult() {
    }

    static boolean isPlain(StepExecutionResult result) {
        if (!isPlainValue(result.result(), 0) || !isPlainValue(result.metadata().custom(), 0)
                || !isPlainValue(result.metadata().context(), 0)) {
            return false;
        }
        StepExecutionError error = result.error();
        if (error != null && (!isPlainValue(error.context(), 0) || !isStrings(error.backtrace()))) {
            return false;
        }
        return result.orchestrationMetadata() == null
                || (isStrings(result.orchestrationMetadata().headers().values())
                && isPlainValue(result.orchestrationMetadata().custom(), 0));
    }

    private static boolean isStrings(Iterable<?> values) {
        if (values == null) {
            return true;
        }
        for (Object value : values) {
            if (!(value instanceof String)) {
                return false;
            }
        }
        return true;
    }

    static boolean isPlainValue(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger || value instanceof Short
                || value instanceof Byte) {
            return true;
        }
        if (value instanceof BigDecimal decimal) {
            // what the reader keeps exact; a larger scale it reads as a double
            return Math.abs(decimal.scale()) <= MAX_DECIMAL_SCALE;
        }
        if (depth >= MAX_DEPTH) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !isPlainValue(entry.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!isPlainValue(element, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
