package nginx

import (
	"net"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// upstream is a parsed `upstream NAME { … }` block.
type upstream struct {
	d         *pn.Directive
	name      string
	endpoints []ir.Endpoint
	port      int32 // port of the first server; 0 for unix sockets
	balancing *ir.Balancing
}

// zone is a parsed limit_req_zone.
type zone struct {
	d    *pn.Directive
	key  string
	rate int
	per  string
}

func (t *translator) upstream(d *pn.Directive) {
	t.use(d)
	name := d.Arg(0)
	if prev, dup := t.upstreams[name]; dup {
		t.rep.Report(diag.Diagnostic{Code: diag.NginxDuplicate, Severity: diag.Error, Pos: d.Pos,
			Message: "duplicate upstream \"" + name + "\"", Related: []diag.Pos{prev.d.Pos},
			Hint: diag.Lookup(diag.NginxDuplicate).Hint})
		return
	}
	u := &upstream{d: d, name: name}
	bal := &ir.Balancing{Policy: "round-robin"}
	bal.Origin = t.origin(d)
	balSet := false
	ports := map[int32]bool{}
	for _, s := range d.Directives() {
		switch s.Name {
		case "server":
			t.use(s)
			ep := ir.Endpoint{Address: s.Arg(0), Weight: 1, Origin: t.origin(s)}
			for _, p := range argsAfterFirst(s) {
				v := p.Value
				switch {
				case strings.HasPrefix(v, "weight="):
					ep.Weight = atoiMax(v[len("weight="):], 1<<20)
					if ep.Weight <= 0 {
						t.rep.Add(diag.NginxBadValue, p.Pos, "invalid weight %q: nginx needs a positive number", v)
						ep.Weight = 1
					}
				case v == "backup":
					ep.Backup = true
				case v == "down":
					ep.Down = true
					if !t.rep.Skip(diag.NginxUpstreamTuning, p.Pos) {
						t.rep.Add(diag.NginxUpstreamTuning, p.Pos, "server %s of upstream %q is marked down and got no traffic; in Kubernetes every ready pod of the Service does", s.Arg(0), name)
					}
				case strings.HasPrefix(v, "max_fails="), strings.HasPrefix(v, "fail_timeout="):
					if !t.rep.Skip(diag.NginxUpstreamTuning, p.Pos) {
						t.rep.Add(diag.NginxUpstreamTuning, p.Pos, "%s: nginx's passive health check of %s is replaced by the pods' readiness probes", v, s.Arg(0))
					}
				case strings.HasPrefix(v, "max_conns="), strings.HasPrefix(v, "slow_start="),
					v == "resolve", strings.HasPrefix(v, "service="), strings.HasPrefix(v, "route="):
					if !t.rep.Skip(diag.NginxUpstreamTuning, p.Pos) {
						t.rep.Add(diag.NginxUpstreamTuning, p.Pos, "%s of %s is not translated: connection limits and DNS re-resolution are the controller's and the Service's business", v, s.Arg(0))
					}
				default:
					t.report(diag.NginxUpstreamParam, s, "unknown upstream server parameter %q", v)
				}
			}
			if bp := badPort(ep.Address); bp != "" {
				t.rep.Add(diag.NginxBadValue, s.Args[0].Pos, "invalid port %q in upstream server %s (nginx: \"invalid port in upstream\"); port 80 is assumed", bp, ep.Address)
			}
			u.endpoints = append(u.endpoints, ep)
			_, port := splitHostPort(ep.Address, 80)
			if port > 0 {
				ports[port] = true
				if u.port == 0 {
					u.port = port
				}
			}
		case "least_conn", "ip_hash", "random":
			t.use(s)
			bal.Policy, balSet = strings.ReplaceAll(s.Name, "_", "-"), true
			bal.Origin = t.origin(s)
		case "hash":
			t.use(s)
			bal.Policy, bal.HashKey, balSet = "hash", s.Arg(0), true
			bal.Consistent = s.Arg(1) == "consistent"
			bal.Origin = t.origin(s)
		case "keepalive":
			t.use(s)
			bal.Keepalive, _ = strconv.Atoi(s.Arg(0))
			balSet = true
		case "keepalive_timeout", "keepalive_requests", "keepalive_time", "zone", "queue", "ntlm", "sticky":
			t.ignore(catUpstreamTuning, s)
		case "include":
		default:
			t.ignore(catUpstreamTuning, s)
		}
	}
	if balSet {
		u.balancing = bal
	}
	if len(u.endpoints) == 0 {
		t.report(diag.NginxUpstreamEmpty, d, "upstream %q has no servers", name)
	}
	if len(ports) > 1 {
		t.report(diag.NginxUpstreamPorts, d, "upstream %q has servers on different ports; the Service uses port %d", name, u.port)
	}
	var backups, weighted []diag.Pos
	for _, ep := range u.endpoints {
		if ep.Backup {
			backups = append(backups, ep.Origin.Pos)
		}
		if ep.Weight != 1 {
			weighted = append(weighted, ep.Origin.Pos)
		}
	}
	if len(backups) > 0 {
		t.rep.Report(diag.Diagnostic{Code: diag.NginxUpstreamBackup, Severity: diag.Warning, Pos: backups[0], Related: backups[1:],
			Message: "upstream \"" + name + "\" has backup servers; Kubernetes Services have no failover tier, every ready pod receives traffic",
			Hint:    diag.Lookup(diag.NginxUpstreamBackup).Hint})
	}
	if len(weighted) > 0 && len(u.endpoints) > 1 {
		t.rep.Report(diag.Diagnostic{Code: diag.NginxUpstreamWeight, Severity: diag.Info, Pos: weighted[0], Related: weighted[1:],
			Message: "upstream \"" + name + "\" weights its servers; pods behind one Service share traffic evenly",
			Hint:    diag.Lookup(diag.NginxUpstreamWeight).Hint})
	}
	t.upstreams[name] = u
}

func (t *translator) zone(d *pn.Directive) {
	t.use(d)
	z := &zone{d: d, key: d.Arg(0)}
	var name string
	for _, a := range argsAfterFirst(d) {
		v := a.Value
		switch {
		case strings.HasPrefix(v, "zone="):
			name = v[len("zone="):]
			if i := strings.IndexByte(name, ':'); i >= 0 {
				name = name[:i]
			}
		case strings.HasPrefix(v, "rate="):
			r := v[len("rate="):]
			switch {
			case strings.HasSuffix(r, "r/s"):
				z.rate = atoiMax(r[:len(r)-3], 1<<30)
				z.per = "s"
			case strings.HasSuffix(r, "r/m"):
				z.rate = atoiMax(r[:len(r)-3], 1<<30)
				z.per = "m"
			}
		}
	}
	if name == "" || z.rate <= 0 {
		t.report(diag.NginxBadValue, d, "limit_req_zone needs zone=NAME:SIZE and rate=Nr/s or Nr/m")
		return
	}
	t.zones[name] = z
}

// atoiMax reads a non-negative decimal number; anything else, or a number
// above max, gives -1.
func atoiMax(s string, max int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > max {
		return -1
	}
	return n
}

// splitHostPort splits "host:port", "[v6]:port" or "unix:/path". A missing
// port yields def; a unix socket yields port 0.
func splitHostPort(addr string, def int32) (string, int32) {
	if strings.HasPrefix(addr, "unix:") {
		return addr, 0
	}
	if strings.IndexByte(addr, ':') < 0 {
		return strings.Trim(addr, "[]"), def // as the error of SplitHostPort, without its allocation
	}
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return strings.Trim(addr, "[]"), def
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n > 65535 {
		return h, def
	}
	return h, int32(n)
}

// proxyTarget is a parsed proxy_pass / grpc_pass argument.
type proxyTarget struct {
	scheme   string // http, https, grpc, grpcs
	host     string // upstream name, hostname, IP, or unix:/path
	port     int32
	explicit bool   // port written
	uri      string // URI part, "" when absent
	hasURI   bool
	variable bool   // the target contains nginx variables
	badPort  string // a port that is written but is not 1-65535
}

// badPort returns the port of host:port when it is written but invalid.
func badPort(hostport string) string {
	if strings.HasPrefix(hostport, "unix:") {
		return ""
	}
	if strings.IndexByte(hostport, ':') < 0 {
		return "" // SplitHostPort would fail: no port
	}
	_, p, err := net.SplitHostPort(hostport)
	if err != nil {
		return ""
	}
	if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
		return p
	}
	return ""
}

func parseProxyTarget(v string, defScheme string) proxyTarget {
	pt := proxyTarget{scheme: defScheme}
	rest := v
	if i := strings.Index(rest, "://"); i >= 0 {
		pt.scheme = strings.ToLower(rest[:i])
		rest = rest[i+3:]
	}
	pt.variable = strings.Contains(rest, "$")
	var hostport string
	if strings.HasPrefix(rest, "unix:") {
		// unix:/path/sock[:/uri]
		p := rest[len("unix:"):]
		if i := strings.Index(p, ":"); i >= 0 {
			hostport, pt.uri, pt.hasURI = "unix:"+p[:i], p[i+1:], true
		} else {
			hostport = rest
		}
		pt.host = hostport
		return pt
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		hostport, pt.uri, pt.hasURI = rest[:i], rest[i:], true
	} else {
		hostport = rest
	}
	if i := strings.IndexByte(hostport, '$'); i >= 0 {
		hostport = hostport[:i]
	}
	def := int32(80)
	switch pt.scheme {
	case "https", "grpcs":
		def = 443
	}
	pt.host, pt.port = splitHostPort(hostport, def)
	pt.badPort = badPort(hostport)
	pt.explicit = strings.Contains(hostport, ":") && !strings.HasSuffix(hostport, "]")
	return pt
}

// isLocal reports whether host names this machine or a raw address: the app
// behind it ran beside nginx, so it is named after the site.
func isLocal(host string) bool {
	if strings.HasPrefix(host, "unix:") || host == "localhost" {
		return true
	}
	return parseIP(host) != nil
}

// parseIP is net.ParseIP, without its cost for the host names that are
// not addresses (it allocates an error for each).
func parseIP(s string) net.IP {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == '.' || c == ':') {
			return nil
		}
	}
	return net.ParseIP(s)
}

// isLoopback reports whether host names this machine's loopback interface.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := parseIP(host)
	return ip != nil && ip.IsLoopback()
}

// backend returns the IR backend of a proxy target, bound to its app (see
// bindApp). A chunk translator (see parallel.go) leaves the binding to the
// merge, which makes it in the order the sequential translation would.
func (t *translator) backend(pt proxyTarget, d *pn.Directive, siteName string) *ir.Backend {
	b := t.backends.alloc()
	u := unboundBackend{b: b, d: d}
	port := pt.port
	if up, ok := t.upstreams[pt.host]; ok && !pt.explicit {
		u.up = up
		port = up.port
	} else {
		u.key, u.label, u.addr = addressApp(pt, siteName)
	}
	if port == 0 {
		port = 80
	}
	proto := "http"
	switch pt.scheme {
	case "https":
		proto = "https"
	case "grpc":
		proto = "grpc"
	case "grpcs":
		proto = "grpcs"
	}
	*b = ir.Backend{Port: port, Protocol: proto}
	b.Origin = t.origin(d)
	if t.unbound != nil {
		*t.unbound = append(*t.unbound, u)
		return b
	}
	t.bindApp(u)
	return b
}

// unboundBackend is a backend whose app is yet to be found (bindApp), and
// what finding it needs: the upstream the proxy target names, or else the
// key of the target's app, the label the app's name starts from and its
// endpoint address (see addressApp), made where the backend is (in a
// chunk, on that chunk's core).
type unboundBackend struct {
	b                *ir.Backend
	d                *pn.Directive // the proxy_pass
	up               *upstream
	key, label, addr string
}

// addressApp returns the key, the name (a label) and the endpoint address
// of the app behind a proxy target that is not an upstream. A local target
// (localhost, an address, a unix socket) is a process beside nginx, known
// by its port and named after the site.
func addressApp(pt proxyTarget, siteName string) (key, label, addr string) {
	unix := strings.HasPrefix(pt.host, "unix:")
	key, want, addr := "address "+pt.host, pt.host, pt.host
	if isLocal(pt.host) {
		// localhost, 127.0.0.1 and ::1 are the same machine.
		want = siteName
		if !unix {
			key = "local " + strconv.Itoa(int(pt.port))
			if !isLoopback(pt.host) {
				key = "address " + pt.host + ":" + strconv.Itoa(int(pt.port))
			}
		}
	}
	if !unix {
		addr = net.JoinHostPort(pt.host, strconv.Itoa(int(pt.port)))
	}
	// Namer.Name makes the same name of a label as of what it stands for.
	return key, ir.DNS1035Label(want), addr
}

// bindApp sets the backend's app, creating the app on first use, and adds
// the backend's port to it.
func (t *translator) bindApp(ub unboundBackend) {
	b, d := ub.b, ub.d
	var app *ir.App
	if u := ub.up; u != nil {
		// The key is only allocated for a new app.
		t.keyBuf = append(append(t.keyBuf[:0], "upstream "...), u.name...)
		app = t.apps[string(t.keyBuf)]
		if app == nil {
			key := string(t.keyBuf)
			app = &ir.App{Name: t.appNames.Name(key, u.name), Origin: t.origin(u.d),
				Endpoints: u.endpoints, Balancing: u.balancing}
			t.apps[key] = app
			if u.port == 0 && len(u.endpoints) > 0 {
				t.report(diag.NginxUnixSocket, u.d, "upstream %q listens on a unix socket; the Service assumes the app listens on TCP port 80", u.name)
			}
		}
	} else {
		app = t.apps[ub.key]
		if app == nil {
			app = &ir.App{Name: t.appNames.Name(ub.key, ub.label), Origin: t.origin(d)}
			app.Endpoints = []ir.Endpoint{{Address: ub.addr, Weight: 1, Origin: t.origin(d)}}
			t.apps[ub.key] = app
			if strings.HasPrefix(ub.addr, "unix:") {
				t.report(diag.NginxUnixSocket, d, "proxy target is a unix socket; the Service assumes the app listens on TCP port 80")
			}
		}
	}
	addPort(app, b.Port, b.Protocol, b.Origin)
	b.App = app.Name
}

func addPort(app *ir.App, port int32, proto string, o ir.Origin) {
	for _, p := range app.Ports {
		if p.Port == port {
			return
		}
	}
	ap := proto
	switch proto {
	case "grpc":
		ap = "kubernetes.io/h2c"
	case "grpcs":
		ap = "https"
	}
	app.Ports = append(app.Ports, ir.Port{Port: port, Protocol: "TCP", AppProtocol: ap, Origin: o})
}
