package dev.tasker.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.gateway.model.OrchestrationMetadata;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.model.WireJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The contract check skips reading back a result of plain values; that is only right if reading it back
 * would give the same JSON, which these properties check against the full read.
 */
class PlainResultTest {

    private static final ObjectMapper JSON = WireJson.newObjectMapper();

    @Property(tries = 500)
    void aPlainResultReadsBackAsTheSameJson(@ForAll("plainValues") Object value, @ForAll("plainValues") Object custom)
            throws Exception {
        Map<String, Object> customMap = new LinkedHashMap<>();
        customMap.put("k", custom);
        StepExecutionResult result = StepExecutionResult.success(Uuids.v7(), value, 3, customMap)
                .withOrchestrationMetadata(new OrchestrationMetadata(Map.of("Retry-After", "5"), null, null,
                        Map.of("c", value == null ? "null" : value)));
        assertThat(PlainResult.isPlain(result)).isTrue();

        byte[] written = JSON.writeValueAsBytes(result);
        StepExecutionResult read = JSON.readValue(written, StepExecutionResult.class);
        assertThat(JSON.readTree(JSON.writeValueAsBytes(read))).isEqualTo(JSON.readTree(written));
    }

    @Provide
    Arbitrary<Object> plainValues() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MIN_VALUE).multiply(BigInteger.TEN),
                        BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN)).map(b -> (Object) b),
                net.jqwik.api.Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(-40, 40))
                        .as((unscaled, scale) -> (Object) BigDecimal.valueOf(unscaled, scale)),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), inner).ofMaxSize(4).map(m -> (Object) m),
                inner.list().ofMaxSize(4).map(l -> (Object) l)), 0, 4);
    }

    @Test
    void anythingButPlainValuesIsReadBack() {
        record Pojo(int n) {
        }
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), new Pojo(1)))).isFalse();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), Map.of("n", Double.NaN)))).isFalse();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), Map.of("n", 2.5e14)))).isFalse();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), List.of(0.5f)))).isFalse();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), new BigDecimal("1e10000")))).isFalse();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), Map.of(1, "one")))).isFalse();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), Map.of("at",
                java.time.Instant.EPOCH)))).isFalse();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), Map.of("n", new BigDecimal("1.50")))))
                .isTrue();
    }

    @Test
    void nestingDeeperThanTheBoundIsReadBack() {
        Object deep = "leaf";
        for (int i = 0; i < PlainResult.MAX_DEPTH; i++) {
            deep = List.of(deep);
        }
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), deep))).isTrue();
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), List.of(deep)))).isFalse();
    }

    @Test
    void aRawMapOfHeadersHoldingOtherThanStringsIsReadBack() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("n", 5);
        @SuppressWarnings({"unchecked", "rawtypes"})
        OrchestrationMetadata metadata = new OrchestrationMetadata((Map) headers, null, null, Map.of());
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), Map.of())
                .withOrchestrationMetadata(metadata))).isFalse();
        List<Object> list = new ArrayList<>();
        list.add(Map.of("x", new Object()));
        assertThat(PlainResult.isPlain(StepExecutionResult.success(Uuids.v7(), list))).isFalse();
    }
}
