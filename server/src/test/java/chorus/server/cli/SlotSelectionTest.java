package chorus.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.server.cli.SlotSelection.Range;
import org.junit.jupiter.api.Test;

class SlotSelectionTest {
    @Test
    void everySlotInChunks() {
        SlotSelection all = SlotSelection.parse("0-16383");

        assertThat(all.count()).isEqualTo(16384);
        assertThat(all.ranges(128)).hasSize(128).startsWith(new Range(0, 127)).endsWith(new Range(16256, 16383));
    }

    @Test
    void listsMergeOverlapsAndChunksNeverSpanAGap() {
        SlotSelection some = SlotSelection.parse("5, 0-3,2-4,10-12,100");

        assertThat(some.count()).isEqualTo(10);
        assertThat(some.ranges(2)).containsExactly(new Range(0, 1), new Range(2, 3), new Range(4, 5),
                new Range(10, 11), new Range(12, 12), new Range(100, 100));
    }

    @Test
    void mistakesAreOneLineThatSaysWhatIsValid() {
        assertThatThrownBy(() -> SlotSelection.parse("0-16384"))
                .hasMessage("--slots 0-16384 is invalid (expected: slots 0..16383 as a list of N or FROM-TO,"
                        + " such as 0-16383 or 0-99,500)");
        assertThatThrownBy(() -> SlotSelection.parse("9-3")).hasMessage("--slots 9-3: range 9-3 runs backwards");
        assertThatThrownBy(() -> SlotSelection.parse("a,b")).hasMessageStartingWith("--slots a,b is invalid");
        assertThatThrownBy(() -> SlotSelection.parse("1,,2")).hasMessageStartingWith("--slots 1,,2 is invalid");
    }
}
