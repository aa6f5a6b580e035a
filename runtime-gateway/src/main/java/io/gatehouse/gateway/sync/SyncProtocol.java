package io.gatehouse.gateway.sync;

/** Constants of the config sync protocol, as docs/SYNC_PROTOCOL.md defines them. */
public final class SyncProtocol {

    /** The protocol version this code speaks. */
    public static final int VERSION = 1;
    /** The oldest protocol version a control plane of this code still serves. */
    public static final int OLDEST_SUPPORTED_VERSION = 1;
    /** The WebSocket path on the sync listener. */
    public static final String PATH = "/v1/sync";
    /** The prefix of every gateway token. */
    public static final String TOKEN_PREFIX = "gh_gwt_";
    /** The largest message either side accepts (a snapshot of a large control plane is one message). */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    private SyncProtocol() {
    }
}
