// Starts Swagger UI on the API documentation page (templates/api/docs.html). A static file, not an inline script:
// the Content-Security-Policy allows scripts from the app's own origin only.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrfToken = root.dataset.csrfToken;
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    // The base layout, without the standalone preset's top bar: that bar's Swagger logo is an SVG with an inline
    // <style> element, which the policy (style-src 'self') refuses. The bar's other use, loading another
    // document's URL, has no place on this page either.
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    persistAuthorization: false,
    // A signed-in person trying a write from the page sends the session's CSRF token, as a form would.
    requestInterceptor: function (request) {
      if (request.method !== "GET" && !request.headers.Authorization) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
