package io.gatehouse.support.calendar;

import java.time.LocalDate;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.FieldViolation;
import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.platform.shared.web.ApiController;

/**
 * {@code /api/v1/platform/support/holidays}: the regions' holiday calendars. Staff read, platform admins
 * edit; an edit recomputes the deadlines of that region's open tickets.
 */
@ApiController("/api/v1/platform/support/holidays")
class HolidayController {

    record NewHoliday(Region region, LocalDate date, String name) {
    }

    record Rename(String name) {
    }

    private final HolidayCalendars calendars;
    private final CurrentCaller callers;

    HolidayController(HolidayCalendars calendars, CurrentCaller callers) {
        this.calendars = calendars;
        this.callers = callers;
    }

    @GetMapping
    List<Holiday> list(@RequestParam Region region) {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN, PlatformRole.SUPPORT_ENGINEER);
        return calendars.holidays(region);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Holiday add(@RequestBody NewHoliday request) {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
        List<FieldViolation> violations = new java.util.ArrayList<>();
        if (request.region() == null) violations.add(new FieldViolation("region", "Choose AMERICAS, EMEA or AP_ANZ."));
        if (request.date() == null) violations.add(new FieldViolation("date", "Give the date, e.g. 2026-12-25."));
        if (request.name() == null || request.name().isBlank()) violations.add(new FieldViolation("name", "Give the holiday a name."));
        if (!violations.isEmpty()) throw new InvalidInputException("The holiday is not valid", violations);
        return calendars.add(new Holiday(request.region(), request.date(), request.name().strip()));
    }

    @PutMapping("/{region}/{date}")
    Holiday rename(@PathVariable Region region, @PathVariable LocalDate date, @RequestBody Rename request) {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
        return calendars.rename(region, date, request.name());
    }

    @DeleteMapping("/{region}/{date}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable Region region, @PathVariable LocalDate date) {
        callers.requirePlatformRole(PlatformRole.PLATFORM_ADMIN);
        calendars.remove(region, date);
    }
}
