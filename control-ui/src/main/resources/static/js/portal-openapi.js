// The developer portal's API reference: Swagger UI (from its webjar) on the version's OpenAPI document. "Try it
// out" sends the developer's own API key in the apikey header (or an OAuth2 access token, a JWT, as a Bearer
// token), to the gateway address they enter (when given).
document.addEventListener('DOMContentLoaded', function () {
    var viewer = document.getElementById('openapi-viewer');
    if (!viewer || typeof window.SwaggerUIBundle !== 'function') {
        return;
    }
    var key = document.getElementById('try-key');
    var gateway = document.getElementById('try-gateway');
    window.SwaggerUIBundle({
        url: viewer.getAttribute('data-spec-url'),
        domNode: viewer,
        deepLinking: false,
        requestInterceptor: function (request) {
            if (request.url === viewer.getAttribute('data-spec-url') || request.loadSpec) {
                return request;
            }
            if (gateway && gateway.value) {
                var target = new URL(request.url, window.location.href);
                var base = new URL(gateway.value);
                target.protocol = base.protocol;
                target.host = base.host;
                request.url = target.toString();
            }
            if (key && key.value) {
                var credential = key.value.trim();
                if (/^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(credential)) {
                    request.headers.Authorization = 'Bearer ' + credential; // an OAuth2 access token (a JWT)
                } else {
                    request.headers.apikey = credential;
                }
            }
            return request;
        }
    });
});
