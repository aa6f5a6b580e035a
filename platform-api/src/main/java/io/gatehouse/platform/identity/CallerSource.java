package io.gatehouse.platform.identity;

/**
 * Implemented by the authentications (or their principals) of every credential kind, so that the tenant
 * resolution can build the request's {@link Caller}. A token bound to an organization returns a caller
 * with that org; a console session returns one without, and the org comes from the URL.
 */
public interface CallerSource {

    Caller caller();
}
