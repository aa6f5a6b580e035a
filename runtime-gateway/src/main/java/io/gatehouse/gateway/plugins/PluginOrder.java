package io.gatehouse.gateway.plugins;

/**
 * The one table that orders plugins (higher runs first in the access phase), following Kong:
 * cors 2000 &gt; jwt 1450 &gt; key-auth 1250 &gt; basic-auth 1100 &gt; ip-restriction 990 &gt;
 * request-size-limiting 951 &gt; acl 950 &gt; rate-limiting 910 &gt; request-transformer 801 &gt;
 * response-transformer 800 &gt; prometheus 13 &gt; http-log 12. correlation-id runs at 1, so its id is
 * set on every response, including the ones other plugins answer.
 */
public final class PluginOrder {

    public static final int CORS = 2000;
    public static final int JWT = 1450;
    public static final int KEY_AUTH = 1250;
    public static final int BASIC_AUTH = 1100;
    public static final int IP_RESTRICTION = 990;
    public static final int REQUEST_SIZE_LIMITING = 951;
    public static final int ACL = 950;
    public static final int RATE_LIMITING = 910;
    public static final int REQUEST_TRANSFORMER = 801;
    public static final int RESPONSE_TRANSFORMER = 800;
    public static final int PROMETHEUS = 13;
    public static final int HTTP_LOG = 12;
    public static final int CORRELATION_ID = 1;

    private PluginOrder() {
    }
}
