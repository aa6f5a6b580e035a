package io.gatehouse.platform.members;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a new user enters to sign up: themselves and their first organization. {@code organizationSlug} may be
 * blank: one is suggested from the organization's name.
 */
public record SignUp(
        @NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(min = 10, max = 128) String password,
        @NotBlank @Size(max = 200) String organizationName,
        @Size(max = 63) @Pattern(regexp = "^$|^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
                message = "must be 2-63 lower-case letters, digits or dashes, not starting or ending with a dash")
        String organizationSlug) {
}
