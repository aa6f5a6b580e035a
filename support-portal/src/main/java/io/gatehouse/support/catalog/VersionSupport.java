package io.gatehouse.support.catalog;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * Whether a version is supported on a given day (support policy, section 7):
 * <ul>
 * <li>Gateway Enterprise: an LTS version 3 years from its release, any other version 1 year; then 12 more
 * months of help upgrading to a supported version.</li>
 * <li>Mesh: 12 months from the first release of the version's major; then 6 months of upgrade help.</li>
 * <li>Insomnia: only the most recent release (no upgrade period).</li>
 * </ul>
 * The LTS limit "or the lifecycle of the underlying OS distribution, whichever is shorter" is not modelled:
 * OS lifecycles are not in the catalogue.
 *
 * @param status       the status on the day asked about
 * @param supportedUntil last day of full support ({@code null} for CURRENT_ONLY and ALWAYS)
 * @param assistanceUntil last day of upgrade assistance ({@code null} when there is none)
 */
public record VersionSupport(Status status, LocalDate supportedUntil, LocalDate assistanceUntil) {

    public enum Status { SUPPORTED, UPGRADE_ASSISTANCE, UNSUPPORTED }

    /** The support of {@code version} on {@code today}, knowing all versions of its product. */
    public static VersionSupport of(VersionPolicy policy, ProductVersion version, Collection<ProductVersion> allVersions,
            LocalDate today) {
        Objects.requireNonNull(version, "version");
        return switch (policy) {
            case ALWAYS -> new VersionSupport(Status.SUPPORTED, null, null);
            case CURRENT_ONLY -> {
                ProductVersion current = allVersions.stream().filter(v -> !v.releasedOn().isAfter(today))
                        .max(Comparator.comparing(ProductVersion::releasedOn)).orElse(version);
                yield new VersionSupport(current.name().equals(version.name()) ? Status.SUPPORTED : Status.UNSUPPORTED,
                        null, null);
            }
            case GATEWAY_ENTERPRISE -> {
                LocalDate until = version.releasedOn().plusYears(version.lts() ? 3 : 1).minusDays(1);
                yield dated(until, until.plusMonths(12), today);
            }
            case MESH -> {
                LocalDate firstOfMajor = allVersions.stream().filter(v -> v.major().equals(version.major()))
                        .map(ProductVersion::releasedOn).min(Comparator.naturalOrder()).orElse(version.releasedOn());
                if (version.releasedOn().isBefore(firstOfMajor)) {
                    firstOfMajor = version.releasedOn();
                }
                LocalDate until = firstOfMajor.plusMonths(12).minusDays(1);
                yield dated(until, until.plusMonths(6), today);
            }
        };
    }

    private static VersionSupport dated(LocalDate supportedUntil, LocalDate assistanceUntil, LocalDate today) {
        Status status = !today.isAfter(supportedUntil) ? Status.SUPPORTED
                : !today.isAfter(assistanceUntil) ? Status.UPGRADE_ASSISTANCE : Status.UNSUPPORTED;
        return new VersionSupport(status, supportedUntil, assistanceUntil);
    }

    public boolean supported() {
        return status == Status.SUPPORTED;
    }
}
