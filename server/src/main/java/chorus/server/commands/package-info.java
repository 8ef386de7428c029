/**
 * The Redis commands a node answers beyond the connection commands of the {@code resp} module:
 * strings, counters, keys, CONSISTENCY, INFO, CONFIG GET and CHORUS STATUS, each turned into reads
 * and writes of the protocol core at the connection's consistency levels.
 */
package chorus.server.commands;
