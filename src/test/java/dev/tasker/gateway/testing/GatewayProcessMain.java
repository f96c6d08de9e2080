package dev.tasker.gateway.testing;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.server.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Main} with extra built-in handlers for tests that run a real gateway process:
 * {@code slow} logs {@code slow step started} and then waits until the file named by the task input
 * {@code release_file} exists (or its deadline interrupts it); {@code thread} answers the thread it ran on
 * ({@code {name, virtual}}); {@code counted} counts its runs in files (see {@link RunCountingHandler}).
 */
public final class GatewayProcessMain {

    private GatewayProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Main.launch(args, List.of(new SlowHandler(), new ThreadHandler(), new RunCountingHandler()));
    }

    /**
     * {@code counted}: records each run as a new file {@code <step_uuid>-<attempts>-<run id>} in the folder
     * named by the task input {@code runs_dir} (a count that several processes share), holds for
     * {@code hold_ms}, and answers its run id and process id, so that two runs never answer alike.
     */
    static final class RunCountingHandler implements StepHandler {
        @Override
        public String name() {
            return "counted";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws Exception {
            String run = java.util.UUID.randomUUID().toString();
            Path runs = Path.of(context.getInput("runs_dir", String.class));
            Files.createFile(runs.resolve(context.stepUuid() + "-" + context.step().workflowStep().attempts()
                    + "-" + run));
            Integer hold = context.getInput("hold_ms", Integer.class);
            Thread.sleep(hold == null ? 0 : hold);
            return StepExecutionResult.success(context.stepUuid(),
                    Map.of("run", run, "pid", ProcessHandle.current().pid()));
        }
    }

    static final class ThreadHandler implements StepHandler {
        @Override
        public String name() {
            return "thread";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws Exception {
            Thread thread = Thread.currentThread();
            boolean virtual;
            try {
                virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(thread); // Java 21+
            } catch (NoSuchMethodException e) {
                virtual = false;
            }
            return StepExecutionResult.success(context.stepUuid(), Map.of("name", thread.getName(), "virtual", virtual));
        }
    }

    static final class SlowHandler implements StepHandler {
        private static final Logger LOG = LoggerFactory.getLogger(SlowHandler.class);

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws Exception {
            Path release = Path.of(context.getInput("release_file", String.class));
            LOG.info("slow step started, waiting for {}", release.getFileName());
            while (!Files.exists(release)) {
                Thread.sleep(20);
            }
            LOG.info("slow step released");
            return StepExecutionResult.success(context.stepUuid(), Map.of("released", true));
        }
    }
}
