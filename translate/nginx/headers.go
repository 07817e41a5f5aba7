package nginx

import (
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// defaultRequestHeaders are proxy_set_header values that Kubernetes ingress
// controllers send anyway (ingress-nginx sets each of these by default), so
// carrying them over needs nothing.
var defaultRequestHeaders = map[string][]string{
	"host":              {"$host", "$http_host"},
	"x-real-ip":         {"$remote_addr"},
	"x-forwarded-for":   {"$proxy_add_x_forwarded_for", "$remote_addr"},
	"x-forwarded-proto": {"$scheme"},
	"x-forwarded-host":  {"$host", "$http_host"},
	"x-forwarded-port":  {"$server_port"},
	"x-request-id":      {"$request_id"},
	"x-scheme":          {"$scheme"},
}

// lowerASCII returns strings.ToLower(s), in buf when s is ASCII and fits:
// the result is then valid only until buf is reused.
func lowerASCII(buf []byte, s string) string {
	if len(s) > cap(buf) {
		return strings.ToLower(s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(s)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf))
}

// requestHeaders computes the effective proxy_set_header set of a route.
func (t *translator) requestHeaders(r *ir.Route, sc scope, pt *proxyTarget) {
	hostSet := false
	var upgrade, connUpgrade *pn.Directive
	hm := t.headerMod.alloc()
	var lower [64]byte
	set := t.headerBuf[:0] // hm.Set, copied once complete
	for _, d := range sc.proxySetHeader {
		name, val := d.Arg(0), d.Arg(1)
		if !headerToken(name) {
			t.report(diag.NginxBadValue, d, "proxy_set_header %q: not an HTTP header name (a token of letters, digits and !#$%%&'*+-.^_`|~); left out", name)
			continue
		}
		lname := lowerASCII(lower[:0], name)
		if lname == "host" {
			hostSet = true
		}
		switch {
		case lname == "upgrade" && val == "$http_upgrade":
			upgrade = d
			continue
		case lname == "connection" && (strings.EqualFold(val, "upgrade") || val == "$connection_upgrade"):
			connUpgrade = d
			continue
		case lname == "connection" && val == "":
			// keep-alive to upstreams; ingress-nginx does this by default
			continue
		}
		if vals, ok := defaultRequestHeaders[lname]; ok && slices.Contains(vals, val) {
			continue
		}
		if hm.Origin.File == "" {
			hm.Origin = t.origin(d)
		}
		if val == "" {
			hm.Remove = append(hm.Remove, name)
		} else {
			set = append(set, ir.Header{Name: name, Value: val})
		}
	}
	if upgrade != nil || connUpgrade != nil {
		if upgrade == nil || connUpgrade == nil {
			d := upgrade
			if d == nil {
				d = connUpgrade
			}
			t.report(diag.NginxUpgradeHalf, d, "only one of the Upgrade and Connection headers is forwarded; WebSocket upgrades did not work through this location")
		} else {
			u := &ir.Upgrade{Protocol: "websocket"}
			u.Origin = t.origin(upgrade)
			r.Upgrade = u
		}
	}
	if !hostSet && pt != nil {
		// nginx's default is Host: $proxy_host, the name in proxy_pass.
		host := pt.host
		if pt.explicit {
			host += ":" + strconv.Itoa(int(pt.port))
		}
		if !strings.HasPrefix(host, "unix:") {
			if hm.Origin.File == "" {
				hm.Origin = r.Backend.Origin
			}
			hm.Set = make([]ir.Header, 0, 1+len(set))
			hm.Set = append(hm.Set, ir.Header{Name: "Host", Value: host})
			if !t.rep.Skip(diag.NginxHostHeader, r.Backend.Origin.Pos) {
				t.rep.Add(diag.NginxHostHeader, r.Backend.Origin.Pos, "no proxy_set_header Host here, so nginx sent \"Host: %s\" (its default $proxy_host); kept so the backend sees the same Host", host)
			}
		}
	}
	if len(set) > 0 {
		hm.Set = append(hm.Set[:len(hm.Set):cap(hm.Set)], set...)
	}
	clear(set)
	t.headerBuf = set[:0]
	if hm.Origin.File != "" {
		r.RequestHeaders = hm
	}
}

// responseHeaders splits add_header into CORS and other response headers.
func (t *translator) responseHeaders(r *ir.Route, sc scope) {
	if len(sc.addHeader) == 0 {
		return
	}
	hm := t.headerMod.alloc()
	hm.Always = true
	var cors *ir.CORS
	allAlways := true
	for _, d := range sc.addHeader {
		name, val := strings.TrimSuffix(d.Arg(0), ":"), d.Arg(1)
		if !headerToken(name) {
			t.report(diag.NginxBadValue, d, "add_header %q: not an HTTP header name (a token of letters, digits and !#$%%&'*+-.^_`|~); left out", name)
			continue
		}
		always := d.Arg(2) == "always"
		lname := strings.ToLower(name)
		if strings.HasPrefix(lname, "access-control-") {
			if cors == nil {
				cors = &ir.CORS{}
				cors.Origin = t.origin(d)
			}
			list := splitList(val)
			switch lname {
			case "access-control-allow-origin":
				cors.AllowOrigins = append(cors.AllowOrigins, list...)
			case "access-control-allow-methods":
				cors.AllowMethods = append(cors.AllowMethods, list...)
			case "access-control-allow-headers":
				cors.AllowHeaders = append(cors.AllowHeaders, list...)
			case "access-control-expose-headers":
				cors.ExposeHeaders = append(cors.ExposeHeaders, list...)
			case "access-control-allow-credentials":
				cors.AllowCredentials = strings.EqualFold(val, "true")
			case "access-control-max-age":
				cors.MaxAge, _ = strconv.Atoi(val)
			default:
				t.report(diag.NginxBadValue, d, "unknown CORS header %s", name)
			}
			continue
		}
		if hm.Origin.File == "" {
			hm.Origin = t.origin(d)
		}
		allAlways = allAlways && always
		hm.Add = append(hm.Add, ir.Header{Name: name, Value: val})
	}
	hm.Always = allAlways
	if len(hm.Add) > 0 {
		r.ResponseHeaders = hm
	}
	if cors != nil {
		r.CORS = cors
	}
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// headerToken reports whether s is an HTTP header name: an RFC 9110 token.
func headerToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
