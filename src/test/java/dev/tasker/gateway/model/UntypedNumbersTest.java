package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java types of numbers in untyped JSON (task context, inputs, config, handler output read back). */
class UntypedNumbersTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() { };

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0.1000000000000000055511151231257827", "1E+400", "1.50", "100.0", "-2.5E-400",
            "1E+9999", "1E-9999"})
    void aDecimalIsReadAsTheExactBigDecimalWrittenAndWrittenBackAsIs(String number) throws Exception {
        Object value = JSON.readValue("{\"n\":" + number + "}", Map.class).get("n");

        assertThat(value).isEqualTo(new BigDecimal(number));
        assertThat(JSON.writeValueAsString(value)).isEqualTo(number);
        assertThat(JSON.writeValueAsString(JSON.valueToTree(value))).as("through a tree").isEqualTo(number);
    }

    @Test
    void integersKeepTheirJacksonTypes() throws Exception {
        List<Object> values = JSON.readValue("[42, 12345678901, 123456789012345678901234567890]", LIST);

        assertThat(values).containsExactly(42, 12345678901L, new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void aDecimalWithAnAbsurdExponentIsADoubleAsBeforeSoNoHandlerPaysForItsDigits() throws Exception {
        // setScale(2) on 1e999999999 would build a billion-digit number
        List<Object> values = JSON.readValue("[1e999999999, 1e-999999999, 1e10000]", LIST);

        assertThat(values).containsExactly(Double.POSITIVE_INFINITY, 0.0, Double.POSITIVE_INFINITY);
    }

    @Test
    void anUntypedDecimalInARecordFieldIsExactToo() throws Exception {
        TaskSequenceStep step = JSON.readValue("{\"task\":{\"task\":{\"context\":{\"amount\":0.30000000000000004441}}}}",
                TaskSequenceStep.class);

        assertThat(step.task().task().context()).isEqualTo(Map.of("amount", new BigDecimal("0.30000000000000004441")));
    }
}
