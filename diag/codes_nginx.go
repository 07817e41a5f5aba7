package diag

// Codes of the nginx translator (translate/nginx).
const (
	NginxAuthRequest        Code = "nginx-auth-request"
	NginxBadValue           Code = "nginx-bad-value"
	NginxContext            Code = "nginx-context"
	NginxControllerSetting  Code = "nginx-controller-setting"
	NginxDeprecated         Code = "nginx-deprecated"
	NginxDuplicate          Code = "nginx-duplicate"
	NginxErrorPage          Code = "nginx-error-page"
	NginxErrorPageJump      Code = "nginx-error-page-jump"
	NginxFastCGI            Code = "nginx-fastcgi"
	NginxGzip               Code = "nginx-gzip"
	NginxHostHeader         Code = "nginx-host-header"
	NginxIf                 Code = "nginx-if-unsupported"
	NginxInternal           Code = "nginx-internal-location"
	NginxLimitConn          Code = "nginx-limit-conn"
	NginxLimitExcept        Code = "nginx-limit-except"
	NginxListen             Code = "nginx-listen"
	NginxNamedLocation      Code = "nginx-named-location"
	NginxNestedLocation     Code = "nginx-nested-location"
	NginxNoContent          Code = "nginx-no-content"
	NginxProxyCache         Code = "nginx-proxy-cache"
	NginxProxyPassVariable  Code = "nginx-proxy-pass-variable"
	NginxProxyProtocol      Code = "nginx-proxy-protocol"
	NginxProxyRedirect      Code = "nginx-proxy-redirect"
	NginxProxyTuning        Code = "nginx-proxy-tuning"
	NginxRateLimitMany      Code = "nginx-limit-req-many"
	NginxRealIP             Code = "nginx-real-ip"
	NginxRedirectVariable   Code = "nginx-redirect-variable"
	NginxRewriteLast        Code = "nginx-rewrite-internal"
	NginxRewriteMany        Code = "nginx-rewrite-many"
	NginxScript             Code = "nginx-script"
	NginxServerNameRegex    Code = "nginx-server-name-regex"
	NginxServerNameInvalid  Code = "nginx-server-name-invalid"
	NginxServerNameWildcard Code = "nginx-server-name-wildcard"
	NginxSet                Code = "nginx-set"
	NginxMap                Code = "nginx-map"
	NginxStatic             Code = "nginx-static-files"
	NginxStream             Code = "nginx-stream"
	NginxTLSMultiple        Code = "nginx-tls-multiple-certificates"
	NginxTLSNoCert          Code = "nginx-tls-no-certificate"
	NginxTLSSetting         Code = "nginx-tls-setting"
	NginxTLSUnused          Code = "nginx-tls-unused"
	NginxTLSVariable        Code = "nginx-tls-variable"
	NginxTryFiles           Code = "nginx-try-files"
	NginxUnixSocket         Code = "nginx-unix-socket"
	NginxUnreachable        Code = "nginx-unreachable-location"
	NginxUnsupported        Code = "nginx-unsupported"
	NginxUpgradeHalf        Code = "nginx-upgrade-incomplete"
	NginxUpstreamBackup     Code = "nginx-upstream-backup"
	NginxUpstreamEmpty      Code = "nginx-upstream-empty"
	NginxUpstreamParam      Code = "nginx-upstream-param"
	NginxUpstreamPorts      Code = "nginx-upstream-ports"
	NginxUpstreamTuning     Code = "nginx-upstream-tuning"
	NginxUpstreamWeight     Code = "nginx-upstream-weight"
	NginxWildcardDepth      Code = "nginx-wildcard-depth"
)

var nginxCodes = []CodeInfo{
	{NginxAuthRequest, Warning, "Subrequest authentication (auth_request) is not translated.",
		"Use ingress-nginx's auth-url / auth-signin annotations, or your gateway's external-auth filter, pointing at the same auth service.",
		"auth_request sends a subrequest to an authentication service before proxying. Kubernetes Ingress has no portable field for it; controllers offer external-auth extensions with different contracts (headers passed, status codes honoured)."},
	{NginxBadValue, Error, "A directive's value cannot be read.",
		"Fix the value; nginx -t would usually refuse it too.",
		"The translator could not interpret a directive's arguments (a size, a time, a status code, a reference to an undefined zone or location). The directive is skipped."},
	{NginxContext, Warning, "A directive appears where the translator does not expect it.",
		"Move it to the block nginx documents for it.",
		"The directive is outside the block it belongs to (for example an upstream outside http). It is not translated."},
	{NginxControllerSetting, Info, "A process, logging or connection setting is the ingress controller's business.",
		"If the value matters, set the matching key in the controller's ConfigMap.",
		"Directives such as worker_processes, access_log, sendfile or keepalive_timeout tune the nginx process itself. In Kubernetes the ingress controller owns its process; per-application objects cannot and need not carry these settings. They are listed once per directive name with every place they appear."},
	{NginxDeprecated, Info, "A deprecated directive was read with its modern meaning.",
		"Update the legacy config if you keep it.",
		"For example `ssl on` (removed in nginx 1.25) is read as `listen … ssl` on every listener of the server."},
	{NginxDuplicate, Error, "A name is declared twice.",
		"Remove or rename one declaration; nginx refuses duplicates.",
		"Two upstream blocks (or zones) share a name. The first is used."},
	{NginxErrorPage, Warning, "Custom error pages are not translated per route.",
		"Configure custom-http-errors and a default backend on the controller, or serve error pages from the app.",
		"error_page makes nginx answer errors with another URI or location. Ingress has no per-route equivalent; ingress-nginx supports a controller-wide custom error backend."},
	{NginxErrorPageJump, Info, "A return + error_page jump to a named location is translated as a route to its backend.",
		"Nothing to do; check that the named location's settings (timeouts, body size) were carried over as you expect.",
		"`error_page 418 = @name; return 418;` is an nginx idiom to handle a location with a named location. kubelift translates the location as a route that uses the named location's proxy_pass and settings."},
	{NginxFastCGI, Error, "A FastCGI, uwsgi or SCGI backend cannot be reached through an Ingress.",
		"Run the app with an HTTP server in front (e.g. an nginx or caddy sidecar for PHP-FPM), or use ingress-nginx's backend-protocol FCGI with a fastcgi-params ConfigMap.",
		"fastcgi_pass, uwsgi_pass and scgi_pass speak non-HTTP protocols to the application. Ingress controllers proxy HTTP, so the route cannot be produced as it was. The location and its *_param settings are reported instead."},
	{NginxGzip, Warning, "Response compression is lost unless enabled on the controller.",
		"Set use-gzip (and gzip-types) in the ingress-nginx ConfigMap, or compress in the application.",
		"gzip settings are per-server in nginx but global in ingress-nginx, where compression is off by default. Clients receive uncompressed responses after the migration unless it is enabled there."},
	{NginxHostHeader, Info, "The Host header nginx sent upstream is preserved explicitly.",
		"If the backend does not care about Host, you can drop the upstream-vhost annotation.",
		"Without `proxy_set_header Host …`, nginx sends the name written in proxy_pass ($proxy_host). Ingress controllers send the client's Host instead, so kubelift keeps the old value with an upstream-vhost annotation."},
	{NginxIf, Warning, "An `if` block is not translated.",
		"Express the condition as separate routes (header or method matches) or move the logic into the application.",
		"nginx `if` evaluates conditions on each request and runs rewrites, returns or variable assignments. Kubernetes routing objects cannot evaluate nginx conditions; the block's effect is lost."},
	{NginxInternal, Info, "An internal location is not routed.",
		"Nothing to do unless the app uses X-Accel-Redirect; then keep an nginx sidecar.",
		"A location marked internal answers only internal redirects (X-Accel-Redirect, error_page, try_files). It is not reachable by clients, so it gets no route."},
	{NginxLimitConn, Warning, "A connection or bandwidth limit is not translated.",
		"Use ingress-nginx's limit-connections / limit-rate annotations if you still need it; they count per controller replica.",
		"limit_conn and limit_rate have per-controller-replica counterparts in ingress-nginx; they are not carried over automatically."},
	{NginxLimitExcept, Warning, "limit_except did not simply refuse other methods.",
		"Check the allow/deny rules inside limit_except by hand.",
		"limit_except with allow rules lets some clients use every method. The translation keeps only the method list."},
	{NginxListen, Warning, "A listener cannot be expressed.",
		"Expose it through the controller or a Service of type LoadBalancer.",
		"Ingress objects cannot declare listeners; unix sockets and QUIC listeners have no equivalent."},
	{NginxNamedLocation, Info, "A named location is not routed.",
		"Nothing to do unless error_page sends requests there.",
		"Named locations (@name) are reachable only through try_files, error_page or internal redirects, not by URL."},
	{NginxNestedLocation, Info, "A nested location becomes a route of its own.",
		"Check that no request the outer location excluded now reaches it.",
		"nginx looks for nested locations only among requests that matched the outer one. Routes are flat; for prefix-inside-prefix nesting this is equivalent."},
	{NginxNoContent, Warning, "A location neither proxies, redirects nor answers.",
		"Check what the location was for; its requests now fall through to the next matching route.",
		"Without proxy_pass, return or a redirect the location served files or nothing; it gets no route."},
	{NginxProxyCache, Warning, "Proxy caching is not carried over.",
		"Add a cache (a CDN, Varnish, or the app's own caching) if the backend relied on it.",
		"proxy_cache and its tuning store responses inside nginx. Ingress controllers do not cache; every request reaches the backend."},
	{NginxProxyPassVariable, Warning, "proxy_pass uses variables.",
		"Replace the run-time choice of backend with one route per backend.",
		"With variables nginx resolves the target per request and does not replace the location prefix. kubelift takes the literal host before the first variable as the backend."},
	{NginxProxyProtocol, Warning, "The PROXY protocol is a load-balancer setting.",
		"Enable use-proxy-protocol on the controller and on its load balancer together.",
		"listen … proxy_protocol reads client addresses from a PROXY header. In Kubernetes this is configured on the ingress controller and its cloud load balancer, not per application."},
	{NginxProxyRedirect, Warning, "Location headers from the backend are no longer rewritten.",
		"Set proxy-redirect-from / proxy-redirect-to on the Ingress, or make the backend emit relative redirects.",
		"With a URI in proxy_pass, nginx's default `proxy_redirect default` rewrote Location headers that pointed at the upstream URI back to the location prefix. ingress-nginx leaves them alone by default."},
	{NginxProxyTuning, Info, "Proxy buffering and retry tuning is not carried over.",
		"If a value matters (e.g. buffering off for streaming), set the matching ingress-nginx annotation by hand.",
		"proxy_buffering, proxy_buffers, proxy_next_upstream and similar tune nginx's proxy. ingress-nginx has annotations for some of them with different defaults (buffering is off by default there)."},
	{NginxRateLimitMany, Warning, "Several rate limits apply; only the first is translated.",
		"Combine the limits by hand.",
		"nginx enforces every limit_req of a location. Ingress annotations carry one rate per Ingress."},
	{NginxRealIP, Info, "Client-address recovery is configured on the controller.",
		"Set use-forwarded-headers / proxy-real-ip-cidr in the controller ConfigMap.",
		"real_ip_header and set_real_ip_from decide which address is the client's. Behind an ingress controller this is a controller-wide setting."},
	{NginxRedirectVariable, Warning, "A redirect target uses a variable that cannot be carried over.",
		"Replace it with a literal value.",
		"Redirect targets in Kubernetes routing objects are literal. Variables other than $scheme, $host, $server_name and $request_uri cannot be expressed."},
	{NginxRewriteLast, Warning, "An internal rewrite is not translated.",
		"Change the route's path, or add a rewrite filter on the route that the new URI would reach.",
		"rewrite … last (or without a flag) changes the URI and restarts location selection inside nginx. Kubernetes routes select once; the rewrite would have to be flattened by hand."},
	{NginxRewriteMany, Warning, "Only the first of several rewrites in a location is translated.",
		"Combine the rewrites into one by hand.",
		"Routes carry one rewrite or redirect."},
	{NginxScript, Error, "Code running inside nginx (Lua, njs, Perl) is not translated.",
		"Move the logic into the application or a sidecar, or into your gateway's extension mechanism.",
		"Scripted request handling has no equivalent in Kubernetes routing objects. Its behaviour is lost."},
	{NginxServerNameInvalid, Warning, "A server name is not a valid Kubernetes host.",
		"Replace the name in the emitted Ingress with the real host name.",
		"Ingress hosts must be DNS names (lowercase letters, digits, '-' and '.'), never IP addresses. A name with other characters — often a template placeholder such as YOUR_SERVER_FQDN — is emitted in the nearest valid form; an address makes the server answer every host, as a server reached by IP usually did."},
	{NginxServerNameRegex, Error, "A regular-expression or variable server name cannot be a Kubernetes host.",
		"List the host names it stood for, or use a leading wildcard (*.example.com).",
		"Ingress and Gateway API hosts are literal names or a leading wildcard. Named captures used later (e.g. $subdomain) cannot be expressed."},
	{NginxServerNameWildcard, Error, "A wildcard form nginx supports cannot be a Kubernetes host.",
		"List the host names it stood for.",
		"Only a leading `*.` label is allowed in Ingress and Gateway API hosts; nginx also accepts trailing (mail.*) wildcards."},
	{NginxMap, Info, "A map or geo block computes a variable at request time.",
		"Look at the findings where the variable is used.",
		"map and geo define nginx variables from other variables or from the client address. Kubernetes routing objects do not evaluate nginx variables; kubelift recognises the common WebSocket idiom (map $http_upgrade $connection_upgrade) and reports every other use of such a variable where it occurs."},
	{NginxSet, Warning, "A variable assignment is not translated.",
		"Check where the variable was used; that use is reported or approximated separately.",
		"set assigns nginx variables at request time. Nothing in Kubernetes routing evaluates nginx variables."},
	{NginxStatic, Warning, "Serving files from disk is not translated.",
		"Serve static files from the application, a web-server container in the pod, or object storage.",
		"root, alias, index, try_files and related directives make nginx serve files. Ingress controllers only proxy, so those requests now reach a backend (or nothing)."},
	{NginxStream, Warning, "stream (TCP/UDP) proxying is not translated.",
		"Expose TCP/UDP services with a Service of type LoadBalancer or the controller's TCP/UDP ConfigMaps.",
		"The stream block proxies raw TCP/UDP. Ingress is HTTP-only."},
	{NginxTLSMultiple, Warning, "Several certificates for one server: only the first is used.",
		"Put the certificate you want served into the Secret; dual RSA/ECDSA serving is not portable.",
		"nginx can serve RSA and ECDSA certificates side by side. An Ingress TLS entry names one Secret."},
	{NginxTLSNoCert, Warning, "A TLS listener has no certificate in this server.",
		"Create the named Secret, or check whether the certificate came from an include that was not read.",
		"The server listens with ssl but no ssl_certificate was found in it. The Ingress names a Secret after the site."},
	{NginxTLSSetting, Info, "A TLS tuning setting is the controller's.",
		"Set ssl-protocols / ssl-ciphers in the controller ConfigMap if they matter.",
		"Protocol versions, ciphers, session caches, OCSP stapling and DH parameters are configured once for the ingress controller."},
	{NginxTLSUnused, Info, "A certificate is configured but no listener uses TLS.",
		"Nothing to do.",
		"ssl_certificate without a `listen … ssl` is not used by nginx either."},
	{NginxTLSVariable, Warning, "A certificate path uses a variable.",
		"Create one Secret per certificate and list the hosts by hand.",
		"nginx can load certificates per SNI name with variables; an Ingress TLS entry names a fixed Secret."},
	{NginxTryFiles, Warning, "try_files served files before falling back; every request now goes to the fallback.",
		"Make sure the application (or a web-server container) serves the files nginx used to serve from disk.",
		"try_files checks the disk first and proxies only when no file exists. Ingress cannot check files, so every request under the path now reaches the backend."},
	{NginxUnixSocket, Warning, "The backend listened on a unix socket.",
		"Make the application listen on TCP (the Service assumes port 80) and adjust the port if needed.",
		"Pods reach each other over TCP. The Service port defaults to 80 because a socket path has no port."},
	{NginxUnreachable, Info, "A location is never selected, in nginx either.",
		"Nothing to do: nginx never used it either.",
		"A return at server level answers every request before location selection, so the locations after it are never reached. A prefix or exact location whose path does not start with / matches no request: request paths always do."},
	{NginxUnsupported, Warning, "A directive is not translated.",
		"Check what it did and carry its behaviour over by hand.",
		"kubelift knows the directive but there is no Kubernetes object or annotation that expresses it."},
	{NginxUpgradeHalf, Warning, "Only half of the WebSocket upgrade headers is set.",
		"Set both `Upgrade $http_upgrade` and `Connection \"upgrade\"` if WebSockets were meant to work.",
		"nginx forwards upgrades only with both headers. Ingress controllers support WebSockets anyway; behaviour may differ from the legacy config."},
	{NginxUpstreamBackup, Warning, "Backup servers have no Kubernetes equivalent.",
		"Rely on readiness probes and replicas, or use a failover policy of your gateway.",
		"nginx sends traffic to backup servers only when the primary ones fail. A Service balances across every ready pod."},
	{NginxUpstreamEmpty, Error, "An upstream block has no servers.",
		"Add a server line; nginx refuses an empty upstream.",
		"The upstream cannot be translated into a Service."},
	{NginxUpstreamParam, Warning, "An upstream server parameter is unknown.",
		"Check the parameter's spelling.",
		"The parameter is not part of nginx's upstream module."},
	{NginxUpstreamPorts, Warning, "Upstream servers listen on different ports.",
		"Make the pods listen on one port, or split the upstream into several apps.",
		"A Service forwards to one target port on every pod. The first server's port is used."},
	{NginxUpstreamTuning, Info, "Upstream connection tuning is the controller's.",
		"Set the matching upstream-* key in the controller ConfigMap if it matters.",
		"keepalive_timeout, zone and similar tune nginx's upstream connections, which the ingress controller manages."},
	{NginxUpstreamWeight, Info, "Server weights are not carried over.",
		"If the servers were different versions, split them into two apps and use a weighted (canary) route.",
		"Pods behind one Service are interchangeable and share traffic evenly, which is what weights on identical servers approximated."},
	{NginxWildcardDepth, Warning, "A leading wildcard host matches fewer names in Ingress.",
		"List deeper names explicitly if any were served, or use Gateway API hostnames.",
		"nginx and Gateway API match *.example.com against a.example.com and a.b.example.com; the Ingress API and ingress-nginx match exactly one label."},
}
