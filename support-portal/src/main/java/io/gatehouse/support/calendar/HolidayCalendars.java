package io.gatehouse.support.calendar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.shared.errors.ConflictException;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.errors.NotFoundException;
import io.gatehouse.platform.tenancy.TenantScope;
import io.gatehouse.platform.tenancy.TenantScopes;

/**
 * The region calendars, built in memory from the {@code support_holiday} table (seeded by V20), rebuilt
 * when a platform admin edits a holiday through this replica and at least every {@link #REFRESH}, so that
 * edits made through another replica apply too. Callers must only be platform admins for the edits; the
 * check is made where the request arrives.
 */
@Service
public class HolidayCalendars {

    private final JdbcClient jdbc;
    private final TenantScopes scopes;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    /** How long a replica trusts its calendars before re-reading, so an edit made elsewhere applies within this time. */
    static final Duration REFRESH = Duration.ofMinutes(1);

    private final Clock clock;
    private volatile Map<Region, BusinessCalendar> calendars;
    private volatile Instant loadedAt = Instant.MIN;

    HolidayCalendars(JdbcTemplate jdbcTemplate, TenantScopes scopes, AuditLog audit, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.scopes = scopes;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The business-hours calendar of a region. */
    public BusinessCalendar calendar(Region region) {
        Map<Region, BusinessCalendar> current = calendars;
        Instant now = clock.instant();
        if (current == null || now.isBefore(loadedAt) || now.isAfter(loadedAt.plus(REFRESH))) {
            current = reload();
        }
        return current.get(region);
    }

    /** Every holiday of a region, by date. */
    @Transactional(readOnly = true)
    public List<Holiday> holidays(Region region) {
        return jdbc.sql("select region, day, name from support_holiday where region = ? order by day")
                .param(region.name())
                .query((rs, n) -> new Holiday(Region.valueOf(rs.getString(1)), rs.getObject(2, LocalDate.class), rs.getString(3)))
                .list();
    }

    /** Adds a holiday (platform admins). */
    @Transactional
    public Holiday add(Holiday holiday) {
        requireName(holiday.name());
        scopes.run(TenantScope.platform(), () -> {
            int added = jdbc.sql("insert into support_holiday (region, day, name) values (?, ?, ?) on conflict do nothing")
                    .params(holiday.region().name(), holiday.date(), holiday.name()).update();
            if (added == 0) {
                throw new ConflictException(holiday.region() + " already has a holiday on " + holiday.date() + ".");
            }
            audit.record("create", "support_holiday", holiday.region() + "/" + holiday.date(),
                    Map.of("region", holiday.region().name(), "date", holiday.date().toString(), "name", holiday.name()));
        });
        changed(holiday.region());
        return holiday;
    }

    /** Renames a holiday (platform admins); to move it, remove it and add it on the new date. */
    @Transactional
    public Holiday rename(Region region, LocalDate date, String name) {
        requireName(name);
        scopes.run(TenantScope.platform(), () -> {
            String before = jdbc.sql("select name from support_holiday where region = ? and day = ? for update")
                    .params(region.name(), date).query(String.class).optional()
                    .orElseThrow(() -> new NotFoundException("holiday", region + "/" + date));
            jdbc.sql("update support_holiday set name = ? where region = ? and day = ?").params(name.strip(), region.name(), date).update();
            audit.record("update", "support_holiday", region + "/" + date, Map.of("name", Map.of("from", before, "to", name.strip())));
        });
        return new Holiday(region, date, name.strip());
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 120) {
            throw InvalidInputException.field("name", "Give the holiday a name of at most 120 characters.");
        }
    }

    private void changed(Region region) {
        calendars = null;
        events.publishEvent(new CalendarChanged(region));
    }

    /** Removes a holiday (platform admins). */
    @Transactional
    public void remove(Region region, LocalDate date) {
        scopes.run(TenantScope.platform(), () -> {
            int removed = jdbc.sql("delete from support_holiday where region = ? and day = ?").params(region.name(), date).update();
            if (removed == 0) {
                throw new NotFoundException("holiday", region + "/" + date);
            }
            audit.record("delete", "support_holiday", region + "/" + date, Map.of("region", region.name(), "date", date.toString()));
        });
        changed(region);
    }

    /** Rebuilds the calendars from the table. */
    @Transactional(readOnly = true)
    public Map<Region, BusinessCalendar> reload() {
        Map<Region, Set<LocalDate>> days = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            days.put(region, new HashSet<>());
        }
        jdbc.sql("select region, day from support_holiday")
                .query(rs -> {
                    days.get(Region.valueOf(rs.getString(1))).add(rs.getObject(2, LocalDate.class));
                });
        Map<Region, BusinessCalendar> built = new EnumMap<>(Region.class);
        days.forEach((region, holidays) -> built.put(region, BusinessCalendar.forRegion(region, holidays)));
        calendars = built;
        loadedAt = clock.instant();
        return built;
    }
}
