package io.gatehouse.support.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlaPolicyTests {

    private final SlaPolicy policy = SlaPolicy.defaults();

    @Test
    void businessHoursDefaultsAreThePolicyResponseTargets() {
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.BUSINESS_HOURS, Severity.SEV1, null))
                .isEqualTo(new SlaTarget(Duration.ofHours(2), TimeBasis.BUSINESS));
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.BUSINESS_HOURS, Severity.SEV2, null))
                .isEqualTo(new SlaTarget(Duration.ofHours(4), TimeBasis.BUSINESS));
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.BUSINESS_HOURS, Severity.SEV3, null))
                .isEqualTo(new SlaTarget(Duration.ofHours(12), TimeBasis.BUSINESS));
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.BUSINESS_HOURS, Severity.SEV4, null))
                .isEqualTo(new SlaTarget(Duration.ofHours(24), TimeBasis.BUSINESS));
    }

    @Test
    void roundTheClockDefaultsCountWallTimeForSev1And2Only() {
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.ALWAYS, Severity.SEV1, "mesh"))
                .isEqualTo(new SlaTarget(Duration.ofHours(1), TimeBasis.CONTINUOUS));
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.ALWAYS, Severity.SEV2, "mesh"))
                .isEqualTo(new SlaTarget(Duration.ofHours(2), TimeBasis.CONTINUOUS));
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.ALWAYS, Severity.SEV3, "mesh"))
                .isEqualTo(SlaTarget.businessDays(1));
        assertThat(policy.target(SlaMetric.INITIAL_RESPONSE, Coverage.ALWAYS, Severity.SEV4, "mesh"))
                .isEqualTo(SlaTarget.businessDays(2));
    }

    @Test
    void aProductRuleOverridesTheGenericOne() {
        List<SlaTargetRule> rules = new ArrayList<>(SlaPolicy.defaultRules());
        rules.add(new SlaTargetRule(SlaMetric.INITIAL_RESPONSE, Coverage.BUSINESS_HOURS, Severity.SEV3, "insomnia",
                SlaTarget.businessDays(2)));
        SlaPolicy custom = new SlaPolicy(rules, List.of(50, 75));

        assertThat(custom.target(SlaMetric.INITIAL_RESPONSE, Coverage.BUSINESS_HOURS, Severity.SEV3, "insomnia"))
                .isEqualTo(SlaTarget.businessDays(2));
        assertThat(custom.target(SlaMetric.INITIAL_RESPONSE, Coverage.BUSINESS_HOURS, Severity.SEV3, "mesh"))
                .isEqualTo(SlaTarget.businessDays(1));
        assertThat(custom.warningPercents()).containsExactly(50, 75);
    }

    @Test
    void anIncompleteMatrixOrABadPercentageIsRejected() {
        assertThatThrownBy(() -> new SlaPolicy(SlaPolicy.defaultRules().subList(1, 10), List.of(75)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no default target");
        assertThatThrownBy(() -> new SlaPolicy(SlaPolicy.defaultRules(), List.of(100)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severityLevelsCarryTheirCriteria() {
        assertThat(Severity.of(1)).isEqualTo(Severity.SEV1);
        assertThat(Severity.SEV1.criteria()).contains("Production is down");
        assertThatThrownBy(() -> Severity.of(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
