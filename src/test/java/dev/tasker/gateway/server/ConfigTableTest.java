package dev.tasker.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration table of docs/configuration.md is the list of settings, row for row; a new setting needs its row. */
class ConfigTableTest {

    static final String HEADER = "| setting | environment | flag | default | meaning |";

    static List<String> expectedRows() {
        List<String> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add("|---|---|---|---|---|");
        for (Setting s : Settings.ALL) {
            String def = s.defaultText() == null ? "(unset)" : s.defaultText().isEmpty() ? "(empty)"
                    : "`" + s.defaultText() + "`";
            rows.add("| `" + s.key() + "` | `" + s.envName() + "` | `" + s.flag() + "` | " + def + " | "
                    + s.meaning() + " |");
        }
        return rows;
    }

    @Test
    void configurationTableListsEverySettingWithEnvFlagDefaultAndMeaning() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("docs/configuration.md"));
        int start = readme.indexOf(HEADER);
        assertThat(start).as("docs/configuration.md has the configuration table header:\n" + HEADER).isGreaterThanOrEqualTo(0);
        List<String> table = new ArrayList<>();
        for (int i = start; i < readme.size() && readme.get(i).startsWith("|"); i++) {
            table.add(readme.get(i));
        }

        assertThat(table).as("docs/configuration.md configuration table; expected exactly:\n" + String.join("\n", expectedRows()))
                .containsExactlyElementsOf(expectedRows());
    }
}
