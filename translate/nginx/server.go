package nginx

import (
	"path"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// siteCtx is what the translation of one server block needs at hand.
type siteCtx struct {
	site  *ir.Site
	named map[string]*pn.Directive // named locations by name
	// primary is the first server_name, for $server_name.
	primary string
	regexN  int
	routes  []*ir.Route
	early   []*ir.Route // server rewrite phase: before location selection
	// usedNamed are the named locations a location's try_files fell back to.
	usedNamed map[*pn.Directive]bool
	// serverFallback is the named location of a server-level try_files.
	serverFallback string
}

func (t *translator) server(d *pn.Directive, parent scope) {
	t.use(d)
	ds := d.Directives()
	sc := parent
	sc.apply(t, ds, ctxServer)
	site := &ir.Site{Origin: t.origin(d)}
	sx := &siteCtx{site: site, routes: t.routeBuf} // its maps are made on first use
	want, primary := siteWant(ds)
	sx.primary = primary

	certs, keys := sc.certs, sc.keys
	var locations []*pn.Directive
	var sslOn, http2 bool
	var serverNames []*pn.Directive
	var hasReturn *pn.Directive
	for _, c := range ds {
		switch c.Name {
		case "server_name":
			t.use(c)
			serverNames = append(serverNames, c)
		case "listen":
			t.use(c)
			t.listen(c, site)
		case "ssl":
			t.use(c)
			sslOn = c.Arg(0) == "on"
			t.report(diag.NginxDeprecated, c, "\"ssl on\" is deprecated; treated as \"listen … ssl\" on every listener")
		case "http2":
			t.use(c)
			http2 = c.Arg(0) == "on"
		case "location":
			locations = append(locations, c)
			if n := c.Arg(0); strings.HasPrefix(n, "@") {
				if sx.named == nil {
					sx.named = map[string]*pn.Directive{}
				}
				sx.named[n] = c
			}
		case "include":
		}
	}
	t.serverNames(serverNames, sx)
	for i := range site.Listeners {
		if sslOn {
			site.Listeners[i].TLS = true
		}
		if http2 {
			site.Listeners[i].HTTP2 = true
		}
	}
	if len(site.Listeners) == 0 {
		// nginx's default: listen *:80 (or 8000 when not run as root).
		site.Listeners = []ir.Listener{{Port: 80, Origin: t.origin(d)}}
	}
	tlsAny := false
	for _, l := range site.Listeners {
		tlsAny = tlsAny || l.TLS
	}
	if !tlsAny && len(certs) > 0 {
		t.report(diag.NginxTLSUnused, certs[0], "ssl_certificate is set but no listener of this server uses ssl")
	}
	site.Name = t.siteName(d, want)
	if tlsAny {
		t.tls(site, certs, keys, d)
	}

	// Second walk, with the site named: the rewrite phase and the locations.
	for _, c := range ds {
		switch c.Name {
		case "return":
			t.use(c)
			hasReturn = c
			r := t.newRoute(sx, c, ir.Match{Kind: ir.MatchPrefix, Path: "/"}, "all")
			t.applyReturn(r, c, sx)
			t.finishRoute(sx, r, sc, nil)
			sx.early = append(sx.early, r)
		case "rewrite":
			t.use(c)
			t.serverRewrite(sx, c, sc)
		case "if":
			t.ifBlock(c, "server")
		case "location":
			if !strings.HasPrefix(c.Arg(0), "@") {
				t.location(sx, c, sc, nil)
			}
		case "set":
			t.report(diag.NginxSet, c, "variable %s is set at run time; nothing in Kubernetes evaluates nginx variables", c.Arg(0))
		case "root", "index", "try_files", "autoindex", "alias":
			if c.Name == "try_files" && strings.HasPrefix(c.Arg(len(c.Args)-1), "@") {
				sx.serverFallback = c.Arg(len(c.Args) - 1)
			}
			t.ignore(catStatic, c)
		case "error_page":
			t.errorPage(c)
		case "server_name", "listen", "ssl_certificate", "ssl_certificate_key", "ssl", "http2", "include":
		default:
			if !sc.handles(c) {
				t.other(c, ctxServer)
			}
		}
	}
	if hasReturn != nil && len(locations) > 0 {
		var rel []diag.Pos
		for _, l := range locations {
			rel = append(rel, l.Pos)
			t.useTree(l)
		}
		t.rep.Report(diag.Diagnostic{Code: diag.NginxUnreachable, Severity: diag.Info, Pos: hasReturn.Pos, Related: rel,
			Message: "a server-level return answers every request; the server's locations are never reached and are not translated",
			Hint:    diag.Lookup(diag.NginxUnreachable).Hint})
		sx.routes = nil
	}
	for _, l := range locations {
		if strings.HasPrefix(l.Arg(0), "@") && !sx.usedNamed[l] && hasReturn == nil {
			if l.Arg(0) == sx.serverFallback {
				t.report(diag.NginxNamedLocation, l, "named location %s is the fallback of the server-level try_files, used for requests no location matches after static files; its content is not translated", l.Arg(0))
			} else {
				t.report(diag.NginxNamedLocation, l, "named location %s is not referenced by a location's try_files; it is reachable only by error_page or X-Accel-Redirect and is not translated", l.Arg(0))
			}
			t.useTree(l)
		}
	}
	site.Routes = orderRoutes(sx.early, sx.routes)
	clear(sx.routes)
	t.routeBuf = sx.routes[:0] // for the next server
	t.proj.Sites = append(t.proj.Sites, site)
}

func siteKey(d *pn.Directive) string {
	p := d.Pos
	if p.File == "" || p.Line == 0 {
		return p.String()
	}
	// p.String(), without fmt
	b := make([]byte, 0, len(p.File)+16)
	b = append(b, p.File...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(p.Col), 10)
	return string(b)
}

// serverNames fills site.Hosts from the server_name directives.
// redirectOnly reports whether a server's directives answer every request
// with a server-level redirect (return 3xx, or rewrite … permanent|redirect)
// and hold no location.
func redirectOnly(ds []*pn.Directive) bool {
	found := false
	for _, d := range ds {
		switch d.Name {
		case "location":
			return false
		case "return":
			if c, err := strconv.Atoi(d.Arg(0)); err != nil || c < 300 || c > 399 {
				return false
			}
			found = true
		case "rewrite":
			if f := d.Arg(2); f == "permanent" || f == "redirect" {
				found = true
			}
		}
	}
	return found
}

// validHost returns n if it is a valid Ingress host (a DNS-1123 subdomain,
// optionally with a leading "*."), or the nearest valid name.
func validHost(n string) string {
	wild := strings.HasPrefix(n, "*.")
	rest := strings.TrimPrefix(n, "*.")
	// Most names are valid as written: they are returned as they are.
	if len(rest) <= 253 && !strings.HasSuffix(rest, ".") {
		valid := true
		for l := range strings.SplitSeq(rest, ".") {
			if ir.DNSLabel(l) != l {
				valid = false
				break
			}
		}
		if valid {
			return n
		}
	}
	labels := strings.Split(strings.TrimSuffix(rest, "."), ".")
	for i, l := range labels {
		labels[i] = ir.DNSLabel(l)
	}
	out := strings.Join(labels, ".")
	if len(out) > 253 {
		out = out[:253]
	}
	if wild {
		out = "*." + out
	}
	return out
}

func (t *translator) serverNames(ds []*pn.Directive, sx *siteCtx) {
	site := sx.site
	seen := map[string]bool{}
	add := func(n string, d *pn.Directive) {
		if !seen[n] {
			seen[n] = true
			site.Hosts = append(site.Hosts, ir.Host{Name: n, Origin: t.origin(d)})
		}
	}
	catchAll := len(ds) == 0
	for _, d := range ds {
		for _, a := range d.Args {
			n, kind := serverName(a.Value)
			switch kind {
			case nameCatchAll:
				catchAll = true
			case nameRegex:
				t.rep.Add(diag.NginxServerNameRegex, a.Pos, "regular-expression server name %s cannot be a Kubernetes host", a.Value)
			case nameVariable:
				t.rep.Add(diag.NginxServerNameRegex, a.Pos, "server name %s uses a variable; it cannot be a Kubernetes host", a.Value)
			case nameTrailingWild:
				t.rep.Add(diag.NginxServerNameWildcard, a.Pos, "trailing wildcard %s cannot be a Kubernetes host; list the names it stood for", a.Value)
			case nameDotted:
				t.rep.Add(diag.NginxWildcardDepth, a.Pos, "%s also matches names of any depth below %s in nginx; the Ingress wildcard host *.%s matches exactly one label", a.Value, n, n)
				if lower := strings.ToLower(a.Value[1:]); n != lower {
					t.rep.Add(diag.NginxServerNameInvalid, a.Pos, "server name %s is not a valid DNS name (a placeholder?); emitted as .%s: replace it with the real host", a.Value, n)
				}
				add(n, d)
				add("*."+n, d)
			case nameInvalid:
				t.rep.Add(diag.NginxServerNameInvalid, a.Pos, "server name %s is not a name or wildcard nginx accepts; it is skipped", a.Value)
			case nameMiddleWild:
				t.rep.Add(diag.NginxServerNameWildcard, a.Pos, "wildcard in the middle of %s cannot be a Kubernetes host", a.Value)
			case nameAddress:
				t.rep.Add(diag.NginxServerNameInvalid, a.Pos, "server name %s is an address; an Ingress host must be a DNS name, so the server answers every host instead", a.Value)
				catchAll = true
			case nameHost:
				if strings.HasPrefix(n, "*.") {
					t.rep.Add(diag.NginxWildcardDepth, a.Pos, "%s matches names of any depth in nginx; an Ingress wildcard host matches exactly one label", a.Value)
				}
				if lower := strings.ToLower(a.Value); n != lower {
					t.rep.Add(diag.NginxServerNameInvalid, a.Pos, "server name %s is not a valid DNS name (a placeholder?); emitted as %s: replace it with the real host", a.Value, n)
				}
				add(n, d)
			}
		}
	}
	if catchAll {
		add("", nil)
	}
	if len(site.Hosts) == 0 {
		// Every name was unusable: the server must not turn into a catch-all.
		site.Hosts = nil
	}
}

// nameKind classifies a server_name argument.
type nameKind uint8

const (
	nameCatchAll     nameKind = iota // "" or "_"
	nameRegex                        // ~…
	nameVariable                     // contains $
	nameTrailingWild                 // x.*
	nameDotted                       // .x: x and *.x
	nameInvalid                      // "." alone, or .x with a wildcard in x
	nameMiddleWild                   // a*b
	nameAddress                      // an IP address
	nameHost                         // a host name, or *.x
)

// serverName classifies a server_name argument. For nameDotted, n is the
// name without its leading dot, and for nameHost the name, lower-cased and
// made a valid Ingress host (see validHost).
func serverName(v string) (n string, kind nameKind) {
	n = strings.ToLower(v)
	switch {
	case n == "" || n == "_":
		return n, nameCatchAll
	case strings.HasPrefix(n, "~"):
		return n, nameRegex
	case strings.Contains(n, "$"):
		return n, nameVariable
	case strings.HasSuffix(n, ".*"):
		return n, nameTrailingWild
	case strings.HasPrefix(n, "."):
		if rest := n[1:]; rest != "" && !strings.Contains(rest, "*") {
			return validHost(rest), nameDotted
		}
		return n, nameInvalid
	case strings.Contains(n[1:], "*"):
		return n, nameMiddleWild
	case parseIP(strings.Trim(n, "[]")) != nil:
		return n, nameAddress
	}
	return validHost(n), nameHost
}

// siteWant returns the name a server block asks for, before the namer
// makes it unique, and its primary server name (the first usable one, for
// $server_name). It reports nothing: the names of every server can be
// chosen, in order, before the servers are translated (see parallel.go).
func siteWant(ds []*pn.Directive) (want, primary string) {
	tlsAny, sslOn, listeners := false, false, 0
	for _, c := range ds {
		switch c.Name {
		case "server_name":
			for _, a := range c.Args {
				if n, kind := serverName(a.Value); primary == "" && (kind == nameDotted || kind == nameHost) {
					primary = n
				}
			}
		case "listen":
			if _, ok := listenPort(c.Arg(0)); ok {
				listeners++
				for _, a := range argsAfterFirst(c) {
					tlsAny = tlsAny || a.Value == "ssl"
				}
			}
		case "ssl":
			sslOn = c.Arg(0) == "on"
		}
	}
	// "ssl on" makes every listener TLS; the default listener (none
	// written) is plain HTTP.
	tlsAny = tlsAny || sslOn && listeners > 0
	want = primary
	if want == "" {
		want = "default"
	}
	if !tlsAny && redirectOnly(ds) {
		// A plain-HTTP server that only redirects (to HTTPS, as a rule)
		// leaves the plain name to the server with the content.
		want += "-http"
	}
	return want, primary
}

// listen parses one listen directive into a listener.
func (t *translator) listen(d *pn.Directive, site *ir.Site) {
	addr := d.Arg(0)
	if strings.HasPrefix(addr, "unix:") {
		t.report(diag.NginxListen, d, "listening on a unix socket has no Kubernetes equivalent")
		return
	}
	port, ok := listenPort(addr)
	if !ok {
		t.report(diag.NginxBadValue, d, "listen %q: not a port", addr)
		return
	}
	l := ir.Listener{Port: port, Origin: t.origin(d)}
	for _, a := range argsAfterFirst(d) {
		switch v := a.Value; {
		case v == "ssl":
			l.TLS = true
		case v == "http2":
			l.HTTP2 = true
		case v == "default_server" || v == "default":
			site.Default = true
		case v == "proxy_protocol":
			t.rep.Add(diag.NginxProxyProtocol, a.Pos, "the PROXY protocol is a property of the load balancer in front of the ingress controller (ingress-nginx ConfigMap use-proxy-protocol)")
		case v == "quic" || v == "http3":
			t.rep.Add(diag.NginxListen, a.Pos, "HTTP/3 (QUIC) listeners are not part of the Ingress API")
		default:
			// socket tuning (ipv6only, reuseport, backlog, deferred, …): the
			// controller's concern, nothing per app.
		}
	}
	site.Listeners = append(site.Listeners, l)
}

// listenPort returns the port of a listen address; ok is false for a unix
// socket, and for a port that is not a number in 1..65535.
func listenPort(addr string) (port int32, ok bool) {
	if strings.HasPrefix(addr, "unix:") {
		return 0, false
	}
	p := addr
	if i := strings.LastIndexByte(addr, ':'); i >= 0 && !strings.HasSuffix(addr, "]") {
		p = addr[i+1:]
	} else if strings.Contains(addr, ".") || strings.HasPrefix(addr, "[") || addr == "localhost" || addr == "*" {
		p = ""
	}
	if p == "" {
		return 80, true
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n > 65535 {
		return 0, false
	}
	return int32(n), true
}

// tls records the site's certificate as a Secret reference.
func (t *translator) tls(site *ir.Site, certs, keys []*pn.Directive, d *pn.Directive) {
	if len(certs) == 0 {
		t.report(diag.NginxTLSNoCert, d, "a listener uses ssl but the server has no ssl_certificate; the Ingress TLS section names a Secret %s-tls you must create", site.Name)
		tl := ir.TLS{SecretName: site.Name + "-tls", Origin: t.origin(d)}
		site.TLS = append(site.TLS, tl)
		return
	}
	c := certs[0]
	base := path.Base(c.Arg(0))
	base = strings.TrimSuffix(base, path.Ext(base))
	if strings.Contains(base, "$") {
		t.report(diag.NginxTLSVariable, c, "certificate path uses a variable; the Secret is named after the site")
		base = site.Name
	}
	tl := ir.TLS{SecretName: ir.DNSLabel(base + "-tls"), CertFile: c.Arg(0), Origin: t.origin(c)}
	if len(keys) > 0 {
		tl.KeyFile = keys[0].Arg(0)
	}
	n := 0
	for _, h := range site.Hosts {
		if h.Name != "" {
			n++
		}
	}
	if n > 0 {
		tl.Hosts = make([]string, 0, n)
	}
	for _, h := range site.Hosts {
		if h.Name != "" {
			tl.Hosts = append(tl.Hosts, h.Name)
		}
	}
	if len(certs) > 1 {
		var rel []diag.Pos
		for _, x := range certs[1:] {
			rel = append(rel, x.Pos)
		}
		t.rep.Report(diag.Diagnostic{Code: diag.NginxTLSMultiple, Severity: diag.Warning, Pos: certs[1].Pos, Related: rel,
			Message: "several certificates (e.g. RSA and ECDSA) for one server; an Ingress TLS entry holds one Secret, the first is used",
			Hint:    diag.Lookup(diag.NginxTLSMultiple).Hint})
	}
	site.TLS = append(site.TLS, tl)
}

// orderRoutes puts routes in nginx's evaluation order: server-level
// rewrites/returns first (they run before location selection), then exact
// matches, prefixes that stop the regex search (^~) longest first, regexes in
// source order, and the remaining prefixes longest first.
func orderRoutes(early, routes []*ir.Route) []*ir.Route {
	byLen := func(rs []*ir.Route) {
		// stable insertion sort: longest path first, source order on ties
		for i := 1; i < len(rs); i++ {
			for j := i; j > 0 && len(rs[j].Match.Path) > len(rs[j-1].Match.Path); j-- {
				rs[j], rs[j-1] = rs[j-1], rs[j]
			}
		}
	}
	// The groups are put in place one after the other, each in source order.
	const exact, noRegex, regex, prefix = 0, 1, 2, 3
	group := func(r *ir.Route) int {
		switch {
		case r.Match.Kind == ir.MatchExact:
			return exact
		case r.Match.Kind == ir.MatchRegex:
			return regex
		case r.Match.NoRegex:
			return noRegex
		}
		return prefix
	}
	out := make([]*ir.Route, 0, len(early)+len(routes))
	out = append(out, early...)
	for g := exact; g <= prefix; g++ {
		start := len(out)
		for _, r := range routes {
			if group(r) == g {
				out = append(out, r)
			}
		}
		if g == noRegex || g == prefix {
			byLen(out[start:])
		}
	}
	return out
}
