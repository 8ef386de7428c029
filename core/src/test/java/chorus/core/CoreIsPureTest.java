package chorus.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * DESIGN.md D1: the core decides, adapters do. Core code reaches the world only through its ports,
 * so the same code runs under Netty and RocksDB and inside the deterministic simulation.
 */
@AnalyzeClasses(packages = "chorus.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreIsPureTest {
    @ArchTest
    static final ArchRule coreDoesNoIo = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.netty..", "org.rocksdb..", "java.net..", "java.nio.file..", "java.nio.channels..", "java.io..")
            .because("the core does no I/O (D1)");

    @ArchTest
    static final ArchRule coreStartsNoThreads = noClasses().should().dependOnClassesThat().haveFullyQualifiedName(
                    "java.lang.Thread")
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Timer")
            .because("one node thread runs the core; concurrency lives in the adapters (D1)");

    @ArchTest
    static final ArchRule coreReadsNoAmbientTimeOrRandomness = noClasses().should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callConstructor(java.util.Random.class)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
            .because("time and randomness come from the Clock port and the seeded generator (D1)");

    @ArchTest
    static final ArchRule coreHasNoLocks = noClasses().should().dependOnClassesThat()
            .resideInAPackage("java.util.concurrent.locks..")
            .because("the node thread is the only thread in the core");
}
