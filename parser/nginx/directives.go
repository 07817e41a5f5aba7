package nginx

import (
	"strconv"
	"strings"
)

// context is a kind of block a directive can appear in, as nginx's
// NGX_*_CONF flags distinguish them.
type context uint8

const (
	ctxMain           context = iota // the top level of nginx.conf
	ctxEvents                        // events { }
	ctxHTTP                          // http { }
	ctxServer                        // http server { }
	ctxLocation                      // location { }
	ctxUpstream                      // http upstream { }
	ctxIfServer                      // if { } in a server (NGX_HTTP_SIF_CONF)
	ctxIfLocation                    // if { } in a location (NGX_HTTP_LIF_CONF)
	ctxLimitExcept                   // limit_except { } (NGX_HTTP_LMT_CONF)
	ctxStream                        // stream { }
	ctxStreamServer                  // stream server { }
	ctxStreamUpstream                // stream upstream { }
	ctxMail                          // mail { }
	ctxMailServer                    // mail server { }
	numContexts

	// Not real contexts: the body of a block directive that is not made of
	// directives nginx checks.
	ctxFree    // map, geo, types, split_clients, charset_map, match, …: free-form entries
	ctxUnknown // the body of an unknown directive: not checked
	ctxIf      // placeholder: an if block is ctxIfServer or ctxIfLocation by its parent
)

var contextNames = [...]string{
	ctxMain:           "main",
	ctxEvents:         "events",
	ctxHTTP:           "http",
	ctxServer:         "server",
	ctxLocation:       "location",
	ctxUpstream:       "upstream",
	ctxIfServer:       "if in server",
	ctxIfLocation:     "if in location",
	ctxLimitExcept:    "limit_except",
	ctxStream:         "stream",
	ctxStreamServer:   "stream server",
	ctxStreamUpstream: "stream upstream",
	ctxMail:           "mail",
	ctxMailServer:     "mail server",
}

func (c context) String() string {
	if int(c) < len(contextNames) {
		return contextNames[c]
	}
	return "free-form"
}

// ctxMask is a set of contexts.
type ctxMask uint16

const (
	mMain    ctxMask = 1 << ctxMain
	mEvt     ctxMask = 1 << ctxEvents
	mHTTP    ctxMask = 1 << ctxHTTP
	mSrv     ctxMask = 1 << ctxServer
	mLoc     ctxMask = 1 << ctxLocation
	mUps     ctxMask = 1 << ctxUpstream
	mSIF     ctxMask = 1 << ctxIfServer
	mLIF     ctxMask = 1 << ctxIfLocation
	mLMT     ctxMask = 1 << ctxLimitExcept
	mStr     ctxMask = 1 << ctxStream
	mSSrv    ctxMask = 1 << ctxStreamServer
	mSUps    ctxMask = 1 << ctxStreamUpstream
	mMail    ctxMask = 1 << ctxMail
	mMSrv    ctxMask = 1 << ctxMailServer
	mAll     ctxMask = 1<<numContexts - 1
	mMSL             = mHTTP | mSrv | mLoc // NGX_HTTP_MAIN_CONF|SRV|LOC
	mMS              = mHTTP | mSrv
	mStrMS           = mStr | mSSrv
	mMailMS          = mMail | mMSrv
	mHTTPAll         = mHTTP | mSrv | mLoc | mUps | mSIF | mLIF | mLMT
)

// argRule says how many arguments a directive takes, in the manner of
// nginx's NGX_CONF_NOARGS … NGX_CONF_TAKE7 bits (bit n allows n arguments)
// and the NGX_CONF_1MORE/2MORE/ANY/FLAG/BLOCK flags.
type argRule uint16

const (
	a0 argRule = 1 << iota
	a1
	a2
	a3
	a4
	a5
	a6
	a7
	aMore1 // at least one
	aMore2 // at least two
	aAny   // any number
	aFlag  // exactly one, "on" or "off"
	aBlock // takes a { } block

	a01   = a0 | a1
	a012  = a0 | a1 | a2
	a12   = a1 | a2
	a13   = a1 | a3
	a123  = a1 | a2 | a3
	a1234 = a1 | a2 | a3 | a4
	a23   = a2 | a3
	a34   = a3 | a4
)

// dirSpec is one way a directive may be used: where, with how many
// arguments and, for a block directive, what its body is.
type dirSpec struct {
	ctx  ctxMask
	args argRule
	body context
}

// directiveTable maps a directive name to its specs. A name has several
// specs when modules share it (`server` in http, upstream, stream, mail).
// It is built once and only read.
var directiveTable = buildDirectiveTable()

// permissiveFamilies are prefixes of third-party modules with many
// directives (Phusion Passenger, PageSpeed, VTS, …): a directive with such a
// prefix is accepted anywhere with any arguments.
var permissiveFamilies = []string{
	"passenger_", "rails_", "rack_", "union_station_",
	"pagespeed", "vhost_traffic_status", "stream_server_traffic_status",
	"lua_", "auth_jwt_", "nchan_", "push_stream_", "vod_", "upload_",
	"srcache_", "redis2_", "memc_", "rds_", "postgres_", "drizzle_", "xss_",
	"echo", "set_", "array_", "encrypted_session_", "iconv_", "form_input",
	"sticky_", "check_", "dyups_", "njs_", "otel_", "opentracing", "datadog_",
	"zone_sync", "js_", "acme_", "sorted_querystring", "testcookie_", "ct_",
}

// inPermissiveFamily reports whether name belongs to a permissive family, or
// is a *_by_lua* / *_by_njs* variant not in the table.
func inPermissiveFamily(name string) bool {
	if strings.Contains(name, "_by_lua") {
		return true
	}
	for _, p := range permissiveFamilies {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func buildDirectiveTable() map[string][]dirSpec {
	t := make(map[string][]dirSpec, 1400)
	add := func(ctx ctxMask, args argRule, names ...string) {
		for _, n := range names {
			t[n] = append(t[n], dirSpec{ctx: ctx, args: args})
		}
	}
	block := func(ctx ctxMask, args argRule, body context, names ...string) {
		for _, n := range names {
			t[n] = append(t[n], dirSpec{ctx: ctx, args: args | aBlock, body: body})
		}
	}

	// ---- core (ngx_core_module, ngx_conf_file, events) ----
	add(mAll, a1, "include")
	add(mMain, aFlag, "daemon", "master_process", "pcre_jit", "quic_bpf")
	add(mMain, a1, "timer_resolution", "pid", "lock_file", "worker_processes",
		"debug_points", "worker_priority", "worker_rlimit_nofile", "worker_rlimit_core",
		"worker_rlimit_sigpending", "worker_shutdown_timeout", "working_directory", "env",
		"load_module", "ssl_engine", "google_perftools_profiles", "ssl_object_cache_inheritable")
	add(mMain, a12, "user")
	add(mMain, aMore1, "worker_cpu_affinity")
	add(mMain, a23, "thread_pool")
	add(mMain|mMSL|mStrMS|mMailMS, aMore1, "error_log")
	block(mMain, a0, ctxEvents, "events")
	block(mMain, a0, ctxHTTP, "http")
	block(mMain, a0, ctxStream, "stream")
	block(mMain, a0, ctxMail, "mail")
	block(mMain, aAny, ctxUnknown, "rtmp") // nginx-rtmp-module: not checked
	add(mEvt, a1, "worker_connections", "connections", "use", "accept_mutex_delay",
		"debug_connection", "worker_aio_requests", "epoll_events", "kqueue_changes",
		"kqueue_events", "devpoll_changes", "devpoll_events", "iocp_threads",
		"post_acceptex", "acceptex_read", "rtsig_signo", "rtsig_overflow_events",
		"rtsig_overflow_test", "rtsig_overflow_threshold")
	add(mEvt, aFlag, "multi_accept", "accept_mutex")

	// ---- http core ----
	add(mHTTP, a1, "variables_hash_max_size", "variables_hash_bucket_size",
		"server_names_hash_max_size", "server_names_hash_bucket_size")
	block(mHTTP, a0, ctxServer, "server")
	add(mMS, a1, "connection_pool_size", "request_pool_size", "client_header_timeout",
		"client_header_buffer_size")
	add(mMS, a2, "large_client_header_buffers")
	add(mMS, aFlag, "ignore_invalid_headers", "merge_slashes", "underscores_in_headers",
		"optimize_server_names")
	block(mSrv|mLoc, a12, ctxLocation, "location")
	add(mSrv, aMore1, "listen", "server_name")
	add(mMSL, a1, "types_hash_max_size", "types_hash_bucket_size", "default_type",
		"client_max_body_size", "client_body_buffer_size", "client_body_timeout",
		"client_body_in_file_only", "sendfile_max_chunk", "subrequest_output_buffer_size",
		"aio", "read_ahead", "directio", "directio_alignment", "send_timeout", "send_lowat",
		"postpone_output", "keepalive_time", "keepalive_requests", "satisfy", "auth_delay",
		"lingering_close", "lingering_time", "lingering_timeout", "server_tokens",
		"if_modified_since", "max_ranges", "open_file_cache_valid", "open_file_cache_retest",
		"open_file_cache_min_uses", "resolver_timeout", "gzip_http_version",
		"early_hints", "request_id")
	block(mMSL, a0, ctxFree, "types")
	add(mMSL|mLIF, a1, "root", "limit_rate", "limit_rate_after", "post_action")
	add(mLoc, a1, "alias")
	block(mLoc, aMore1, ctxLimitExcept, "limit_except")
	add(mMSL, a1234, "client_body_temp_path")
	add(mMSL, aFlag, "client_body_in_single_buffer", "aio_write", "tcp_nopush", "tcp_nodelay",
		"reset_timedout_connection", "absolute_redirect", "server_name_in_redirect",
		"port_in_redirect", "msie_padding", "msie_refresh", "log_not_found", "log_subrequest",
		"recursive_error_pages", "chunked_transfer_encoding", "etag", "open_file_cache_errors",
		"open_file_cache_events", "gzip_vary", "satisfy_any")
	add(mMSL|mLIF, aFlag, "sendfile")
	add(mMSL, a12, "keepalive_timeout", "keepalive_disable", "open_file_cache", "disable_symlinks")
	add(mLoc, a0, "internal")
	add(mMSL|mLIF, aMore2, "error_page")
	add(mSrv|mLoc, aMore2, "try_files")
	add(mMSL, aMore1, "resolver", "gzip_proxied", "gzip_disable")
	add(mMSL, a2, "output_buffers")
	add(mMS, aFlag, "ssl") // removed in nginx 1.25.1; still common in old configs

	// ---- rewrite ----
	rw := mSrv | mSIF | mLoc | mLIF
	add(rw, a23, "rewrite")
	add(rw, a12, "return")
	add(rw, a0, "break")
	add(rw, a2, "set")
	block(mSrv|mLoc, aMore1, ctxIf, "if")
	add(mMSL|mSIF|mLIF, aFlag, "rewrite_log", "uninitialized_variable_warn")

	// ---- headers, access, auth ----
	add(mMSL|mLIF, a23, "add_header", "add_trailer")
	add(mMSL|mLIF, a12, "expires")
	add(mMSL|mLMT, a1, "allow", "deny", "auth_basic", "auth_basic_user_file")
	add(mMSL, a1, "auth_request")
	add(mMSL, a2, "auth_request_set")

	// ---- limit_req, limit_conn ----
	add(mHTTP, a34, "limit_req_zone")
	add(mMSL, a123, "limit_req")
	add(mMSL, a1, "limit_req_log_level", "limit_req_status")
	add(mMSL, aFlag, "limit_req_dry_run")
	add(mHTTP, a23, "limit_conn_zone")
	add(mHTTP, a1234, "limit_zone") // removed in 1.7.6
	add(mMSL, a2, "limit_conn")
	add(mMSL, a1, "limit_conn_log_level", "limit_conn_status")
	add(mMSL, aFlag, "limit_conn_dry_run")

	// ---- gzip, gunzip, gzip_static ----
	add(mMSL|mLIF, aFlag, "gzip")
	add(mMSL, a2, "gzip_buffers", "gunzip_buffers")
	add(mMSL, aMore1, "gzip_types")
	add(mMSL, a1, "gzip_comp_level", "gzip_window", "gzip_hash", "postpone_gzipping",
		"gzip_min_length", "gzip_static")
	add(mMSL, aFlag, "gzip_no_buffer", "gunzip")

	// ---- log ----
	add(mMSL|mLIF|mLMT, aMore1, "access_log")
	add(mHTTP, aMore2, "log_format")
	add(mMSL, a1234, "open_log_file_cache")

	// ---- map, geo, geoip, split_clients, realip, charset ----
	block(mHTTP|mStr, a2, ctxFree, "map", "split_clients")
	add(mHTTP|mStr, a1, "map_hash_max_size", "map_hash_bucket_size", "geoip_proxy")
	block(mHTTP|mStr, a12, ctxFree, "geo")
	add(mHTTP|mStr, a12, "geoip_country", "geoip_city", "geoip_org")
	add(mHTTP, aFlag, "geoip_proxy_recursive")
	add(mMSL|mStrMS, a1, "set_real_ip_from")
	add(mMSL, a1, "real_ip_header")
	add(mMSL, aFlag, "real_ip_recursive")
	add(mMSL|mLIF, a1, "charset", "source_charset")
	add(mMSL|mLIF, aFlag, "override_charset")
	add(mMSL, aMore1, "charset_types")
	block(mHTTP, a2, ctxFree, "charset_map")

	// ---- index, autoindex, static content modules ----
	add(mMSL, aMore1, "index")
	add(mMSL, aFlag, "autoindex", "autoindex_exact_size", "autoindex_localtime")
	add(mMSL, a1, "autoindex_format")
	add(mLoc, aFlag, "random_index")
	add(mLoc, a0, "empty_gif", "flv", "mp4")
	add(mMSL, a1, "mp4_buffer_size", "mp4_max_buffer_size", "mp4_limit_rate", "mp4_limit_rate_after", "slice")
	add(mMSL, aFlag, "mp4_start_key_frame")
	add(mMSL, aMore1, "dav_methods")
	add(mMSL, a123, "dav_access")
	add(mMSL, aFlag, "create_full_put_path")
	add(mMSL, a1, "min_delete_depth")

	// ---- ssi, sub_filter, addition, mirror, stub_status ----
	add(mMSL|mLIF, aFlag, "ssi")
	add(mMSL, aFlag, "ssi_silent_errors", "ssi_ignore_recycled_buffers", "ssi_last_modified",
		"sub_filter_once", "sub_filter_last_modified", "mirror_request_body")
	add(mMSL, a1, "ssi_min_file_chunk", "ssi_value_length", "add_before_body", "add_after_body", "mirror")
	add(mMSL, aMore1, "ssi_types", "sub_filter_types", "addition_types")
	add(mMSL, a2, "sub_filter")
	add(mSrv|mLoc, a01, "stub_status")

	// ---- browser, referer, userid, secure_link, image_filter, xslt, perl ----
	add(mMSL, a12, "modern_browser")
	add(mMSL, aMore1, "ancient_browser", "valid_referers", "userid_flags")
	add(mMSL, a1, "modern_browser_value", "ancient_browser_value", "referer_hash_max_size",
		"referer_hash_bucket_size", "userid", "userid_service", "userid_name", "userid_domain",
		"userid_path", "userid_expires", "userid_p3p", "userid_mark", "secure_link",
		"secure_link_md5", "image_filter_buffer", "image_filter_jpeg_quality",
		"image_filter_webp_quality", "image_filter_sharpen", "xml_entities")
	add(mLoc, a1, "secure_link_secret")
	add(mLoc, a123, "image_filter")
	add(mMSL, aFlag, "image_filter_transparency", "image_filter_interlace", "xslt_last_modified")
	add(mLoc, aMore1, "xslt_stylesheet")
	add(mMSL, a2, "xslt_param", "xslt_string_param")
	add(mMSL, aMore1, "xslt_types")
	add(mHTTP, a1, "perl_modules", "perl_require")
	add(mHTTP, a2, "perl_set")
	add(mLoc|mLMT, a1, "perl")

	// ---- upstream ----
	block(mHTTP, a1, ctxUpstream, "upstream")
	add(mUps, aMore1, "server", "resolver", "sticky")
	add(mUps, a12, "hash", "zone", "least_time", "queue")
	add(mUps, a0, "ip_hash", "least_conn", "ntlm", "fair")
	add(mUps, a012, "random")
	add(mUps, a1, "keepalive", "keepalive_timeout", "keepalive_requests", "keepalive_time",
		"resolver_timeout", "state")
	add(mUps, aAny, "check", "health_check_timeout")
	add(mUps, a1, "check_http_send", "check_keepalive_requests")
	add(mUps, aMore1, "check_http_expect_alive")
	add(mLoc, a01, "check_status")
	add(mLoc, aAny, "health_check")
	add(mLoc, a01, "api")
	add(mLoc, a0, "status")
	add(mSrv|mLoc|mLIF, a1, "status_zone")
	block(mHTTP|mStr, a1, ctxFree, "match")

	// ---- proxy, fastcgi, uwsgi, scgi, grpc, memcached ----
	upstreamModule(t, "proxy_", true, true, true)
	upstreamModule(t, "fastcgi_", true, true, false)
	upstreamModule(t, "uwsgi_", true, true, true)
	upstreamModule(t, "scgi_", true, true, false)
	upstreamModule(t, "grpc_", false, false, true)
	add(mLoc|mLIF|mLMT, a1, "proxy_pass")
	add(mLoc|mLIF, a1, "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass")
	add(mMSL, a12, "proxy_redirect", "proxy_cookie_domain", "proxy_cookie_path")
	add(mMSL, a1234, "proxy_cookie_flags")
	add(mMSL, a2, "proxy_set_header", "grpc_set_header")
	add(mMSL, a1, "proxy_headers_hash_max_size", "proxy_headers_hash_bucket_size",
		"proxy_set_body", "proxy_method", "proxy_http_version", "proxy_send_lowat",
		"fastcgi_send_lowat", "fastcgi_index", "fastcgi_split_path_info", "fastcgi_catch_stderr",
		"uwsgi_modifier1", "uwsgi_modifier2", "uwsgi_string",
		"memcached_connect_timeout", "memcached_send_timeout", "memcached_buffer_size",
		"memcached_read_timeout", "memcached_next_upstream_tries",
		"memcached_next_upstream_timeout", "memcached_gzip_flag")
	add(mMSL, aFlag, "proxy_cache_convert_head", "proxy_pass_trailers", "fastcgi_keep_conn",
		"memcached_socket_keepalive")
	add(mMSL, a23, "fastcgi_param", "uwsgi_param", "scgi_param")
	add(mMSL, a12, "memcached_bind")
	add(mMSL, aMore1, "memcached_next_upstream", "proxy_cache_purge", "fastcgi_cache_purge",
		"uwsgi_cache_purge", "scgi_cache_purge")

	// ---- ssl ----
	sslModule(t, mMS, "ssl_")

	// ---- http2, http3, quic ----
	add(mMS, aFlag, "http2", "http3", "http3_hq", "quic_retry", "quic_gso", "spdy_headers_comp")
	add(mHTTP, a1, "http2_recv_buffer_size")
	add(mMS, a1, "http2_pool_size", "http2_max_concurrent_streams", "http2_max_concurrent_pushes",
		"http2_max_requests", "http2_max_field_size", "http2_max_header_size",
		"http2_body_preread_size", "http2_streams_index_size", "http2_recv_timeout",
		"http2_idle_timeout", "http3_max_concurrent_streams", "http3_stream_buffer_size",
		"quic_host_key", "quic_active_connection_id_limit")
	add(mMSL, a1, "http2_chunk_size", "http2_push")
	add(mMSL, aFlag, "http2_push_preload")

	// ---- stream ----
	add(mSSrv, a1, "proxy_pass", "pass", "return")
	add(mSSrv, a2, "set")
	add(mSSrv, aMore1, "listen", "server_name")
	block(mStr, a0, ctxStreamServer, "server")
	block(mStr, a1, ctxStreamUpstream, "upstream")
	add(mSUps, aMore1, "server", "resolver")
	add(mSUps, a12, "hash", "zone", "least_time")
	add(mSUps, a0, "least_conn")
	add(mSUps, a012, "random")
	add(mSUps, a1, "resolver_timeout", "state")
	add(mStrMS, a12, "proxy_bind")
	add(mStrMS, a1, "proxy_connect_timeout", "proxy_timeout", "proxy_buffer_size",
		"proxy_upload_rate", "proxy_download_rate", "proxy_requests", "proxy_responses",
		"proxy_next_upstream_tries", "proxy_next_upstream_timeout", "preread_buffer_size",
		"preread_timeout", "proxy_protocol_timeout", "resolver_timeout",
		"proxy_ssl_ciphers", "proxy_ssl_name", "proxy_ssl_verify_depth",
		"proxy_ssl_trusted_certificate", "proxy_ssl_crl", "proxy_ssl_certificate",
		"proxy_ssl_certificate_key", "proxy_ssl_password_file", "proxy_ssl_key_log",
		"limit_conn_log_level", "proxy_half_close_timeout")
	add(mStrMS, aFlag, "proxy_next_upstream", "proxy_protocol", "proxy_half_close",
		"proxy_socket_keepalive", "proxy_ssl", "proxy_ssl_session_reuse", "proxy_ssl_server_name",
		"proxy_ssl_verify", "ssl_preread", "tcp_nodelay", "limit_conn_dry_run")
	add(mStrMS, aMore1, "proxy_ssl_protocols", "access_log", "resolver")
	add(mStrMS, a2, "proxy_ssl_conf_command", "limit_conn")
	add(mStrMS, a123, "proxy_ssl_certificate_cache")
	add(mStrMS, a1, "allow", "deny")
	add(mStrMS, a1234, "open_log_file_cache")
	add(mStr, a1, "variables_hash_max_size", "variables_hash_bucket_size",
		"server_names_hash_max_size", "server_names_hash_bucket_size")
	add(mStr, aMore2, "log_format")
	add(mStr, a23, "limit_conn_zone")
	sslModule(t, mStrMS, "ssl_")
	add(mStrMS, a1, "ssl_handshake_timeout")
	add(mStrMS, aMore1, "ssl_alpn")

	// ---- mail ----
	block(mMail, a0, ctxMailServer, "server")
	add(mMSrv, aMore1, "listen")
	add(mMSrv, a1, "protocol")
	add(mMailMS, a1, "server_name", "auth_http", "auth_http_timeout", "proxy_buffer",
		"proxy_timeout", "imap_client_buffer", "smtp_client_buffer", "smtp_greeting_delay",
		"starttls", "timeout", "max_errors", "resolver_timeout", "so_keepalive")
	add(mMailMS, a2, "auth_http_header")
	add(mMailMS, aFlag, "auth_http_pass_client_cert", "proxy_pass_error_message",
		"proxy_protocol", "proxy_smtp_auth", "xclient", "proxy")
	add(mMailMS, aMore1, "imap_auth", "imap_capabilities", "pop3_auth", "pop3_capabilities",
		"smtp_auth", "smtp_capabilities", "resolver")
	add(mMail, a1, "server_names_hash_max_size", "server_names_hash_bucket_size")
	sslModule(t, mMailMS, "ssl_")

	// ---- OpenResty / ngx_lua (http and stream) ----
	luaHTTP := mMSL | mLIF
	add(mHTTP|mStr, a1, "lua_package_path", "lua_package_cpath", "lua_regex_cache_max_entries",
		"lua_regex_match_limit", "lua_max_pending_timers", "lua_max_running_timers",
		"lua_capture_error_log", "lua_malloc_trim", "lua_thread_cache_max_entries",
		"lua_worker_thread_vm_pool_size")
	add(mHTTP|mStr, a2, "lua_shared_dict")
	add(mHTTP|mStr, aFlag, "lua_sa_restart", "lua_load_resty_core", "rewrite_by_lua_no_postpone",
		"access_by_lua_no_postpone")
	add(mMSL|mStrMS, aFlag, "lua_code_cache", "lua_socket_log_errors")
	add(mMSL, aFlag, "lua_need_request_body", "lua_transform_underscores_in_response_headers",
		"lua_check_client_abort", "lua_use_default_type", "lua_http10_buffering")
	add(mMSL|mStrMS, a1, "lua_socket_connect_timeout", "lua_socket_send_timeout",
		"lua_socket_read_timeout", "lua_socket_buffer_size", "lua_socket_pool_size",
		"lua_socket_keepalive_timeout", "lua_socket_send_lowat", "lua_ssl_ciphers",
		"lua_ssl_crl", "lua_ssl_trusted_certificate", "lua_ssl_verify_depth",
		"lua_ssl_certificate", "lua_ssl_certificate_key", "lua_ssl_key_log")
	add(mMSL|mStrMS, aMore1, "lua_ssl_protocols")
	add(mMSL|mStrMS, a2, "lua_ssl_conf_command")
	// *_by_lua_block: a0 block; *_by_lua: one inline Lua string; *_by_lua_file: a path.
	luaPhase := func(ctx ctxMask, phases ...string) {
		for _, p := range phases {
			block(ctx, a0, ctxFree, p+"_by_lua_block")
			add(ctx, a1, p+"_by_lua", p+"_by_lua_file")
		}
	}
	luaPhase(mHTTP|mStr, "init", "init_worker", "exit_worker")
	luaPhase(luaHTTP|mStrMS, "content", "log")
	luaPhase(luaHTTP, "rewrite", "access", "header_filter", "body_filter")
	luaPhase(mHTTP|mSrv|mStrMS, "ssl_certificate", "ssl_client_hello", "server_rewrite")
	luaPhase(mHTTP|mStr, "ssl_session_fetch", "ssl_session_store")
	luaPhase(mUps|mSUps, "balancer")
	luaPhase(mStrMS, "preread")
	block(mSrv|mSIF|mLoc|mLIF, a1, ctxFree, "set_by_lua_block")
	add(mSrv|mSIF|mLoc|mLIF, aMore2, "set_by_lua", "set_by_lua_file")

	// ---- other common third-party modules ----
	add(mMSL|mLIF, aMore1, "more_set_headers", "more_clear_headers",
		"more_set_input_headers", "more_clear_input_headers")
	add(mMSL, aFlag, "modsecurity", "modsecurity_use_error_log")
	add(mMSL, a1, "modsecurity_rules_file", "modsecurity_rules", "modsecurity_transaction_id")
	add(mMSL, a2, "modsecurity_rules_remote")
	add(mMSL, aFlag, "ModSecurityEnabled")
	add(mMSL, a1, "ModSecurityConfig")
	add(mMSL|mLIF, aFlag, "brotli")
	add(mMSL, a1, "brotli_static", "brotli_comp_level", "brotli_window", "brotli_min_length")
	add(mMSL, aMore1, "brotli_types")
	add(mMSL, a2, "brotli_buffers")
	block(mHTTP|mStr, a1, ctxFree, "geoip2")
	add(mHTTP, a1, "geoip2_proxy")
	add(mHTTP, aFlag, "geoip2_proxy_recursive")
	add(mMSL|mLMT, a12, "auth_jwt", "auth_jwt_key_file")
	add(mMSL|mLMT, a1, "auth_jwt_key_request", "auth_jwt_type", "auth_jwt_leeway", "auth_jwt_key_cache")
	add(mMSL|mLMT, aMore1, "auth_jwt_require")
	add(mHTTP, aMore2, "auth_jwt_claim_set", "auth_jwt_header_set")
	add(mMSL|mLMT, a1, "auth_ldap")
	add(mMSL, aMore1, "auth_ldap_servers")
	add(mHTTP, a1, "auth_ldap_cache_enabled", "auth_ldap_cache_expiration_time", "auth_ldap_cache_size")
	block(mHTTP, a1, ctxFree, "ldap_server")
	// njs
	add(mMSL|mStrMS, a13, "js_import", "js_preload_object")
	add(mHTTP|mStr, a1, "js_include")
	add(mMSL|mStrMS, a1, "js_path", "js_engine", "js_context_reuse", "js_fetch_buffer_size",
		"js_fetch_ciphers", "js_fetch_max_response_buffer_size", "js_fetch_timeout",
		"js_fetch_trusted_certificate", "js_fetch_verify_depth", "js_fetch_keepalive")
	add(mMSL|mStrMS, aFlag, "js_fetch_verify")
	add(mMSL|mStrMS, aMore1, "js_fetch_protocols")
	add(mMSL|mStrMS, a23, "js_set")
	add(mMSL|mStrMS, a12, "js_var")
	add(mHTTP|mStr, aMore1, "js_shared_dict_zone")
	add(mLoc|mLIF|mLMT, a1, "js_content")
	add(mMSL|mLIF, a1, "js_header_filter")
	add(mMSL|mLIF, a12, "js_body_filter")
	add(mLoc, aMore1, "js_periodic")
	add(mStrMS, a1, "js_access", "js_preread", "js_filter")
	// naxsi
	add(mHTTP|mLoc, aMore1, "MainRule", "BasicRule", "CheckRule", "DeniedUrl", "main_rule",
		"basic_rule", "check_rule", "denied_url")
	add(mLoc, a0, "SecRulesEnabled", "SecRulesDisabled", "LearningMode", "LibInjectionSql",
		"LibInjectionXss", "learning_mode", "rules_enabled", "rules_disabled",
		"libinjection_sql", "libinjection_xss")
	// set-misc and echo (OpenResty bundle): names outside the permissive
	// families.
	add(mSrv|mSIF|mLoc|mLIF, a12, "set_unescape_uri", "set_escape_uri", "set_md5", "set_sha1",
		"set_encode_base64", "set_decode_base64", "set_quote_sql_str", "set_quote_json_str",
		"set_if_empty", "set_random")
	return t
}

// upstreamModule adds the directives shared by the proxy, fastcgi, uwsgi,
// scgi and grpc modules under prefix. cache says whether the module has the
// *_cache* and *_store* directives, temp the temporary-file ones, ssl the
// *_ssl_* ones. The *_pass directive and module-specific ones are added by
// the caller.
func upstreamModule(t map[string][]dirSpec, prefix string, cache, temp, ssl bool) {
	add := func(args argRule, names ...string) {
		for _, n := range names {
			t[prefix+n] = append(t[prefix+n], dirSpec{ctx: mMSL, args: args})
		}
	}
	add(a12, "bind")
	add(aFlag, "socket_keepalive", "intercept_errors", "ignore_client_abort",
		"pass_request_headers", "pass_request_body")
	add(a1, "connect_timeout", "send_timeout", "read_timeout", "buffer_size",
		"next_upstream_tries", "next_upstream_timeout", "pass_header", "hide_header")
	add(aMore1, "next_upstream", "ignore_headers")
	if temp {
		add(a2, "buffers")
		add(a1, "busy_buffers_size", "limit_rate", "max_temp_file_size", "temp_file_write_size")
		add(aFlag, "buffering", "request_buffering", "force_ranges")
		add(a1234, "temp_path")
	}
	if cache {
		add(a1, "store", "cache", "cache_key", "cache_min_uses", "cache_max_range_offset",
			"cache_lock_timeout", "cache_lock_age")
		add(a123, "store_access")
		add(aMore1, "cache_bypass", "no_cache", "cache_valid", "cache_use_stale", "cache_methods")
		add(aFlag, "cache_lock", "cache_revalidate", "cache_background_update")
		t[prefix+"cache_path"] = append(t[prefix+"cache_path"], dirSpec{ctx: mHTTP, args: aMore2})
	}
	if ssl {
		add(aFlag, "ssl_session_reuse", "ssl_server_name", "ssl_verify")
		add(aMore1, "ssl_protocols")
		add(a1, "ssl_ciphers", "ssl_name", "ssl_verify_depth", "ssl_trusted_certificate",
			"ssl_crl", "ssl_certificate", "ssl_certificate_key", "ssl_password_file", "ssl_key_log")
		add(a2, "ssl_conf_command")
		add(a123, "ssl_certificate_cache")
	}
}

// sslModule adds the ssl_* directives of the http, stream or mail ssl module
// with the contexts ctx.
func sslModule(t map[string][]dirSpec, ctx ctxMask, prefix string) {
	add := func(args argRule, names ...string) {
		for _, n := range names {
			t[prefix+n] = append(t[prefix+n], dirSpec{ctx: ctx, args: args})
		}
	}
	add(a1, "certificate", "certificate_key", "password_file", "dhparam", "ecdh_curve",
		"ciphers", "buffer_size", "verify_client", "verify_depth", "client_certificate",
		"trusted_certificate", "session_ticket_key", "session_timeout", "crl", "ocsp",
		"ocsp_cache", "ocsp_responder", "stapling_file", "stapling_responder", "key_log")
	add(aMore1, "protocols")
	add(aFlag, "prefer_server_ciphers", "session_tickets", "stapling", "stapling_verify",
		"early_data", "reject_handshake")
	add(a12, "session_cache")
	add(a2, "conf_command")
	add(a123, "certificate_cache")
}

// describeArgs says in words how many arguments rule allows.
func describeArgs(rule argRule) string {
	rule &^= aBlock
	switch {
	case rule&aAny != 0:
		return "any number of arguments"
	case rule&aFlag != 0:
		return `one argument, "on" or "off"`
	case rule&aMore1 != 0:
		return "at least 1 argument"
	case rule&aMore2 != 0:
		return "at least 2 arguments"
	case rule == a0:
		return "no arguments"
	}
	var ns []int
	for n := 0; n <= 7; n++ {
		if rule&(1<<n) != 0 {
			ns = append(ns, n)
		}
	}
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return strconv.Itoa(n) + " arguments"
	}
	switch len(ns) {
	case 0:
		return "no arguments"
	case 1:
		return plural(ns[0])
	case 2:
		return strconv.Itoa(ns[0]) + " or " + plural(ns[1])
	}
	contiguous := ns[len(ns)-1]-ns[0] == len(ns)-1
	if contiguous {
		return strconv.Itoa(ns[0]) + " to " + plural(ns[len(ns)-1])
	}
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += ", "
		}
		s += strconv.Itoa(n)
	}
	return s + " arguments"
}
