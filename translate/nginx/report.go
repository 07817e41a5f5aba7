package nginx

import (
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// category groups directives that are reported together, once per
// directive name, with every occurrence as a related position.
type category uint8

const (
	catController category = iota
	catTLSSetting
	catGzip
	catStatic
	catProxyTuning
	catProxyCache
	catUpstreamTuning
	catRealIP
	catOther
)

var categoryCode = map[category]diag.Code{
	catController:     diag.NginxControllerSetting,
	catTLSSetting:     diag.NginxTLSSetting,
	catGzip:           diag.NginxGzip,
	catStatic:         diag.NginxStatic,
	catProxyTuning:    diag.NginxProxyTuning,
	catProxyCache:     diag.NginxProxyCache,
	catUpstreamTuning: diag.NginxUpstreamTuning,
	catRealIP:         diag.NginxRealIP,
	catOther:          diag.NginxUnsupported,
}

var categoryText = map[category]string{
	catController:     "process, logging and connection tuning belongs to the ingress controller, not to per-application objects",
	catTLSSetting:     "TLS protocol and cipher settings are the ingress controller's (ConfigMap ssl-protocols, ssl-ciphers), not per host",
	catGzip:           "response compression is a controller-wide setting in ingress-nginx (ConfigMap use-gzip, off by default); responses lose compression unless it is enabled there or in the app",
	catStatic:         "serving files from disk has no Ingress equivalent; keep a web-server container for static files or let the app serve them",
	catProxyTuning:    "proxy buffering and retry tuning is not carried over; ingress-nginx defaults apply (proxy-buffering off, proxy-next-upstream \"error timeout\")",
	catProxyCache:     "nginx's response cache has no Ingress equivalent; responses are no longer cached by the proxy",
	catUpstreamTuning: "upstream connection tuning is the controller's (ConfigMap upstream-keepalive-*), not per Service",
	catRealIP:         "client-address recovery is configured on the controller (ConfigMap use-forwarded-headers, proxy-real-ip-cidr, use-proxy-protocol)",
	catOther:          "this directive is not translated",
}

type groupKey struct {
	cat  category
	name string
}

type group struct {
	pos []diag.Pos
}

// ignore records a directive that is reported with its category, once per name.
func (t *translator) ignore(cat category, d *pn.Directive) {
	t.use(d)
	k := groupKey{cat, d.Name}
	g := t.groups[k]
	if g == nil {
		g = &group{}
		t.groups[k] = g
		t.groupOrder = append(t.groupOrder, k)
	}
	g.pos = append(g.pos, d.Pos)
	if d.Block != nil {
		t.useTree(d)
	}
}

// flushGroups emits one diagnostic per ignored directive name.
func (t *translator) flushGroups() {
	for _, k := range t.groupOrder {
		g := t.groups[k]
		code := categoryCode[k.cat]
		msg := k.name + ": " + categoryText[k.cat]
		if n := len(g.pos); n > 1 {
			msg = k.name + " (" + strconv.Itoa(n) + " places): " + categoryText[k.cat]
		}
		t.rep.Report(diag.Diagnostic{Code: code, Severity: diag.Lookup(code).Severity, Pos: g.pos[0], Related: g.pos[1:],
			Message: msg, Hint: diag.Lookup(code).Hint})
	}
}

// useTree marks d and everything in its block as accounted for (the block
// is named in a diagnostic as a whole).
func (t *translator) useTree(d *pn.Directive) {
	t.use(d)
	if d.Block != nil {
		pn.Walk(d.Block.Directives, func(x *pn.Directive) bool { t.use(x); return true })
	}
}

// other handles a directive no specific code path translated.
func (t *translator) other(d *pn.Directive, c ctx) {
	n := d.Name
	switch {
	case n == "include":
		return
	case controllerDirectives[n]:
		t.ignore(catController, d)
	case strings.HasPrefix(n, "ssl_") || strings.HasPrefix(n, "proxy_ssl_"):
		t.ignore(catTLSSetting, d)
	case strings.HasPrefix(n, "gzip") || n == "gunzip":
		t.ignore(catGzip, d)
	case strings.HasPrefix(n, "proxy_cache") || n == "proxy_no_cache" || n == "proxy_store" || n == "proxy_store_access":
		t.ignore(catProxyCache, d)
	case strings.HasPrefix(n, "proxy_"):
		t.ignore(catProxyTuning, d)
	case strings.HasPrefix(n, "fastcgi_") || strings.HasPrefix(n, "uwsgi_") || strings.HasPrefix(n, "scgi_"):
		t.use(d)
		t.report(diag.NginxFastCGI, d, "%s configures a FastCGI/uwsgi/SCGI backend, which Ingress cannot proxy to", n)
	case n == "real_ip_header" || n == "set_real_ip_from" || n == "real_ip_recursive":
		t.ignore(catRealIP, d)
	case strings.Contains(n, "_by_lua") || strings.HasPrefix(n, "lua_") || strings.HasPrefix(n, "js_") || n == "perl" || strings.HasPrefix(n, "perl_"):
		t.useTree(d)
		t.report(diag.NginxScript, d, "%s runs code inside nginx; no Kubernetes routing object can run it", n)
	case n == "limit_conn" || n == "limit_conn_zone" || n == "limit_conn_status" || n == "limit_rate" || n == "limit_rate_after" || n == "limit_req_log_level" || n == "limit_conn_log_level":
		t.use(d)
		t.report(diag.NginxLimitConn, d, "%s is not translated (ingress-nginx has per-Ingress limit-connections and limit-rate annotations, counted per controller replica)", n)
	case n == "auth_request" || n == "auth_request_set":
		t.use(d)
		t.report(diag.NginxAuthRequest, d, "%s delegates authentication to a subrequest; use ingress-nginx auth-url/auth-signin or an external-auth filter", n)
	case n == "mirror" || n == "mirror_request_body":
		t.use(d)
		t.report(diag.NginxUnsupported, d, "%s (request mirroring) is not translated; ingress-nginx has a mirror-target annotation, Gateway API a RequestMirror filter", n)
	case n == "stub_status" || n == "vhost_traffic_status" || strings.HasPrefix(n, "vhost_traffic_status"):
		t.ignore(catController, d)
	case n == "chunked_transfer_encoding" || n == "client_body_buffer_size" || n == "client_body_timeout" ||
		n == "client_header_timeout" || n == "send_timeout" || n == "keepalive_timeout" || n == "lingering_timeout":
		t.ignore(catController, d)
	case n == "upstream" || n == "limit_req_zone" || n == "map" || n == "geo":
		// declarations in an unusual place
		t.use(d)
		t.report(diag.NginxContext, d, "%s belongs in the http block", n)
	case n == "server":
		t.useTree(d)
		t.report(diag.NginxContext, d, "server block outside http; not translated")
	default:
		t.useTree(d)
		t.report(diag.NginxUnsupported, d, "%s is not translated", n)
	}
}

// controllerDirectives have no per-application meaning in Kubernetes.
var controllerDirectives = map[string]bool{
	"user": true, "worker_processes": true, "worker_connections": true, "worker_rlimit_nofile": true,
	"worker_cpu_affinity": true, "worker_priority": true, "worker_shutdown_timeout": true, "pid": true,
	"daemon": true, "master_process": true, "error_log": true, "access_log": true, "log_format": true,
	"open_log_file_cache": true, "sendfile": true, "tcp_nopush": true, "tcp_nodelay": true,
	"keepalive_requests": true, "types_hash_max_size": true, "types_hash_bucket_size": true,
	"server_names_hash_max_size": true, "server_names_hash_bucket_size": true, "server_tokens": true,
	"multi_accept": true, "use": true, "accept_mutex": true, "accept_mutex_delay": true,
	"open_file_cache": true, "open_file_cache_valid": true, "open_file_cache_min_uses": true,
	"open_file_cache_errors": true, "charset": true, "source_charset": true, "default_type": true, "types": true,
	"log_not_found": true, "log_subrequest": true, "server_name_in_redirect": true, "port_in_redirect": true,
	"absolute_redirect": true, "resolver": true, "resolver_timeout": true, "client_header_buffer_size": true,
	"large_client_header_buffers": true, "lingering_close": true, "lingering_time": true,
	"reset_timedout_connection": true, "client_body_temp_path": true, "proxy_temp_path": true,
	"fastcgi_temp_path": true, "uwsgi_temp_path": true, "scgi_temp_path": true, "output_buffers": true,
	"postpone_output": true, "aio": true, "directio": true, "variables_hash_max_size": true,
	"variables_hash_bucket_size": true, "map_hash_max_size": true, "map_hash_bucket_size": true,
	"underscores_in_headers": true, "ignore_invalid_headers": true, "msie_padding": true, "msie_refresh": true,
	"load_module": true, "env": true, "thread_pool": true, "pcre_jit": true, "timer_resolution": true,
	"lock_file": true, "ssl_engine": true, "worker_aio_requests": true, "debug_connection": true,
	"http2_max_concurrent_streams": true, "http2_recv_buffer_size": true, "http2_chunk_size": true,
	"keepalive_time": true, "client_body_in_file_only": true, "client_body_in_single_buffer": true,
	"if_modified_since": true, "etag": true, "merge_slashes": true, "recursive_error_pages": true,
	"server_name_hash_bucket_size": true, "send_lowat": true, "connection_pool_size": true,
	"request_pool_size": true, "max_ranges": true, "subrequest_output_buffer_size": true,
	"limit_req_dry_run": true, "satisfy_any": true, "add_trailer": true, "variables_hash": true,
}
