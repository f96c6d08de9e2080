package dev.tasker.gateway.testing;

/** Java sources of small plugin handlers, for {@link PluginJarBuilder}. */
public final class PluginSources {

    private PluginSources() {
    }

    /**
     * A handler that answers {@code {handler, version, input}}; it blocks on {@link PluginTestHooks} while
     * the task input holds {@code "block": true}.
     */
    public static String handler(String className, String name, String version, String... aliases) {
        int dot = className.lastIndexOf('.');
        String aliasList = aliases.length == 0 ? "" : "\"" + String.join("\", \"", aliases) + "\"";
        return """
                package %s;

                import dev.tasker.gateway.handler.StepContext;
                import dev.tasker.gateway.handler.StepHandler;
                import dev.tasker.gateway.model.StepExecutionResult;
                import java.util.List;
                import java.util.Map;

                public class %s implements StepHandler {
                    public String name() { return "%s"; }
                    public String version() { return "%s"; }
                    public List<String> aliases() { return List.of(%s); }
                    public String description() { return "test plugin handler"; }
                    public StepExecutionResult call(StepContext context) throws Exception {
                        if (Boolean.TRUE.equals(context.getInput("block"))) {
                            dev.tasker.gateway.testing.PluginTestHooks.blockUntilReleased();
                        }
                        boolean ownContextLoader =
                                Thread.currentThread().getContextClassLoader() == getClass().getClassLoader();
                        return StepExecutionResult.success(context.stepUuid(), Map.of("handler", name(),
                                "version", version(), "class", getClass().getName(),
                                "context_loader_is_plugin", ownContextLoader));
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), name, version, aliasList);
    }

    /** A handler whose constructor throws. */
    public static String throwingConstructor(String className) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import dev.tasker.gateway.handler.StepContext;
                import dev.tasker.gateway.handler.StepHandler;
                import dev.tasker.gateway.model.StepExecutionResult;

                public class %s implements StepHandler {
                    public %s() { throw new IllegalStateException("missing configuration ORDERS_URL"); }
                    public String name() { return "never"; }
                    public StepExecutionResult call(StepContext context) { return null; }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), className.substring(dot + 1));
    }

    /** A handler that cannot link: its superclass {@code <package>.Base} is meant to be left out of the jar. */
    public static String[] withMissingSuperclass(String packageName) {
        String base = """
                package %s;

                import dev.tasker.gateway.handler.StepContext;
                import dev.tasker.gateway.handler.StepHandler;
                import dev.tasker.gateway.model.StepExecutionResult;

                public abstract class Base implements StepHandler {
                    public StepExecutionResult call(StepContext context) { return null; }
                }
                """.formatted(packageName);
        String handler = """
                package %s;

                public class Handler extends Base {
                    public String name() { return "unlinked"; }
                }
                """.formatted(packageName);
        return new String[] {base, handler};
    }

    /** A handler whose {@code version()} throws. */
    public static String throwingVersion(String className) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                import dev.tasker.gateway.handler.StepContext;
                import dev.tasker.gateway.handler.StepHandler;
                import dev.tasker.gateway.model.StepExecutionResult;

                public class %s implements StepHandler {
                    public String name() { return "unversioned"; }
                    public String version() { throw new UnsupportedOperationException("version not set"); }
                    public StepExecutionResult call(StepContext context) { return null; }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1));
    }

    /** A class listed as a handler that is not one. */
    public static String notAHandler(String className) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;

                public class %s implements Runnable {
                    public void run() { }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1));
    }
}
