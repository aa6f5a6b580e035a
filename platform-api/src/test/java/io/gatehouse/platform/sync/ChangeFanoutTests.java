package io.gatehouse.platform.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The node announcements on the change channel: what the console's live Gateways page hears from any replica. */
class ChangeFanoutTests {

    private final List<Object> published = new ArrayList<>();
    private final ChangeFanout fanout = new ChangeFanout(null, published::add, null, null);

    @Test
    void aNodeAnnouncementBecomesANodeStatusChangedEventWhateverTheNodeIdHoldsAfterTheControlPlane() {
        UUID plane = UUID.randomUUID();
        fanout.dispatch(ChangeFanout.nodePayload(plane, "edge:eu-1:7"));
        assertThat(published).containsExactly(new NodeStatusChanged(plane, "edge:eu-1:7"));
    }

    @Test
    void aMalformedAnnouncementIsIgnoredAndPublishesNothing() {
        fanout.dispatch("node:not-a-uuid:edge-1");
        fanout.dispatch("node:");
        assertThat(published).isEmpty();
    }
}
