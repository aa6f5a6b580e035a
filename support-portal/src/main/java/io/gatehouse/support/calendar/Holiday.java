package io.gatehouse.support.calendar;

import java.time.LocalDate;
import java.util.Objects;

/** A day on which a region has no business hours (a bank or public holiday, or its observed day). */
public record Holiday(Region region, LocalDate date, String name) {

    public Holiday {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(name, "name");
    }
}
