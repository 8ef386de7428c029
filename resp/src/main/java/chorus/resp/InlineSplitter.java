package chorus.resp;

import chorus.api.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line ({@code SET greeting "hello world"}) into words the way
 * redis-cli and telnet users expect: words are separated by blanks; a word may be written in
 * double quotes, where {@code \n \r \t \b \a \\ \"} and {@code \xHH} are escapes, or in single
 * quotes, where only {@code \'} is. A closing quote must end the word.
 *
 * <p>Stateless and thread-safe.
 */
final class InlineSplitter {
    private InlineSplitter() {}

    /** The words of {@code line}, or throws {@link ProtocolException} for unbalanced quotes. */
    static List<Bytes> split(byte[] line) {
        List<Bytes> words = new ArrayList<>();
        int position = 0;
        while (true) {
            while (position < line.length && isBlank(line[position])) {
                position++;
            }
            if (position == line.length) {
                return words;
            }
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            position = readWord(line, position, word);
            words.add(Bytes.wrapUnsafe(word.toByteArray()));
        }
    }

    private static int readWord(byte[] line, int position, ByteArrayOutputStream word) {
        byte first = line[position];
        if (first == '"') {
            return readDoubleQuoted(line, position + 1, word);
        }
        if (first == '\'') {
            return readSingleQuoted(line, position + 1, word);
        }
        while (position < line.length && !isBlank(line[position])) {
            word.write(line[position++]);
        }
        return position;
    }

    private static int readDoubleQuoted(byte[] line, int position, ByteArrayOutputStream word) {
        while (position < line.length) {
            byte b = line[position];
            if (b == '"') {
                return endOfQuotedWord(line, position + 1);
            }
            if (b == '\\' && position + 3 < line.length && line[position + 1] == 'x'
                    && isHex(line[position + 2]) && isHex(line[position + 3])) {
                word.write(Character.digit(line[position + 2], 16) * 16 + Character.digit(line[position + 3], 16));
                position += 4;
            } else if (b == '\\' && position + 1 < line.length) {
                word.write(unescape(line[position + 1]));
                position += 2;
            } else {
                word.write(b);
                position++;
            }
        }
        throw unbalanced();
    }

    private static int readSingleQuoted(byte[] line, int position, ByteArrayOutputStream word) {
        while (position < line.length) {
            byte b = line[position];
            if (b == '\'') {
                return endOfQuotedWord(line, position + 1);
            }
            if (b == '\\' && position + 1 < line.length && line[position + 1] == '\'') {
                word.write('\'');
                position += 2;
            } else {
                word.write(b);
                position++;
            }
        }
        throw unbalanced();
    }

    /** A closing quote must be followed by a blank or the end of the line. */
    private static int endOfQuotedWord(byte[] line, int position) {
        if (position < line.length && !isBlank(line[position])) {
            throw unbalanced();
        }
        return position;
    }

    private static int unescape(byte escaped) {
        return switch (escaped) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> escaped;
        };
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static ProtocolException unbalanced() {
        return new ProtocolException("unbalanced quotes in request");
    }
}
