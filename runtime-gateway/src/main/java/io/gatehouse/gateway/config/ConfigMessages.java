package io.gatehouse.gateway.config;

/**
 * Every message the config language reports, in one place. Templates take {@link String#format}
 * arguments; the API and the console show them next to the field named by the violation's path.
 */
public final class ConfigMessages {

    // shape of the input
    public static final String UNKNOWN_FIELD = "unknown field";
    public static final String UNSUPPORTED_FIELD = "not supported by this gateway: %s";
    public static final String WRONG_TYPE = "expected %s";
    public static final String INVALID_VALUE = "invalid value: %s";
    public static final String REQUIRED = "required field missing";
    public static final String NULL_ELEMENT = "must not be null";
    public static final String NOT_ONE_OF = "expected one of: %s";
    public static final String OUT_OF_RANGE = "must be between %s and %s";
    public static final String AT_LEAST = "must be at least %s";
    public static final String AT_MOST = "must be at most %s";
    public static final String INVALID_UUID = "must be a UUID";
    public static final String INVALID_NAME = "must contain only letters, digits, non-ASCII characters and . _ ~ -";
    public static final String DUPLICATE = "duplicate: '%s' is already used";
    public static final String BLANK = "must not be blank";

    // services
    public static final String INVALID_URL = "must be an absolute http or https URL";
    public static final String URL_CONFLICT = "conflicts with url (which gives %s)";
    public static final String HOST_REQUIRED = "host or url is required";
    public static final String INVALID_HOST = "must be a host name or IP address";
    public static final String INVALID_PORT = "must be between 0 and 65535";
    public static final String INVALID_TIMEOUT = "must be between 1 and 2147483647 milliseconds";
    public static final String INVALID_SERVICE_PATH = "must start with /";
    public static final String KONG_PROTOCOL_NOT_SUPPORTED = "protocol %s is not supported by this gateway: routes"
            + " serve http and https (WebSocket upgrades are proxied on those)";
    public static final String UNSUPPORTED_PROTOCOL = "unsupported protocol: expected one of %s";

    // routes
    public static final String ROUTE_NEEDS_MATCHER = "must set at least one of methods, hosts, paths, headers or snis";
    public static final String INVALID_PATH = "must start with / (prefix) or ~/ (regular expression)";
    public static final String INVALID_REGEX = "not a valid regular expression: %s";
    public static final String INVALID_HOST_PATTERN = "must be a host name with at most one * wildcard, at the start or the end";
    public static final String INVALID_METHOD = "must be an HTTP method in upper case";
    public static final String INVALID_HEADER_NAME = "must be a valid header name";
    public static final String HOST_HEADER_NOT_ALLOWED = "use hosts to match the Host header";
    public static final String HEADER_VALUES_REQUIRED = "must list at least one value";
    public static final String SNIS_NEED_HTTPS = "snis need the https protocol";
    public static final String INVALID_REDIRECT_STATUS = "must be one of 426, 301, 302, 307, 308";
    public static final String INVALID_SNI = "must be a host name (a wildcard only as *.example.com)";

    // references
    public static final String MISSING_REFERENCE = "%s '%s' does not exist";
    public static final String REFERENCE_REQUIRED = "required: the %s this belongs to";

    // upstreams and targets
    public static final String INVALID_TARGET = "must be host:port, [ipv6]:port, or a host (port 8000)";
    public static final String HASH_HEADER_REQUIRED = "required when %s is header";
    public static final String HASH_COOKIE_REQUIRED = "required when hash_on is cookie";
    public static final String HASH_FALLBACK_INVALID = "hash_fallback is only valid when hash_on is consumer, ip, header or path and differs from it";

    // consumers and credentials
    public static final String CONSUMER_NEEDS_IDENTITY = "at least one of username or custom_id is required";
    public static final String SECRET_NEEDS_ONE = "exactly one of %s or %s is required";
    public static final String INVALID_KEY_HASH = "must be a lowercase hex SHA-256 (64 characters)";
    public static final String INVALID_PASSWORD_HASH = "must be a pbkdf2-sha256 hash";
    public static final String JWT_SECRET_REQUIRED = "required for %s";
    public static final String JWT_PUBLIC_KEY_INVALID = "must be a PEM %s public key";

    // plugins
    public static final String UNKNOWN_PLUGIN = "unknown plugin: %s";
    public static final String PLUGIN_DUPLICATE_SCOPE = "plugin %s is already configured for this scope";
    public static final String PLUGIN_NOT_FOR_CONSUMER = "plugin %s cannot be scoped to a consumer";

    // certificates
    public static final String INVALID_CERT_PEM = "must be a PEM certificate (chain): %s";
    public static final String INVALID_KEY_PEM = "must be a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC): %s";
    public static final String KEY_DOES_NOT_MATCH_CERT = "does not match the certificate's public key";
    public static final String NOT_A_CA = "must be a CA certificate (basicConstraints CA)";
    public static final String CA_DIGEST_MISMATCH = "does not match the SHA-256 digest of cert";

    // retry policy
    public static final String INVALID_RETRY_ON = "must be a retry condition (5XX, GatewayError, Reset, Retriable4xx, ConnectFailure, RefusedStream, HttpMethod*) or an HTTP status code 100-599";
    public static final String MAX_BELOW_BASE = "must not be lower than base_interval";
    public static final String NEGATIVE_DURATION = "must not be negative";
    public static final String POSITIVE_DURATION = "must be greater than zero";
    public static final String MATCHER_VALUE_REQUIRED = "required for match type %s";
    public static final String MATCHER_VALUE_NOT_ALLOWED = "not allowed for match type %s";

    // declarative
    public static final String UNSUPPORTED_FORMAT_VERSION = "unsupported _format_version: expected \"3.0\"";
    public static final String UNREADABLE = "cannot read config: %s";
    public static final String FORMAT_VERSION_REQUIRED = "_format_version is required (\"3.0\")";
    public static final String NESTED_REFERENCE = "must not be set here: a nested entity belongs to its parent";
    public static final String EXPECTED_LIST = "expected a list of entities";
    public static final String EXPECTED_OBJECT = "expected an object";

    private ConfigMessages() {
    }

}
