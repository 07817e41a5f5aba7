package nginx

import (
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// scope is the effective value of the inheritable directives at one level
// (http, server, location). nginx merges levels per directive: a scalar
// directive at a lower level overrides the inherited value, and an array
// directive (proxy_set_header, add_header, allow/deny, limit_req) present at
// a lower level REPLACES the whole inherited list — it does not merge.
//
// scope is copied by value into each lower level; slices are never appended
// to in place (a level that sets an array starts a fresh slice).
type scope struct {
	bodySize                     *pn.Directive
	connectTO, readTO, sendTO    *pn.Directive
	proxySetHeader               []*pn.Directive
	addHeader                    []*pn.Directive
	access                       []*pn.Directive
	authBasic, authUserFile      *pn.Directive
	limitReq                     []*pn.Directive
	limitReqStatus               *pn.Directive
	httpVersion                  *pn.Directive
	proxyRedirect                *pn.Directive
	sslVerify, sslName, sslTrust *pn.Directive
	satisfy                      *pn.Directive
	certs, keys                  []*pn.Directive // ssl_certificate(_key): array, replaced per level
}

// scoped reports whether scope consumes the directive named name (a
// switch: it is asked for every directive).
func scoped(name string) bool {
	switch name {
	case "client_max_body_size", "proxy_connect_timeout", "proxy_read_timeout",
		"proxy_send_timeout", "proxy_set_header", "add_header", "allow",
		"deny", "auth_basic", "auth_basic_user_file", "limit_req",
		"limit_req_status", "proxy_http_version", "proxy_redirect",
		"proxy_ssl_verify", "proxy_ssl_name", "proxy_ssl_trusted_certificate",
		"satisfy", "ssl_certificate", "ssl_certificate_key":
		return true
	}
	return false
}

func (s *scope) handles(d *pn.Directive) bool { return scoped(d.Name) }

// apply sets the scope from the directives of one level.
func (s *scope) apply(t *translator, ds []*pn.Directive, level ctx) {
	var freshPSH, freshAH, freshAccess, freshLR, freshCert, freshKey bool
	// The array directives of the level, counted first so that each of
	// its lists is allocated once.
	var nPSH, nAH, nAccess, nLR, nCert, nKey int
	for _, d := range ds {
		switch d.Name {
		case "proxy_set_header":
			nPSH++
		case "add_header":
			nAH++
		case "allow", "deny":
			nAccess++
		case "limit_req":
			nLR++
		case "ssl_certificate":
			nCert++
		case "ssl_certificate_key":
			nKey++
		}
	}
	for _, d := range ds {
		if !scoped(d.Name) {
			continue
		}
		t.use(d)
		switch d.Name {
		case "client_max_body_size":
			s.bodySize = d
		case "proxy_connect_timeout":
			s.connectTO = d
		case "proxy_read_timeout":
			s.readTO = d
		case "proxy_send_timeout":
			s.sendTO = d
		case "proxy_set_header":
			if !freshPSH {
				s.proxySetHeader, freshPSH = make([]*pn.Directive, 0, nPSH), true
			}
			s.proxySetHeader = append(s.proxySetHeader, d)
		case "add_header":
			if !freshAH {
				s.addHeader, freshAH = make([]*pn.Directive, 0, nAH), true
			}
			s.addHeader = append(s.addHeader, d)
		case "allow", "deny":
			if !freshAccess {
				s.access, freshAccess = make([]*pn.Directive, 0, nAccess), true
			}
			s.access = append(s.access, d)
		case "auth_basic":
			s.authBasic = d
		case "auth_basic_user_file":
			s.authUserFile = d
		case "limit_req":
			if !freshLR {
				s.limitReq, freshLR = make([]*pn.Directive, 0, nLR), true
			}
			s.limitReq = append(s.limitReq, d)
		case "limit_req_status":
			s.limitReqStatus = d
		case "proxy_http_version":
			s.httpVersion = d
		case "proxy_redirect":
			s.proxyRedirect = d
		case "proxy_ssl_verify":
			s.sslVerify = d
		case "proxy_ssl_name":
			s.sslName = d
		case "proxy_ssl_trusted_certificate":
			s.sslTrust = d
		case "satisfy":
			s.satisfy = d
		case "ssl_certificate":
			if !freshCert {
				s.certs, freshCert = make([]*pn.Directive, 0, nCert), true
			}
			s.certs = append(s.certs, d)
		case "ssl_certificate_key":
			if !freshKey {
				s.keys, freshKey = make([]*pn.Directive, 0, nKey), true
			}
			s.keys = append(s.keys, d)
		}
	}
}
