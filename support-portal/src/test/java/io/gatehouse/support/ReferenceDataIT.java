package io.gatehouse.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.gatehouse.platform.organizations.Organization;
import io.gatehouse.platform.organizations.Organizations;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.support.calendar.BusinessCalendar;
import io.gatehouse.support.calendar.Holiday;
import io.gatehouse.support.calendar.HolidayCalendars;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.catalog.ProductCatalog;
import io.gatehouse.support.catalog.ProductVersion;
import io.gatehouse.support.catalog.VersionSupport;
import io.gatehouse.support.sla.Coverage;
import io.gatehouse.support.sla.Severity;
import io.gatehouse.support.sla.SlaMetric;
import io.gatehouse.support.sla.SlaPolicies;
import io.gatehouse.support.sla.SlaTarget;
import io.gatehouse.support.sla.SlaTargetRule;
import io.gatehouse.support.subscriptions.Subscription;
import io.gatehouse.support.subscriptions.SupportSubscriptions;

/** The data platform admins edit: holidays, the SLA matrix, the version catalogue, subscriptions. */
@SpringBootTest
class ReferenceDataIT {

    @Autowired
    HolidayCalendars calendars;
    @Autowired
    SlaPolicies policies;
    @Autowired
    ProductCatalog catalog;
    @Autowired
    SupportSubscriptions subscriptions;
    @Autowired
    Organizations organizations;
    @Autowired
    MutableClock clock;

    @Test
    void theSeededHolidaysAreLoadedAndAnAddedHolidayChangesTheCalendar() {
        BusinessCalendar london = calendars.calendar(Region.EMEA);
        Instant goodFriday = Instant.parse("2027-03-26T12:00:00Z");
        assertThat(london.isBusinessTime(goodFriday)).isFalse();
        assertThat(calendars.holidays(Region.AP_ANZ)).extracting(Holiday::date).contains(LocalDate.of(2026, 8, 10));

        LocalDate extra = LocalDate.of(2031, 6, 4);
        calendars.add(new Holiday(Region.EMEA, extra, "Test day " + SupportFixtures.suffix()));
        try {
            assertThat(calendars.calendar(Region.EMEA).isBusinessTime(Instant.parse("2031-06-04T10:00:00Z"))).isFalse();
            assertThatThrownBy(() -> calendars.add(new Holiday(Region.EMEA, extra, "Again"))).isInstanceOf(ConflictException.class);
        } finally {
            calendars.remove(Region.EMEA, extra);
        }
        assertThat(calendars.calendar(Region.EMEA).isBusinessTime(Instant.parse("2031-06-04T10:00:00Z"))).isTrue();
    }

    @Test
    void theSeededMatrixIsThePolicyDefaultAndAProductCellOverridesIt() {
        assertThat(policies.current().target(SlaMetric.INITIAL_RESPONSE, Coverage.ALWAYS, Severity.SEV1, "mesh"))
                .isEqualTo(SlaTarget.roundTheClock(Duration.ofHours(1)));
        String product = "insomnia";
        policies.setTarget(new SlaTargetRule(SlaMetric.RESOLUTION, Coverage.ALWAYS, Severity.SEV4, product, SlaTarget.businessDays(30)));

        assertThat(policies.current().target(SlaMetric.RESOLUTION, Coverage.ALWAYS, Severity.SEV4, product))
                .isEqualTo(SlaTarget.businessDays(30));
        assertThat(policies.current().target(SlaMetric.RESOLUTION, Coverage.ALWAYS, Severity.SEV4, "mesh"))
                .isEqualTo(SlaTarget.businessDays(20));
    }

    @Test
    void aTicketVersionShowsItsSupportStatus() {
        clock.set(Instant.parse("2026-11-23T15:00:00Z"));
        String name = "3." + Math.abs(SupportFixtures.suffix().hashCode() % 1000) + ".0.0";
        catalog.addVersion(new ProductVersion("gateway-enterprise", name, LocalDate.of(2025, 6, 1), false));

        VersionSupport support = catalog.support("gateway-enterprise", name).orElseThrow();
        assertThat(support.status()).isEqualTo(VersionSupport.Status.UPGRADE_ASSISTANCE);
        assertThat(catalog.support("gateway-enterprise", "0.0.0-unknown")).isEmpty();
        assertThatThrownBy(() -> catalog.addVersion(new ProductVersion("gateway-enterprise", "bad version!", LocalDate.now(), false)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aSubscriptionIsValidatedFieldByField() {
        Organization org = organizations.create("sub-" + SupportFixtures.suffix(), "Subscriber");

        assertThatThrownBy(() -> subscriptions.save(new Subscription(org.orgId(), null, Region.EMEA, Set.of("nope"), 0,
                LocalDate.of(2027, 1, 1), LocalDate.of(2026, 1, 1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations()).extracting(v -> v.field())
                        .contains("coverage", "endsOn", "maxContacts", "products"));
    }
}
