package io.gatehouse.platform.analytics;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Names for the consumer ids gateways record, from whoever knows them better than the gateway configuration (or
 * still knows them after the consumer entity is gone). The developer portal names its applications' consumers this
 * way. Called in the caller's tenant scope; an implementation returns only the ids it knows.
 */
public interface ConsumerNames {

    /** The names of those {@code consumers} of control plane {@code controlPlane} this source knows. */
    Map<String, String> names(UUID controlPlane, Collection<String> consumers);
}
