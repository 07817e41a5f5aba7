package diag

// Codes of the route and service emitters (emit/…): intents a target
// approximates or cannot express.
const (
	BackendReplaced          Code = "backend-replaced"
	RouteAccess              Code = "route-access-client-address"
	RouteAccessUnsupported   Code = "route-access-unsupported"
	RouteBackendTLS          Code = "route-backend-tls"
	RouteBalancing           Code = "route-balancing-approximated"
	RouteBasicAuth           Code = "route-basic-auth-secret"
	RouteCORS                Code = "route-cors"
	RouteDeny                Code = "route-deny-all"
	RouteDefaultServer       Code = "route-default-server"
	RouteDirectResponse      Code = "route-direct-response"
	RouteHTTPSRedirect       Code = "route-https-redirect"
	RouteKeepalive           Code = "route-keepalive"
	RouteListenerPort        Code = "route-listener-port"
	RouteMethods             Code = "route-methods-unrestricted"
	RouteNoBackend           Code = "route-no-backend"
	RouteNoRegexPriority     Code = "route-noregex-priority"
	RoutePrefixString        Code = "route-prefix-string-match"
	RoutePrefixSlash         Code = "route-prefix-slash-redirect"
	RouteRateLimit           Code = "route-rate-limit-approximated"
	RouteRateLimitKey        Code = "route-rate-limit-key"
	RouteRedirectApprox      Code = "route-redirect-approximated"
	RouteRedirectUnsupported Code = "route-redirect-unsupported"
	RouteRegexHostWide       Code = "route-regex-host-wide"
	RouteRegexOrder          Code = "route-regex-order"
	RouteRequestHeaders      Code = "route-request-headers"
	RouteResponseHeaders     Code = "route-response-headers"
	RouteRewriteApprox       Code = "route-rewrite-approximated"
	RouteRewriteUnsupported  Code = "route-rewrite-unsupported"
	RouteSiteEmpty           Code = "route-site-empty"
	RouteSiteSkipped         Code = "route-site-skipped"
	RouteTimeout             Code = "route-timeout-approximated"
	RouteTLSSecret           Code = "route-tls-secret"
)

var routeCodes = []CodeInfo{
	{BackendReplaced, Info, "A legacy backend address becomes a Kubernetes Service with a selector.",
		"Deploy the application as pods with the label the message names, or replace the Service with one of type ExternalName or with manual Endpoints if it stays outside the cluster.",
		"nginx proxied to fixed addresses (an upstream's servers, a proxy_pass host). In Kubernetes the proxy reaches pods through a Service that selects them by label. kubelift emits that Service; the pods come from the application's own Deployment, which the nginx configuration does not describe."},
	{RouteAccess, Warning, "A client-address allow list depends on the controller seeing real client addresses.",
		"Preserve client addresses: Service externalTrafficPolicy: Local, the PROXY protocol, or a trusted X-Forwarded-For (ingress-nginx use-forwarded-headers).",
		"nginx's allow/deny compared the address of the connecting client. Behind a cloud load balancer the ingress controller sees the balancer's address unless it is told how to recover the client's, so an allow list could block everyone or, with untrusted forwarded headers, nobody."},
	{RouteAccessUnsupported, Error, "allow/deny rules could not be translated.",
		"Rewrite the rules as one allow list (allow …; deny all) or one deny list, or enforce them with a NetworkPolicy or at the load balancer.",
		"ingress-nginx offers a source allow list and a source deny list per Ingress, not nginx's ordered first-match rules, and only addresses or CIDRs. Interleaved rules, or sources that are not addresses, are not translated: the route is now open to every client."},
	{RouteBackendTLS, Info, "Backend certificate verification needs a Secret with the CA.",
		"Create the Secret named in the message with key ca.crt.",
		"nginx verified the backend's certificate with proxy_ssl_verify. ingress-nginx does the same with proxy-ssl-verify and a Secret holding the trusted CA."},
	{RouteBalancing, Warning, "A load-balancing method is approximated.",
		"Check that the nearest equivalent named in the message is acceptable.",
		"nginx's upstream balancing methods (least_conn, ip_hash, hash, random) have close but not identical equivalents in ingress-nginx (ewma, upstream-hash-by). Session affinity may group clients differently."},
	{RouteBasicAuth, Info, "Basic authentication needs the htpasswd file in a Secret.",
		"Run the kubectl command in the message to create the Secret.",
		"auth_basic_user_file named a file on the nginx host. The Ingress refers to a Secret (key auth) that must hold the same htpasswd data; kubelift never copies the file's content into the output."},
	{RouteCORS, Info, "CORS headers become the controller's CORS support.",
		"Check preflight behaviour: the controller answers OPTIONS itself.",
		"The add_header lines that implemented CORS are expressed with ingress-nginx's enable-cors annotations. The controller answers preflight OPTIONS requests without reaching the backend."},
	{RouteDeny, Info, "A route that refused every client is kept refusing every client.",
		"Nothing to do; or delete the route if it only hid files that do not exist in the container.",
		"nginx answered 403 (deny all or return 403). An Ingress cannot answer by itself, so the path is kept with an allow list holding only the unroutable 0.0.0.0/32: ingress-nginx refuses every client with 403."},
	{RouteDefaultServer, Info, "Requests for unknown host names go to the controller's default backend.",
		"If the default server did more than refuse, point the controller's default backend at its app.",
		"nginx answers a request whose Host matches no server_name with the port's default server (default_server, or the first server). In Kubernetes the ingress controller sends such requests to its default backend, which answers 404. A default server that only refused them (return 444 or another 4xx) needs nothing; one that served an app needs the controller's --default-backend-service, or an Ingress with only spec.defaultBackend, pointing at that app."},
	{RouteDirectResponse, Error, "A response nginx produced itself cannot be produced by an Ingress.",
		"Serve the response from the application, or from a small default backend, and route the path there.",
		"return with a status other than a redirect (404, 200 with a body, 444) made nginx answer without a backend. An Ingress path always proxies to a Service, so the route is left out and those requests now reach the next matching route."},
	{RouteHTTPSRedirect, Info, "An HTTP→HTTPS redirect server is expressed by the controller's default.",
		"Nothing to do, unless the status code matters: ingress-nginx uses 308 unless its ConfigMap sets http-redirect-code.",
		"A port-80 server that only redirected to HTTPS needs no Ingress of its own: ingress-nginx redirects plain HTTP to HTTPS for every host whose Ingress has TLS. If no TLS Ingress exists for a host, the redirect is lost and the message says so."},
	{RouteKeepalive, Info, "Upstream keepalive is the controller's default.",
		"Tune upstream-keepalive-connections in the controller's ConfigMap if the number matters.",
		"nginx kept idle connections to the upstream with keepalive N. ingress-nginx does this for every backend by default; the count is a controller-wide setting."},
	{RouteListenerPort, Warning, "A server listened on a port other than 80 or 443.",
		"Expose the port on the ingress controller (tcp/udp services) or give the app a LoadBalancer Service.",
		"An Ingress is served on the controller's HTTP and HTTPS ports. Clients that used the old port must be moved, or the controller must listen there too."},
	{RouteMethods, Warning, "An HTTP method restriction is not enforced by the Ingress.",
		"Enforce the method list in the application, or with a gateway that supports method matching (Gateway API HTTPRoute matches on method).",
		"limit_except allowed only some methods. The Ingress API cannot match on method, so every method now reaches the backend."},
	{RouteNoBackend, Error, "A route has no backend and none can be named.",
		"Give the server a proxy_pass, or add an application to the migration.",
		"Every Ingress path must name a Service, even one that only redirects. The project has no application to name, so the route is not emitted."},
	{RouteNoRegexPriority, Warning, "A ^~ prefix no longer stops regular-expression locations.",
		"Make sure no regex path of the host also matches the ^~ prefix, or move that prefix to its own host.",
		"nginx's `location ^~ /p` wins over regex locations when it is the longest prefix match. ingress-nginx with use-regex orders all paths of a host by length, so a regex path can win where nginx used the prefix."},
	{RoutePrefixString, Info, "An nginx prefix that is not a path-element prefix is kept as a string prefix.",
		"Nothing to do with ingress-nginx; other controllers may treat ImplementationSpecific differently.",
		"`location /api` matches /api, /api/x and also /apiv2. Ingress pathType Prefix matches whole path elements only (/api, /api/x, not /apiv2). kubelift keeps nginx's behaviour with pathType ImplementationSpecific, which ingress-nginx matches as a plain string prefix."},
	{RoutePrefixSlash, Info, "nginx redirected the path without its trailing slash; the Ingress proxies it.",
		"Nothing to do if the backend answers the path without the slash; otherwise add that redirect in the app.",
		"For `location /p/` with proxy_pass, nginx answers a request for /p with a 301 to /p/. Ingress pathType Prefix /p/ matches /p as well (path elements, trailing slash ignored), so ingress-nginx sends /p to the backend instead of redirecting. An exact location = /p in the same server disables nginx's redirect, and kubelift then says nothing."},
	{RouteRateLimit, Warning, "A rate limit is approximated.",
		"Divide the rate by the number of controller replicas, or use a global rate limit.",
		"limit_req becomes ingress-nginx's limit-rps/limit-rpm with a burst multiplier. The limit is kept per controller replica, not globally, and burst requests are not delayed but served at once."},
	{RouteRateLimitKey, Error, "A rate limit keyed on something other than the client address is not translated.",
		"Rate-limit on that key in the application or an API gateway.",
		"ingress-nginx limits requests per client address. A limit_req_zone keyed on a header, a URI or a server name has no equivalent; the route is now unlimited."},
	{RouteRedirectApprox, Warning, "A redirect is approximated.",
		"Read the message: the status, the host or the path of the redirect target changed.",
		"ingress-nginx's permanent-redirect and temporal-redirect annotations redirect to a fixed URL with 301, 302 or 308. nginx redirects that kept the request path or host, or used 303/307, change accordingly."},
	{RouteRedirectUnsupported, Error, "A redirect cannot be expressed.",
		"Carry the redirect in the application, or with a gateway that supports request redirect filters.",
		"The redirect depends on the request (its host on a catch-all server, nginx variables) in a way a fixed-URL redirect annotation cannot express. The route is left out."},
	{RouteRegexHostWide, Warning, "use-regex makes every path of the host a regular expression.",
		"Review the host's other paths: they now match case-insensitively and as regex prefixes.",
		"In ingress-nginx, one Ingress with use-regex turns every path of the same host, in every Ingress, into a case-insensitive regular expression matched as a prefix. Plain prefixes keep working, but characters such as '.' now match any character."},
	{RouteRegexOrder, Warning, "Several regex locations: their order may change.",
		"Make the regexes mutually exclusive, or check that the longest-first order gives the same answers.",
		"nginx tries regex locations in file order and uses the first that matches. ingress-nginx sorts paths by length, longest first, so where two regexes match the same request a different one may win."},
	{RouteRequestHeaders, Warning, "Request headers set for the backend are not carried over.",
		"Set them in the application, controller-wide with proxy-set-headers, or with a gateway's request header filter.",
		"proxy_set_header changed the request the backend saw. ingress-nginx sets Host and the X-Forwarded-* headers itself; other headers can only be set controller-wide or in configuration snippets, which many clusters disable."},
	{RouteResponseHeaders, Warning, "Response headers are added through a ConfigMap the controller must allow.",
		"List the header names in the controller ConfigMap's global-allowed-response-headers.",
		"add_header becomes ingress-nginx's custom-headers annotation pointing at a ConfigMap with the headers. Since ingress-nginx v1.12 the controller applies only header names listed in global-allowed-response-headers."},
	{RouteRewriteApprox, Warning, "A path rewrite is approximated.",
		"Check that requests which did not match the rewrite pattern still reach a backend.",
		"nginx's rewrite applied a regex to the path inside a location. With ingress-nginx the pattern becomes the Ingress path itself and the replacement its rewrite-target, so requests the pattern did not match are no longer routed by this path."},
	{RouteRewriteUnsupported, Error, "A path rewrite cannot be expressed.",
		"Rewrite the path in the application, or restate the rule so that its pattern starts with the location path.",
		"ingress-nginx's rewrite-target uses the captures of the Ingress path regex. A rewrite pattern that is not anchored at the path start, or does not start with the location's own path, cannot be placed there. The backend now receives the original path."},
	{RouteSiteEmpty, Warning, "A server produced no Ingress.",
		"Read the other findings for the server: each of its routes was left out for a reason.",
		"Every route of the server was either a direct response, a static file location or otherwise inexpressible, so no Ingress object is emitted for its hosts."},
	{RouteSiteSkipped, Error, "A server with no usable host name is not emitted.",
		"Give the server a server_name, or route its traffic with the controller's default backend.",
		"An nginx server without server_name (or only with names Kubernetes cannot match) answers by port. An Ingress rule without a host matches every host, which would change routing for all other Ingresses; kubelift does not emit it."},
	{RouteTLSSecret, Info, "A TLS certificate must be stored in a Secret.",
		"Create the Secret with the kubectl command in the message, or let cert-manager issue the certificate into a Secret of that name.",
		"nginx read the certificate and key from files. An Ingress names a kubernetes.io/tls Secret instead; kubelift never reads or copies key material, so the Secret has to be created from the same files."},
	{RouteTimeout, Warning, "A proxy timeout is approximated.",
		"Check the message for the new value.",
		"ingress-nginx's proxy-*-timeout annotations take whole seconds, and nginx caps connect timeouts at 75 seconds. Sub-second values are rounded up."},
}
