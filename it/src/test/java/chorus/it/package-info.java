/**
 * System tests: real node JVMs on loopback, real Redis clients, kill -9 and restart (STYLE.md §11).
 *
 * <p>Failsafe runs every {@code *IT} in {@code mvn verify}, after the unit tests; one of them with
 * {@code mvn -pl it verify -Dit.test=NodeFailureIT}. {@link chorus.it.LocalCluster} starts nodes
 * with this module's test classpath (or {@code -Dchorus.it.classpath=...}), node i listening for
 * peers on 127.0.0.i and for clients on a free port of 127.0.0.1. Each node's output goes to
 * {@code it/target/it-logs/<TestClass>/}, and its end is printed when a test fails;
 * {@link chorus.it.ProcessGuard} kills every process a test started. redis-cli tests are skipped
 * when {@code redis-cli} is not on the PATH (Debian: {@code apt-get install redis-tools}).
 */
package chorus.it;
