package chorus.server.commands;

import chorus.api.Bytes;

/**
 * Redis's glob-style matching for KEYS, SCAN MATCH and HSCAN MATCH: {@code *} (any run),
 * {@code ?} (one byte), {@code [abc]}, {@code [^abc]}, {@code [a-z]}, and {@code \} to escape.
 * Byte-wise, case-sensitive, as Redis's {@code stringmatchlen}.
 */
final class GlobPattern {
    private GlobPattern() {
    }

    static boolean matches(Bytes pattern, Bytes text) {
        return matches(pattern.arrayUnsafe(), 0, text.arrayUnsafe(), 0);
    }

    private static boolean matches(byte[] pattern, int p, byte[] text, int t) {
        while (p < pattern.length) {
            byte c = pattern[p];
            switch (c) {
                case '*' -> {
                    while (p + 1 < pattern.length && pattern[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pattern.length) {
                        return true;
                    }
                    for (int start = t; start <= text.length; start++) {
                        if (matches(pattern, p + 1, text, start)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (t >= text.length) {
                        return false;
                    }
                    t++;
                }
                case '[' -> {
                    if (t >= text.length) {
                        return false;
                    }
                    int end = p + 1;
                    boolean negate = end < pattern.length && pattern[end] == '^';
                    if (negate) {
                        end++;
                    }
                    boolean found = false;
                    while (end < pattern.length && pattern[end] != ']') {
                        if (pattern[end] == '\\' && end + 1 < pattern.length) {
                            end++;
                            found |= pattern[end] == text[t];
                        } else if (end + 2 < pattern.length && pattern[end + 1] == '-' && pattern[end + 2] != ']') {
                            int low = pattern[end] & 0xff;
                            int high = pattern[end + 2] & 0xff;
                            int value = text[t] & 0xff;
                            found |= value >= Math.min(low, high) && value <= Math.max(low, high);
                            end += 2;
                        } else {
                            found |= pattern[end] == text[t];
                        }
                        end++;
                    }
                    if (found == negate) {
                        return false;
                    }
                    p = Math.min(end, pattern.length - 1);
                    t++;
                }
                case '\\' -> {
                    if (p + 1 < pattern.length) {
                        p++;
                    }
                    if (t >= text.length || pattern[p] != text[t]) {
                        return false;
                    }
                    t++;
                }
                default -> {
                    if (t >= text.length || c != text[t]) {
                        return false;
                    }
                    t++;
                }
            }
            p++;
        }
        return t == text.length;
    }
}
