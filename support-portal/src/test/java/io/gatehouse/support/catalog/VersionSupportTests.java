package io.gatehouse.support.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Support policy section 7, version by version. */
class VersionSupportTests {

    private static final ProductVersion LTS = new ProductVersion("gateway-enterprise", "3.4.0.0", LocalDate.of(2023, 8, 10), true);
    private static final ProductVersion MINOR = new ProductVersion("gateway-enterprise", "3.5.0.0", LocalDate.of(2023, 11, 20), false);

    @Test
    void gatewayEnterpriseLtsIsSupportedThreeYearsThenTwelveMonthsOfUpgradeHelp() {
        List<ProductVersion> all = List.of(LTS, MINOR);

        assertThat(VersionSupport.of(VersionPolicy.GATEWAY_ENTERPRISE, LTS, all, LocalDate.of(2026, 8, 9)).status())
                .isEqualTo(VersionSupport.Status.SUPPORTED);
        VersionSupport after = VersionSupport.of(VersionPolicy.GATEWAY_ENTERPRISE, LTS, all, LocalDate.of(2026, 8, 10));
        assertThat(after.status()).isEqualTo(VersionSupport.Status.UPGRADE_ASSISTANCE);
        assertThat(after.supportedUntil()).isEqualTo(LocalDate.of(2026, 8, 9));
        assertThat(after.assistanceUntil()).isEqualTo(LocalDate.of(2027, 8, 9));
        assertThat(VersionSupport.of(VersionPolicy.GATEWAY_ENTERPRISE, LTS, all, LocalDate.of(2027, 8, 10)).status())
                .isEqualTo(VersionSupport.Status.UNSUPPORTED);
    }

    @Test
    void gatewayEnterpriseMinorsAreSupportedOneYear() {
        VersionSupport support = VersionSupport.of(VersionPolicy.GATEWAY_ENTERPRISE, MINOR, List.of(LTS, MINOR), LocalDate.of(2024, 11, 20));

        assertThat(support.status()).isEqualTo(VersionSupport.Status.UPGRADE_ASSISTANCE);
        assertThat(support.supportedUntil()).isEqualTo(LocalDate.of(2024, 11, 19));
        assertThat(support.assistanceUntil()).isEqualTo(LocalDate.of(2025, 11, 19));
    }

    @Test
    void meshCountsTwelveMonthsFromTheFirstReleaseOfTheMajorThenSixMonths() {
        ProductVersion first = new ProductVersion("mesh", "2.0.0", LocalDate.of(2026, 1, 15), false);
        ProductVersion later = new ProductVersion("mesh", "2.3.1", LocalDate.of(2026, 9, 1), false);
        List<ProductVersion> all = List.of(first, later);

        VersionSupport support = VersionSupport.of(VersionPolicy.MESH, later, all, LocalDate.of(2027, 1, 15));
        assertThat(support.supportedUntil()).isEqualTo(LocalDate.of(2027, 1, 14));
        assertThat(support.status()).isEqualTo(VersionSupport.Status.UPGRADE_ASSISTANCE);
        assertThat(support.assistanceUntil()).isEqualTo(LocalDate.of(2027, 7, 14));
        assertThat(VersionSupport.of(VersionPolicy.MESH, later, all, LocalDate.of(2027, 7, 15)).status())
                .isEqualTo(VersionSupport.Status.UNSUPPORTED);
    }

    @Test
    void insomniaSupportsOnlyTheCurrentRelease() {
        ProductVersion old = new ProductVersion("insomnia", "11.0.0", LocalDate.of(2026, 3, 1), false);
        ProductVersion current = new ProductVersion("insomnia", "11.1.0", LocalDate.of(2026, 6, 1), false);
        ProductVersion upcoming = new ProductVersion("insomnia", "12.0.0", LocalDate.of(2027, 1, 1), false);
        List<ProductVersion> all = List.of(old, current, upcoming);
        LocalDate today = LocalDate.of(2026, 11, 22);

        assertThat(VersionSupport.of(VersionPolicy.CURRENT_ONLY, current, all, today).supported()).isTrue();
        assertThat(VersionSupport.of(VersionPolicy.CURRENT_ONLY, old, all, today).status()).isEqualTo(VersionSupport.Status.UNSUPPORTED);
        assertThat(VersionSupport.of(VersionPolicy.CURRENT_ONLY, old, all, today).assistanceUntil()).isNull();
    }

    @Test
    void theMajorIsTheNumberLeftOfTheFirstDot() {
        assertThat(new ProductVersion("gateway-enterprise", "2.1.3.0", LocalDate.EPOCH, false).major()).isEqualTo("2");
        assertThat(new ProductVersion("mesh", "7", LocalDate.EPOCH, false).major()).isEqualTo("7");
    }
}
