/**
 * The Redis protocol front door (DESIGN.md D9): RESP2 and RESP3 over Netty, independent of the
 * database core.
 *
 * <p>A server plugs its data commands in with three things: the commands' {@link
 * chorus.resp.CommandSpec}s in a {@link chorus.resp.CommandTable}, a {@link
 * chorus.resp.CommandHandler} that answers them, and a {@link chorus.resp.RespServerConfig}:
 * <pre>{@code
 * CommandTable table = CommandTable.builder()               // PING, HELLO, AUTH, CLIENT, ... included
 *         .add(CommandSpec.of("get", 2, "readonly", "fast").withKeys(1, 1, 1)
 *                 .withDoc("string", "Returns the string value of a key.", "1.0.0"))
 *         .build();
 * CommandHandler handler = (connection, command) -> switch (command.name()) {
 *     case "GET" -> node.get(command.arg(0)).thenApply(value -> value == null ? Reply.nullBulk() : Reply.bulk(value));
 *     default -> CompletableFuture.completedFuture(Reply.err("not implemented"));
 * };
 * try (RespServer server = RespServer.start(RespServerConfig.of("0.0.0.0", 6379), table, handler)) { ... }
 * }</pre>
 *
 * <p>The module checks existence, arity and authentication, answers the connection commands
 * itself, writes replies in request order whatever order the handler completes them in, and
 * enforces {@link chorus.resp.RespLimits}. Protocol errors close the connection after
 * {@code -ERR Protocol error: ...}, as Redis does.
 */
package chorus.resp;
