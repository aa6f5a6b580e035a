package io.gatehouse.support.tickets;

import org.springframework.stereotype.Component;

import io.gatehouse.platform.identity.Caller;
import io.gatehouse.platform.identity.CurrentCaller;
import io.gatehouse.platform.identity.PlatformRole;
import io.gatehouse.platform.shared.errors.ForbiddenException;

/** Turns the request's {@link Caller} into the desk's {@link SupportActor}. */
@Component
public class SupportCallers {

    private final CurrentCaller callers;

    SupportCallers(CurrentCaller callers) {
        this.callers = callers;
    }

    /** A person acting in their organization (a customer contact, or any member for reading). */
    public SupportActor customer() {
        Caller caller = callers.get();
        if (caller.org() == null) {
            throw new ForbiddenException("This request does not act in an organization: use a token bound to one, or "
                    + "/api/v1/organizations/{org}/support/tickets.");
        }
        if (!caller.isUser()) {
            throw new ForbiddenException("Support tickets are filed and answered by people: use a support contact's token.");
        }
        return SupportActor.customer(caller.userId(), caller.name(), caller.org());
    }

    /** Platform support staff (support engineers and platform admins). */
    public SupportActor staff() {
        Caller caller = callers.requirePlatformRole(PlatformRole.SUPPORT_ENGINEER, PlatformRole.PLATFORM_ADMIN);
        return SupportActor.staff(caller.userId(), caller.name());
    }
}
