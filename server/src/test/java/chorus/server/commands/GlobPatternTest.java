package chorus.server.commands;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.api.Bytes;
import org.junit.jupiter.api.Test;

/** KEYS and SCAN MATCH patterns, with Redis's stringmatchlen semantics. */
class GlobPatternTest {
    private static boolean matches(String pattern, String text) {
        return GlobPattern.matches(Bytes.utf8(pattern), Bytes.utf8(text));
    }

    @Test
    void starsAndQuestionMarks() {
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("user:*", "user:42")).isTrue();
        assertThat(matches("user:*", "users:42")).isFalse();
        assertThat(matches("*:42", "user:42")).isTrue();
        assertThat(matches("u*r*2", "user:42")).isTrue();
        assertThat(matches("h?llo", "hello")).isTrue();
        assertThat(matches("h?llo", "hllo")).isFalse();
        assertThat(matches("**a", "bba")).isTrue();
    }

    @Test
    void classesRangesAndEscapes() {
        assertThat(matches("h[ae]llo", "hallo")).isTrue();
        assertThat(matches("h[ae]llo", "hillo")).isFalse();
        assertThat(matches("h[^e]llo", "hallo")).isTrue();
        assertThat(matches("h[^e]llo", "hello")).isFalse();
        assertThat(matches("h[a-b]llo", "hbllo")).isTrue();
        assertThat(matches("h[b-a]llo", "hallo")).isTrue();
        assertThat(matches("h[a-b]llo", "hcllo")).isFalse();
        assertThat(matches("a\\*b", "a*b")).isTrue();
        assertThat(matches("a\\*b", "axb")).isFalse();
        assertThat(matches("[\\]]", "]")).isTrue();
    }
}
