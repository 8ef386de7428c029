package chorus.resp;

import static java.util.Objects.requireNonNull;

import chorus.api.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One request from a client: {@code GET key} is name {@code "GET"} with args {@code [key]}.
 *
 * @param name the command name, ASCII upper-cased, for lookup and dispatch
 * @param rawName the name as the client sent it, for error messages (Redis quotes it as typed)
 * @param args the arguments after the name, binary-safe
 *
 * <p>Equality includes {@code rawName}: {@code get k} and {@code GET k} are different requests
 * that run the same command.
 */
public record Command(String name, Bytes rawName, List<Bytes> args) {
    public Command {
        requireNonNull(name, "name is null");
        requireNonNull(rawName, "rawName is null");
        args = List.copyOf(args);
    }

    /** A command from its words as the client sent them; the first word is the name. */
    public static Command of(List<Bytes> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a name");
        }
        Bytes rawName = words.get(0);
        return new Command(upperCaseName(rawName), rawName, words.subList(1, words.size()));
    }

    /** A command from UTF-8 words, for tests and internal callers: {@code Command.of("SET", "k", "v")}. */
    public static Command of(String... words) {
        List<Bytes> bytes = new ArrayList<>(words.length);
        for (String word : words) {
            bytes.add(Bytes.utf8(word));
        }
        return of(bytes);
    }

    /** Redis's argc: the name counts as one, so {@code GET key} has argc 2. */
    public int argc() {
        return args.size() + 1;
    }

    public Bytes arg(int index) {
        return args.get(index);
    }

    /** Argument {@code index} decoded as UTF-8. */
    public String argText(int index) {
        return args.get(index).utf8();
    }

    /** Argument {@code index} ASCII upper-cased, for matching keywords such as {@code EX} or {@code NX}. */
    public String keyword(int index) {
        return upperCaseName(args.get(index));
    }

    /** Bytes mapped one to one onto chars (ISO-8859-1) with only a-z upper-cased. */
    static String upperCaseName(Bytes name) {
        byte[] bytes = name.toArray();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] >= 'a' && bytes[i] <= 'z') {
                bytes[i] -= 'a' - 'A';
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return name + " " + args;
    }
}
