/**
 * One running node: {@link chorus.server.node.ChorusNode} builds the adapters (event-loop node
 * thread, system clock, RocksDB storage, internode transport, RESP server) around the core's
 * {@code Node}; {@link chorus.server.node.NodeAccess} is how other threads call into it.
 */
package chorus.server.node;
