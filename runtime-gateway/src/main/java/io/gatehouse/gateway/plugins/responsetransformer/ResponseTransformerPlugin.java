package io.gatehouse.gateway.plugins.responsetransformer;

import io.gatehouse.gateway.plugins.BodyFormats;
import io.gatehouse.gateway.plugins.Exchange;
import io.gatehouse.gateway.plugins.HeaderEdits;
import io.gatehouse.gateway.plugins.JsonEdits;
import io.gatehouse.gateway.plugins.Plugin;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * response-transformer: edits response headers as they leave (upstream and gateway answers alike) and the
 * top-level fields of JSON bodies from the upstream, in Kong's order remove, rename, replace, add, append.
 *
 * <p>JSON edits apply when the response's {@code Content-Type} contains {@code application/json}, it is not
 * compressed ({@code Content-Encoding}) and it has a body; the body is gathered within the gateway's buffering
 * limit (a larger one streams through unchanged) and a body that is not a JSON object is left as it is.
 * {@code json_types} gives each value's type by position: {@code string} (default), {@code boolean} or
 * {@code number}; a value that does not read as its type stays a string.
 */
public final class ResponseTransformerPlugin implements Plugin {

    private final ResponseTransformerConfig config;
    private final boolean editsJson;

    public ResponseTransformerPlugin(ResponseTransformerConfig config) {
        this.config = config;
        this.editsJson = !config.remove().json().isEmpty() || !config.rename().json().isEmpty()
                || !config.replace().json().isEmpty() || !config.add().json().isEmpty() || !config.append().json().isEmpty();
    }

    @Override
    public String name() {
        return ResponseTransformerConfig.NAME;
    }

    @Override
    public int priority() {
        return ResponseTransformerConfig.PRIORITY;
    }

    @Override
    public void onResponse(Exchange exchange, int status, HttpHeaders responseHeaders) {
        HeaderEdits.apply(responseHeaders, config.remove().headers(), config.rename().headers(),
                config.replace().headers(), config.add().headers(), List.copyOf(config.append().headers()));
    }

    @Override
    public UnaryOperator<byte[]> responseBody(Exchange exchange, int status, HttpHeaders headers) {
        if (!editsJson || "HEAD".equals(exchange.method()) || status == 204 || status == 304
                || BodyFormats.Kind.of(headers.get(HttpHeaderNames.CONTENT_TYPE)) != BodyFormats.Kind.JSON) {
            return null;
        }
        String encoding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            return null;
        }
        return this::edit;
    }

    /** The body with the json edits, or unchanged when it is not a JSON object. */
    byte[] edit(byte[] body) {
        ObjectNode json = BodyFormats.jsonObject(body);
        if (json == null) {
            return body;
        }
        JsonEdits.apply(json, config.remove().json(), config.rename().json(), config.replace().json(), config.add().json(),
                config.append().json(), (text, operation, index) -> typed(text, switch (operation) {
                    case REPLACE -> config.replace().jsonTypes();
                    case ADD -> config.add().jsonTypes();
                    case APPEND -> config.append().jsonTypes();
                }, index));
        return BodyFormats.json(json);
    }

    private static JsonNode typed(String value, List<String> types, int index) {
        String type = types == null || index >= types.size() ? "string" : types.get(index);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if ("boolean".equals(type) && ("true".equals(value) || "false".equals(value))) {
            return nodes.booleanNode(Boolean.parseBoolean(value));
        }
        if ("number".equals(type)) {
            try {
                BigDecimal number = new BigDecimal(value.trim());
                return number.scale() <= 0 && number.precision() - number.scale() <= 18
                        ? nodes.numberNode(number.longValueExact()) : nodes.numberNode(number);
            } catch (NumberFormatException | ArithmeticException e) {
                return nodes.stringNode(value);
            }
        }
        return nodes.stringNode(value);
    }
}
