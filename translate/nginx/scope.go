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

// levelAppend appends d, an array directive, to its list. The first one of
// a level replaces the inherited list (nginx's rule: a level that sets the
// directive inherits none of its parent's); fresh records that, and n is
// the level's count of the directive, the size of the new list.
func levelAppend(list *[]*pn.Directive, fresh *bool, n int, d *pn.Directive) {
	if !*fresh {
		*list, *fresh = make([]*pn.Directive, 0, n), true
	}
	*list = append(*list, d)
}

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
			levelAppend(&s.proxySetHeader, &freshPSH, nPSH, d)
		case "add_header":
			levelAppend(&s.addHeader, &freshAH, nAH, d)
		case "allow", "deny":
			levelAppend(&s.access, &freshAccess, nAccess, d)
		case "auth_basic":
			s.authBasic = d
		case "auth_basic_user_file":
			s.authUserFile = d
		case "limit_req":
			levelAppend(&s.limitReq, &freshLR, nLR, d)
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
			levelAppend(&s.certs, &freshCert, nCert, d)
		case "ssl_certificate_key":
			levelAppend(&s.keys, &freshKey, nKey, d)
		}
	}
}
