/**
 * The {@code chorus} subcommands: {@code node} (one node in the foreground), {@code local} (a
 * cluster of child processes on this machine) and {@code status} (members as one node sees them),
 * with a minimal blocking RESP client.
 */
package chorus.server.cli;
