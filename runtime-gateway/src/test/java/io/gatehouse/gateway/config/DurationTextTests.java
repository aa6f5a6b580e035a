package io.gatehouse.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationTextTests {

    @Test
    void parsesEachUnitAndCombinations() {
        assertThat(DurationText.parse("25ms")).isEqualTo(Duration.ofMillis(25));
        assertThat(DurationText.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationText.parse("20m")).isEqualTo(Duration.ofMinutes(20));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("0")).isZero();
    }

    @Test
    void rejectsOtherSpellings() {
        for (String bad : new String[] { "", "15", "1.5s", "PT15S", "15 s", "-1s", "s", "15d" }) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatsCanonically() {
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0");
    }

    @Property
    void formatThenParseIsIdentity(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long millis) {
        Duration duration = Duration.ofMillis(millis);
        assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
    }

}
