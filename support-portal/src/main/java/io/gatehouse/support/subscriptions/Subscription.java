package io.gatehouse.support.subscriptions;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

import io.gatehouse.platform.tenancy.OrgId;
import io.gatehouse.support.calendar.Region;
import io.gatehouse.support.sla.Coverage;

/**
 * An organization's support subscription, from its order form.
 *
 * @param maxContacts the number of customer contacts allowed, or {@code null} for unlimited
 */
public record Subscription(OrgId org, Coverage coverage, Region region, Set<String> products, Integer maxContacts,
        LocalDate startsOn, LocalDate endsOn) {

    public Subscription {
        Objects.requireNonNull(org, "org");
        products = Set.copyOf(products);
    }

    /** Whether the subscription is in force on a day (start and end inclusive). */
    public boolean activeOn(LocalDate day) {
        return !day.isBefore(startsOn) && !day.isAfter(endsOn);
    }

    public boolean entitles(String product) {
        return products.contains(product);
    }
}
