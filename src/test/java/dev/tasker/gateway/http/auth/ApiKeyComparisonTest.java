package dev.tasker.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The comparison is constant-time by construction: these tests check its structure, not a stopwatch. */
class ApiKeyComparisonTest {

    /** A byte sequence that remembers which positions were read. */
    static final class Recording implements ConstantTimeBytes.Sequence {
        final byte[] bytes;
        final Set<Integer> read = new TreeSet<>();

        Recording(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public byte at(int index) {
            read.add(index);
            return bytes[index];
        }
    }

    @ParameterizedTest(name = "first difference at byte {0}")
    @ValueSource(ints = {0, 1, 15, 31})
    void readsEveryByteOfBothWhereverTheFirstDifferenceIs(int differingAt) {
        byte[] a = ApiKeyAuthenticator.sha256("some key");
        byte[] b = a.clone();
        b[differingAt] ^= 0x5a;
        Recording left = new Recording(a);
        Recording right = new Recording(b);

        boolean equal = ConstantTimeBytes.equal(left, right);

        assertThat(equal).isFalse();
        assertThat(left.read).hasSize(32);
        assertThat(right.read).hasSize(32);
    }

    @Test
    void equalSequencesAreEqualAfterReadingEveryByte() {
        byte[] a = ApiKeyAuthenticator.sha256("some key");
        Recording left = new Recording(a);
        Recording right = new Recording(a.clone());

        assertThat(ConstantTimeBytes.equal(left, right)).isTrue();
        assertThat(left.read).hasSize(32);
    }

    @Test
    void everyConfiguredKeyIsComparedAsAFixedLengthDigestEvenAfterAMatch() {
        List<ApiKey> keys = List.of(
                new ApiKey("first", "first-key-0000000000", EnumSet.of(ApiScope.READ)),
                new ApiKey("second", "second-key-000000000", EnumSet.of(ApiScope.READ)),
                new ApiKey("third", "third-key-0000000000", EnumSet.of(ApiScope.READ)));
        List<int[]> compared = new ArrayList<>();
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(keys, (a, b) -> {
            compared.add(new int[] {a.length, b.length});
            return ConstantTimeBytes.equal(a, b);
        });

        for (String presented : List.of("first-key-0000000000", "x", "a much longer presented text than any key")) {
            compared.clear();
            authenticator.authenticate(presented);

            assertThat(compared).as("one comparison per configured key for '%s'", presented).hasSize(3);
            assertThat(compared).allSatisfy(lengths -> assertThat(lengths).containsExactly(32, 32));
        }
        assertThat(authenticator.authenticate("first-key-0000000000")).map(ApiKey::name).hasValue("first");
        assertThat(authenticator.authenticate("third-key-0000000000")).map(ApiKey::name).hasValue("third");
        assertThat(authenticator.authenticate("third-key-000000000")).isEmpty();
    }

    @Test
    void digestsHaveOneLengthWhateverTheInput() {
        assertThat(ApiKeyAuthenticator.sha256("")).hasSize(32);
        assertThat(ApiKeyAuthenticator.sha256("k".repeat(10_000))).hasSize(32);
        assertThat(new String(ApiKeyAuthenticator.sha256("k"), StandardCharsets.ISO_8859_1)).doesNotContain("k");
    }
}
