package dev.tasker.gateway.examples;

import dev.tasker.gateway.handler.BatchableStepHandler;
import dev.tasker.gateway.handler.DeclaredError;
import dev.tasker.gateway.handler.InputSchema;
import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.ValidationStepException;
import dev.tasker.gateway.model.CursorConfig;
import dev.tasker.gateway.model.StepExecutionResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The batchable pattern, analyzer side: counts the items from the task context's {@code total_rows}, else
 * the data rows (header excluded, blank lines ignored, one record a line) of the local file at
 * {@code csv_file_path}, and plans the batches. Config {@code batch_size} (100), {@code max_workers} (10),
 * {@code worker_template_name} ({@code process_csv_batch}). 0 items gives {@code no_batches}; otherwise
 * {@code ceil(n / batch_size)} batches, the batch size growing to {@code ceil(n / max_workers)} when that
 * is more than {@code max_workers} (at most 1000). No count and no readable file: {@code validation_error}
 * {@code CSV_NOT_READABLE}; a {@code total_rows} that is not a non-negative integer:
 * {@code INVALID_TOTAL_ROWS}.
 */
public final class CsvAnalyzerHandler implements BatchableStepHandler {

    static final String CSV_NOT_READABLE = "CSV_NOT_READABLE";
    static final String INVALID_TOTAL_ROWS = "INVALID_TOTAL_ROWS";

    private static final InputSchema SCHEMA =
            InputSchema.fromResource(CsvAnalyzerHandler.class, "csv_analyzer.schema.json");
    private static final List<DeclaredError> ERRORS = List.of(
            DeclaredError.validation(INVALID_TOTAL_ROWS, "total_rows is not a non-negative integer"),
            DeclaredError.validation(CSV_NOT_READABLE, "no total_rows, and csv_file_path is not a readable local file"),
            DeclaredError.validation(ExampleConfig.INVALID_CONFIG,
                    "batch_size or max_workers is not a positive integer, or max_workers is over 1000"));

    /** The most batches one plan may create. */
    static final long MAX_WORKERS_LIMIT = 1000;

    @Override
    public String name() {
        return "csv_analyzer";
    }

    @Override
    public String description() {
        return "Counts CSV rows (total_rows or a local csv_file_path) and plans batches for process_csv_batch";
    }

    @Override
    public InputSchema inputSchema() {
        return SCHEMA;
    }

    @Override
    public List<DeclaredError> errors() {
        return ERRORS;
    }

    @Override
    public StepExecutionResult call(StepContext context) {
        long batchSize = ExampleConfig.positiveLong(context, "batch_size", 100);
        long maxWorkers = ExampleConfig.positiveLong(context, "max_workers", 10);
        if (maxWorkers > MAX_WORKERS_LIMIT) {
            // the plan holds one cursor config per worker: an unbounded count is unbounded memory
            throw new ValidationStepException("handler config 'max_workers' must be at most " + MAX_WORKERS_LIMIT
                    + ", got " + maxWorkers, ExampleConfig.INVALID_CONFIG);
        }
        String workerTemplate = ExampleConfig.string(context, "worker_template_name", "process_csv_batch");

        long totalItems = countItems(context);
        if (totalItems == 0) {
            return noBatches("no_rows");
        }
        List<CursorConfig> batches = cursorConfigs(totalItems, batchSize, (int) maxWorkers);
        return createBatches(workerTemplate, batches, totalItems);
    }

    private static long countItems(StepContext context) {
        Object totalRows = context.getInput("total_rows");
        if (totalRows != null) {
            if ((totalRows instanceof Integer || totalRows instanceof Long) && ((Number) totalRows).longValue() >= 0) {
                return ((Number) totalRows).longValue();
            }
            throw new ValidationStepException("Task context 'total_rows' must be a non-negative integer, got "
                    + totalRows, INVALID_TOTAL_ROWS);
        }
        Object filePath = context.getInput("csv_file_path");
        OptionalLong rows = filePath instanceof String path ? countDataRows(path) : OptionalLong.empty();
        if (rows.isEmpty()) {
            throw new ValidationStepException("Neither task context 'total_rows' nor a readable local file at "
                    + "'csv_file_path' gives the row count", CSV_NOT_READABLE,
                    filePath instanceof String path ? Map.of("csv_file_path", path) : Map.of());
        }
        return rows.getAsLong();
    }

    /** Non-blank lines minus the header, or empty when the path is not a readable local file. */
    static OptionalLong countDataRows(String path) {
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            return OptionalLong.empty();
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return OptionalLong.empty();
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             Stream<String> lines = reader.lines()) {
            long nonBlank = lines.filter(line -> !line.isBlank()).count();
            return OptionalLong.of(Math.max(0, nonBlank - 1));
        } catch (IOException | UncheckedIOException e) {
            return OptionalLong.empty();
        }
    }
}
