/**
 * The Redis commands a node answers beyond the connection commands of the {@code resp} module:
 * strings, counters, keys, CONSISTENCY, INFO, CONFIG GET, each turned into reads and writes of the
 * protocol core at the connection's consistency levels, and the CHORUS administration commands
 * (STATUS, GOSSIP, REPAIR, DIGEST).
 */
package chorus.server.commands;
