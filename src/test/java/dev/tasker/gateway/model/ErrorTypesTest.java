package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorTypesTest {

    @Test
    void allHoldsTheFiveStandardValuesInTheContractsOrder() {
        assertThat(ErrorTypes.ALL).containsExactly("permanent_error", "retryable_error", "validation_error",
                "timeout", "handler_error");
        assertThatThrownBy(() -> ErrorTypes.ALL.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0}: retryable={1}")
    @CsvSource({"permanent_error,false", "retryable_error,true", "validation_error,false", "timeout,true",
            "handler_error,false"})
    void everyStandardValueIsStandardAndOnlyRetryableErrorAndTimeoutAreTypicallyRetryable(String type,
                                                                                          boolean retryable) {
        assertThat(ErrorTypes.isStandard(type)).isTrue();
        assertThat(ErrorTypes.isTypicallyRetryable(type)).isEqualTo(retryable);
    }

    @ParameterizedTest(name = "''{0}''")
    @NullAndEmptySource
    @ValueSource(strings = {"RetryableError", "TIMEOUT", "network_error", " timeout"})
    void otherTextIsNeitherStandardNorTypicallyRetryable(String type) {
        assertThat(ErrorTypes.isStandard(type)).isFalse();
        assertThat(ErrorTypes.isTypicallyRetryable(type)).isFalse();
    }
}
