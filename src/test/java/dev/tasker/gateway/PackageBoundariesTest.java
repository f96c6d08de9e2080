package dev.tasker.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layout of design.md as rules over the compiled classes. The SDK ({@code model}, {@code handler}:
 * what plugin jars compile against, the {@code worker-sdk} artifact) depends on nothing else of ours, only on
 * itself, Jackson and the JDK; the built-in examples are written against the SDK alone, as a plugin is; and
 * the arrows point inward: only {@code server} knows the HTTP layer and the wiring, the core (registry,
 * execution, plugins) knows neither, and no two packages depend on each other in a cycle.
 */
@AnalyzeClasses(packages = "dev.tasker.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageBoundariesTest {

    private static final String[] JDK_AND_JACKSON = {"java..", "com.fasterxml.jackson.."};

    @ArchTest
    static final ArchRule theModelDependsOnlyOnItselfJacksonAndTheJdk = classes()
            .that().resideInAPackage("dev.tasker.gateway.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(with("dev.tasker.gateway.model.."))
            .because("the wire model is the base of worker-sdk, which plugin jars compile against");

    @ArchTest
    static final ArchRule theHandlerSpiDependsOnlyOnTheModelJacksonAndTheJdk = classes()
            .that().resideInAPackage("dev.tasker.gateway.handler..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    with("dev.tasker.gateway.handler..", "dev.tasker.gateway.model.."))
            .because("the handler SPI is worker-sdk: a plugin that sees a gateway class breaks on the next release");

    @ArchTest
    static final ArchRule theBuiltInExamplesUseTheSdkAlone = classes()
            .that().resideInAPackage("dev.tasker.gateway.examples..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(with("dev.tasker.gateway.examples..",
                    "dev.tasker.gateway.handler..", "dev.tasker.gateway.model.."))
            .because("the examples are written as a plugin author writes a handler");

    @ArchTest
    static final ArchRule onlyTheServerKnowsTheServer = noClasses()
            .that().resideOutsideOfPackage("dev.tasker.gateway.server..")
            .should().dependOnClassesThat().resideInAPackage("dev.tasker.gateway.server..")
            .because("server is the composition root: it knows every package, none knows it");

    @ArchTest
    static final ArchRule onlyTheServerKnowsTheHttpLayer = noClasses()
            .that().resideOutsideOfPackages("dev.tasker.gateway.http..", "dev.tasker.gateway.server..")
            .should().dependOnClassesThat().resideInAPackage("dev.tasker.gateway.http..")
            .because("resources call the core, never the other way");

    @ArchTest
    static final ArchRule theCoreKnowsNoTransportStoreOrEvents = noClasses()
            .that().resideInAnyPackage("dev.tasker.gateway.registry..", "dev.tasker.gateway.execution..",
                    "dev.tasker.gateway.plugin..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tasker.gateway.http..",
                    "dev.tasker.gateway.server..", "dev.tasker.gateway.store..", "dev.tasker.gateway.webhook..",
                    "dev.tasker.gateway.events..", "org.glassfish..", "jakarta.ws..")
            .because("running a handler must not need HTTP, the store or event delivery (the test kit runs it alone)");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.tasker.gateway.(*)..")
            .should().beFreeOfCycles();

    private static String[] with(String... ours) {
        String[] all = new String[JDK_AND_JACKSON.length + ours.length];
        System.arraycopy(JDK_AND_JACKSON, 0, all, 0, JDK_AND_JACKSON.length);
        System.arraycopy(ours, 0, all, JDK_AND_JACKSON.length, ours.length);
        return all;
    }
}
