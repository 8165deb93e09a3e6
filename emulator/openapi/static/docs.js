// The API reference page of one vendor port (Swagger UI, served from this port: no CDN).
// "Try it out" sends requests to this same port, authorized with the tenant named by ?tenant=
// (else the port's first tenant), whose credentials the control API lists.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var wanted = params.get("tenant");

  function credentialsOf(tenant) {
    var c = tenant.credentials || {};
    return {basic: c.basic_auth || null, token: c.scim_token || null};
  }

  function authorize(ui, spec, creds) {
    var schemes = (spec.components && spec.components.securitySchemes) || {};
    Object.keys(schemes).forEach(function (name) {
      var scheme = schemes[name];
      if (scheme.type !== "http") { return; }
      if (scheme.scheme === "bearer" && creds.token) {
        ui.preauthorizeApiKey(name, creds.token);
      } else if (scheme.scheme === "basic") {
        if (/Scim/.test(name) && creds.token) {
          ui.preauthorizeBasic(name, "scim", creds.token);
        } else if (creds.basic) {
          ui.preauthorizeBasic(name, creds.basic[0], creds.basic[1]);
        }
      }
    });
  }

  Promise.all([
    fetch("../openapi.json").then(function (r) { return r.json(); }),
    fetch("../tenants").then(function (r) { return r.json(); })
  ]).then(function (answers) {
    var spec = answers[0];
    var tenants = answers[1].tenants || [];
    var tenant = tenants.filter(function (t) { return t.name === wanted; })[0] || tenants[0];
    spec.servers = [{url: window.location.origin, description: "this emulator"}];
    var ui = SwaggerUIBundle({
      spec: spec,
      dom_id: "#reference",
      deepLinking: true,
      tryItOutEnabled: false,
      persistAuthorization: false,
      onComplete: function () {
        if (tenant) {
          authorize(ui, spec, credentialsOf(tenant));
          document.title = spec.info.title + " · tenant " + tenant.name;
        }
      }
    });
    window.ui = ui;
  });
}());
