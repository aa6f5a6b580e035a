package io.gatehouse.platform.gateways.controlplanes;

import java.util.Map;

/**
 * The fields a caller sets on a control plane. For a patch, a {@code null} field means "leave as is";
 * for a create or replace, {@code null} description and labels mean none.
 */
public record ControlPlaneDraft(String name, String description, Map<String, String> labels) {
}
