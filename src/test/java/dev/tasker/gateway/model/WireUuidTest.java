package dev.tasker.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link WireJson#parseUuid} checks the 8-4-4-4-12 form by hand; the pattern it replaced is the oracle. */
class WireUuidTest {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Property(tries = 3000)
    void acceptsExactlyTheCanonicalForm(@ForAll("nearlyUuids") String text) {
        if (CANONICAL.matcher(text).matches()) {
            assertThat(WireJson.parseUuid(text)).isEqualTo(UUID.fromString(text));
        } else {
            assertThatThrownBy(() -> WireJson.parseUuid(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** 36 characters, mostly hex with dashes in place, some characters swapped for others. */
    @Provide
    Arbitrary<String> nearlyUuids() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.of('0', '9', 'a', 'f', 'A', 'F', '7', 'c')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('-', 'g', 'G', 'z', ' ', '{', '\u0660', '/', ':', '@', '`')));
        return chars.list().ofSize(36).map(list -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
                char c = list.get(i);
                text.append(dash && c != 'g' && c != ' ' ? '-' : c);
            }
            return text.toString();
        });
    }

    @Test
    void theOtherFormsStillParse() {
        UUID uuid = UUID.randomUUID();
        String plain = uuid.toString();
        assertThat(WireJson.parseUuid(plain.toUpperCase())).isEqualTo(uuid);
        assertThat(WireJson.parseUuid("urn:uuid:" + plain)).isEqualTo(uuid);
        assertThat(WireJson.parseUuid("{" + plain + "}")).isEqualTo(uuid);
        assertThat(WireJson.parseUuid(plain.replace("-", ""))).isEqualTo(uuid);
        assertThatThrownBy(() -> WireJson.parseUuid(plain.substring(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
