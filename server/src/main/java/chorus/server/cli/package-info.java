/**
 * The {@code chorus} subcommands: {@code node} (one node in the foreground), {@code local} (a
 * cluster of child processes on this machine), {@code status} (members as one node sees them, and
 * what every node believes), {@code repair} (anti-entropy repair of slots) and {@code digest}
 * (replicas compared by Merkle root), with a minimal blocking RESP client.
 */
package chorus.server.cli;
