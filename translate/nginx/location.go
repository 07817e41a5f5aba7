package nginx

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// parseMatch reads a location's modifier and path.
func parseMatch(d *pn.Directive) (ir.Match, bool) {
	a := d.Values()
	switch len(a) {
	case 1:
		p := a[0]
		switch {
		case strings.HasPrefix(p, "@"):
			return ir.Match{}, false
		case strings.HasPrefix(p, "~*"):
			return ir.Match{Kind: ir.MatchRegex, Path: p[2:], CaseInsensitive: true}, true
		case strings.HasPrefix(p, "~"):
			return ir.Match{Kind: ir.MatchRegex, Path: p[1:]}, true
		case strings.HasPrefix(p, "^~"):
			return ir.Match{Kind: ir.MatchPrefix, Path: p[2:], NoRegex: true}, true
		case strings.HasPrefix(p, "="):
			return ir.Match{Kind: ir.MatchExact, Path: p[1:]}, true
		}
		return ir.Match{Kind: ir.MatchPrefix, Path: p}, true
	case 2:
		switch a[0] {
		case "=":
			return ir.Match{Kind: ir.MatchExact, Path: a[1]}, true
		case "^~":
			return ir.Match{Kind: ir.MatchPrefix, Path: a[1], NoRegex: true}, true
		case "~":
			return ir.Match{Kind: ir.MatchRegex, Path: a[1]}, true
		case "~*":
			return ir.Match{Kind: ir.MatchRegex, Path: a[1], CaseInsensitive: true}, true
		}
	}
	return ir.Match{}, false
}

// routeName derives a short, stable name from a match.
func routeName(m ir.Match, n int) string {
	if m.Kind == ir.MatchRegex {
		return "regex-" + strconv.Itoa(n+1)
	}
	p := strings.Trim(m.Path, "/")
	if p == "" {
		if m.Kind == ir.MatchExact {
			return "exact-root"
		}
		return "root"
	}
	name := ir.DNSLabel(p)
	if m.Kind == ir.MatchExact {
		name = "exact-" + name
	}
	return name
}

func (t *translator) newRoute(sx *siteCtx, d *pn.Directive, m ir.Match, name string) *ir.Route {
	r := t.routes.alloc()
	*r = ir.Route{Origin: t.origin(d), Name: name, Match: m}
	return r
}

// location translates one location block (and the ones nested in it).
func (t *translator) location(sx *siteCtx, d *pn.Directive, parent scope, outer *pn.Directive) {
	t.use(d)
	m, ok := parseMatch(d)
	if !ok {
		t.report(diag.NginxBadValue, d, "location %q: cannot read the modifier and path", strings.Join(d.Values(), " "))
		t.useTree(d)
		return
	}
	if m.Kind == ir.MatchRegex && m.Path == "" {
		t.report(diag.NginxBadValue, d, "location %q has an empty regex, which matches every request; it is not translated: write it as location /", strings.Join(d.Values(), " "))
		t.useTree(d)
		return
	}
	if m.Kind != ir.MatchRegex && !strings.HasPrefix(m.Path, "/") {
		// Request paths start with "/": nginx accepts the block, but no
		// request ever selects it.
		t.report(diag.NginxUnreachable, d, "location %q never matches: request paths start with /; it is not translated", strings.Join(d.Values(), " "))
		t.useTree(d)
		return
	}
	if outer != nil {
		t.report(diag.NginxNestedLocation, d, "nested location %q is translated as a route of its own; nginx only considered it for requests that matched the enclosing location", m.Path)
	}
	if m.Kind == ir.MatchRegex {
		m.Order = sx.regexN
		sx.regexN++
	}
	ds := d.Directives()
	sc := parent
	sc.apply(t, ds, ctxLocation)
	r := t.newRoute(sx, d, m, routeName(m, m.Order))

	var content *pn.Directive // the directive that produces the response
	var tryFiles *pn.Directive
	var internal, static bool
	var nested, errorPages []*pn.Directive
	for _, c := range ds {
		if cc, ok := t.phaseDirective(c, r, sx, content); ok {
			content = cc
			continue
		}
		switch c.Name {
		case "try_files":
			tryFiles = c
		case "root", "alias", "index", "autoindex", "autoindex_exact_size", "autoindex_format", "autoindex_localtime",
			"expires", "etag", "default_type", "types", "sendfile", "gzip_static", "open_file_cache", "disable_symlinks",
			"log_not_found", "ssi", "ssi_types", "sub_filter", "sub_filter_once", "sub_filter_types", "add_before_body", "add_after_body":
			static = static || c.Name == "root" || c.Name == "alias"
			t.ignore(catStatic, c)
		case "internal":
			t.use(c)
			internal = true
		case "location":
			nested = append(nested, c)
		case "limit_except":
			t.limitExcept(r, c)
		case "error_page":
			errorPages = append(errorPages, c)
		default:
			if !sc.handles(c) {
				t.other(c, ctxLocation)
			}
		}
	}
	// `error_page 418 = @name; return 418;` is the idiom for "handle this
	// location with the named one".
	var jump *pn.Directive
	if content != nil && content.Name == "return" && r.DirectResponse != nil {
		for _, ep := range errorPages {
			target := ep.Arg(len(ep.Args) - 1)
			if !strings.HasPrefix(target, "@") || sx.named[target] == nil {
				continue
			}
			for _, a := range ep.Args[:len(ep.Args)-1] {
				if a.Value == content.Arg(0) {
					jump = ep
				}
			}
		}
	}
	for _, ep := range errorPages {
		if ep != jump {
			t.errorPage(ep)
		}
	}
	if jump != nil {
		target := jump.Arg(len(jump.Args) - 1)
		t.use(jump)
		t.report(diag.NginxErrorPageJump, jump, "return %s with error_page %s = %s hands the request to %s; translated as a route to %s's backend", content.Arg(0), content.Arg(0), target, target, target)
		r.DirectResponse = nil
		content, sc = t.namedBody(sx, r, sx.named[target], sc)
		if content == nil {
			t.report(diag.NginxNoContent, d, "location %s hands requests to %s, which neither proxies nor redirects; it is not routed", m.Path, target)
			return
		}
	}
	for _, c := range nested {
		t.location(sx, c, sc, d)
	}
	if internal {
		t.report(diag.NginxInternal, d, "internal location %s is reachable only by internal redirects; it is not routed", m.Path)
		return
	}
	// try_files: static files first, then a fallback.
	if tryFiles != nil && content == nil {
		fb := tryFiles.Arg(len(tryFiles.Args) - 1)
		switch {
		case strings.HasPrefix(fb, "@"):
			named := sx.named[fb]
			if named == nil {
				t.report(diag.NginxBadValue, tryFiles, "try_files falls back to %s, which this server does not define", fb)
				return
			}
			t.use(tryFiles)
			t.report(diag.NginxTryFiles, tryFiles, "try_files serves files from disk before falling back to %s; in Kubernetes every request under %s goes to %s's backend", fb, m.Path, fb)
			content, sc = t.namedBody(sx, r, named, sc)
		case strings.HasPrefix(fb, "="):
			t.use(tryFiles)
			t.report(diag.NginxStatic, tryFiles, "location %s only serves files from disk (try_files … %s); Ingress cannot serve files, so it is not routed", m.Path, fb)
			return
		default:
			t.use(tryFiles)
			t.report(diag.NginxTryFiles, tryFiles, "try_files serves files from disk, then re-routes to %s inside nginx; in Kubernetes the route for %s decides", fb, m.Path)
			if content == nil {
				return
			}
		}
	} else if tryFiles != nil {
		t.ignore(catStatic, tryFiles)
	}
	if content == nil && r.Redirect == nil && r.Rewrite != nil {
		// An internal rewrite with nothing to proxy to: nginx serves the
		// rewritten path from disk.
		r.Rewrite.Handle()
		t.report(diag.NginxNoContent, d, "location %s rewrites the path and serves it from disk (no proxy_pass); Ingress cannot serve files, so it is not routed", m.Path)
		return
	}
	if content == nil {
		if r.Redirect == nil && r.Rewrite == nil {
			if static {
				t.report(diag.NginxStatic, d, "location %s serves files from disk; Ingress cannot serve files, so it is not routed (requests fall through to the next matching route)", m.Path)
			} else if len(nested) == 0 && (len(sc.access) == 0 || !denyAll(sc.access)) {
				t.report(diag.NginxNoContent, d, "location %s neither proxies nor redirects; it is not routed", m.Path)
			} else if denyAll(sc.access) {
				// deny-all locations still need a route, so that the request
				// is refused instead of falling through to the next route.
				t.finishRoute(sx, r, sc, nil)
				sx.routes = append(sx.routes, r)
			}
			return
		}
		t.finishRoute(sx, r, sc, nil)
		sx.routes = append(sx.routes, r)
		return
	}
	switch content.Name {
	case "proxy_pass", "grpc_pass":
		def := "http"
		if content.Name == "grpc_pass" {
			def = "grpc"
		}
		pt := parseProxyTarget(content.Arg(0), def)
		if pt.badPort != "" {
			t.report(diag.NginxBadValue, content, "invalid port %q in %s (nginx: \"invalid port in upstream\"); port %d is assumed", pt.badPort, content.Arg(0), pt.port)
		}
		if pt.variable {
			t.report(diag.NginxProxyPassVariable, content, "proxy_pass uses variables (%s); the backend is taken as %q and nginx's run-time resolution is lost", content.Arg(0), pt.host)
		}
		r.Backend = t.backend(pt, content, sx.site.Name)
		if pt.hasURI && !pt.variable {
			switch m.Kind {
			case ir.MatchRegex:
				t.report(diag.NginxBadValue, content, "proxy_pass with a URI part inside a regular-expression location is refused by nginx")
			case ir.MatchExact:
				if pt.uri != m.Path {
					r.Rewrite = &ir.Rewrite{Mode: ir.PathFull, Replacement: pt.uri}
					r.Rewrite.Origin = t.origin(content)
				}
			default:
				if pt.uri != m.Path && r.Rewrite == nil {
					r.Rewrite = &ir.Rewrite{Mode: ir.PathPrefix, Replacement: pt.uri}
					r.Rewrite.Origin = t.origin(content)
				}
			}
		}
		t.finishRoute(sx, r, sc, &pt)
	case "return":
		t.finishRoute(sx, r, sc, nil)
	default:
		t.report(diag.NginxFastCGI, content, "%s speaks %s to the backend, not HTTP; the route is not produced", content.Name, strings.ToUpper(strings.TrimSuffix(content.Name, "_pass")))
		t.useTree(d)
		return
	}
	sx.routes = append(sx.routes, r)
}

func denyAll(access []*pn.Directive) bool {
	return len(access) > 0 && access[len(access)-1].Name == "deny" && access[len(access)-1].Arg(0) == "all" && len(access) == 1
}

// limitExcept reads `limit_except GET POST { deny all; }`.
func (t *translator) limitExcept(r *ir.Route, d *pn.Directive) {
	t.use(d)
	body := d.Directives()
	denies := false
	for _, c := range body {
		switch c.Name {
		case "deny":
			t.use(c)
			denies = denies || c.Arg(0) == "all"
		case "allow":
			t.use(c)
		default:
			t.other(c, ctxLocation)
		}
	}
	if !denies {
		t.report(diag.NginxLimitExcept, d, "limit_except restricts other methods only for some clients; translated as a plain method restriction")
	}
	m := &ir.Methods{}
	m.Origin = t.origin(d)
	seen := map[string]bool{}
	for _, v := range d.Values() {
		v = strings.ToUpper(v)
		if !seen[v] {
			seen[v] = true
			m.Allowed = append(m.Allowed, v)
		}
		if v == "GET" && !seen["HEAD"] {
			// nginx: allowing GET also allows HEAD.
			seen["HEAD"] = true
			m.Allowed = append(m.Allowed, "HEAD")
		}
	}
	r.Methods = m
}

// ifBlock reports an if block; its content is not translated.
func (t *translator) ifBlock(d *pn.Directive, where string) {
	t.use(d)
	cond := strings.Join(d.Values(), " ")
	var acts []string
	for _, c := range d.Directives() {
		acts = append(acts, c.Name)
	}
	t.report(diag.NginxIf, d, "if %s (in %s) runs %s at request time; Kubernetes routing cannot evaluate it, so it is not translated", cond, where, strings.Join(acts, ", "))
	t.useTree(d)
}

func (t *translator) errorPage(d *pn.Directive) {
	t.use(d)
	t.report(diag.NginxErrorPage, d, "error_page %s: custom error pages are a controller-wide setting (ingress-nginx custom-http-errors + default backend), not per route", strings.Join(d.Values(), " "))
}

// finishRoute attaches the inherited intents of scope sc to r.
func (t *translator) finishRoute(sx *siteCtx, r *ir.Route, sc scope, pt *proxyTarget) {
	if d := sc.bodySize; d != nil {
		n, ok := parseSize(d.Arg(0))
		if !ok {
			t.report(diag.NginxBadValue, d, "client_max_body_size %q is not a size", d.Arg(0))
		} else {
			r.BodyLimit = t.limits.alloc()
			*r.BodyLimit = ir.BodyLimit{Bytes: n, Literal: d.Arg(0)}
			r.BodyLimit.Origin = t.origin(d)
		}
	}
	if sc.connectTO != nil || sc.readTO != nil || sc.sendTO != nil {
		to := t.timeouts.alloc()
		for _, x := range []struct {
			d   *pn.Directive
			dst *time.Duration
		}{{sc.connectTO, &to.Connect}, {sc.readTO, &to.Read}, {sc.sendTO, &to.Send}} {
			if x.d == nil {
				continue
			}
			v, ok := parseDuration(x.d.Arg(0))
			if !ok {
				t.report(diag.NginxBadValue, x.d, "%s %q is not a time", x.d.Name, x.d.Arg(0))
				continue
			}
			*x.dst = v
			if to.Origin.File == "" {
				to.Origin = t.origin(x.d)
			}
		}
		if to.Origin.File != "" {
			r.Timeouts = to
		}
	}
	if len(sc.access) > 0 {
		a := &ir.Access{}
		a.Origin = t.origin(sc.access[0])
		for _, d := range sc.access {
			src := d.Arg(0)
			switch {
			case src == "unix:":
				// Clients on a unix socket never reach an Ingress.
				t.report(diag.NginxUnsupported, d, "%s unix: applies to clients on a unix socket, which do not exist behind an Ingress; the rule is left out", d.Name)
				continue
			case !accessSource(src):
				t.report(diag.NginxBadValue, d, "%s %q is not an address, a CIDR or all (nginx refuses it); the rule is left out", d.Name, src)
				continue
			}
			a.Rules = append(a.Rules, ir.AccessRule{Allow: d.Name == "allow", Source: src, Origin: t.origin(d)})
		}
		// No rule left (each was reported) or only allow all: no access
		// restriction.
		if len(a.Rules) > 0 && !(len(a.Rules) == 1 && a.Rules[0].Allow && a.Rules[0].Source == "all") {
			r.Access = a
		}
	}
	if sc.authBasic != nil && sc.authBasic.Arg(0) != "off" {
		au := &ir.Auth{Type: "basic", Realm: sc.authBasic.Arg(0)}
		au.Origin = t.origin(sc.authBasic)
		if f := sc.authUserFile; f != nil {
			au.Users = &ir.SecretRef{Name: ir.DNSLabel(sx.site.Name + "-basic-auth"), Key: "auth", Provider: "file", Remote: f.Arg(0), Origin: t.origin(f)}
		} else {
			t.report(diag.NginxBadValue, sc.authBasic, "auth_basic without auth_basic_user_file: nginx would refuse every request")
		}
		r.Auth = au
	}
	if len(sc.limitReq) > 0 {
		d := sc.limitReq[0]
		if len(sc.limitReq) > 1 {
			t.report(diag.NginxRateLimitMany, sc.limitReq[1], "several limit_req apply to this location; only the first is translated")
		}
		var zname string
		rl := &ir.RateLimit{Status: 503}
		rl.Origin = t.origin(d)
		for _, a := range d.Values() {
			switch {
			case strings.HasPrefix(a, "zone="):
				zname = a[len("zone="):]
			case strings.HasPrefix(a, "burst="):
				rl.Burst, _ = strconv.Atoi(a[len("burst="):])
			case a == "nodelay":
				rl.NoDelay = true
			}
		}
		if z := t.zones[zname]; z != nil {
			rl.Zone, rl.Key, rl.Rate, rl.Per = zname, z.key, z.rate, z.per
			if s := sc.limitReqStatus; s != nil {
				rl.Status, _ = strconv.Atoi(s.Arg(0))
			}
			r.RateLimit = rl
		} else {
			t.report(diag.NginxBadValue, d, "limit_req names zone %q, which no limit_req_zone defines", zname)
		}
	}
	if r.Backend != nil {
		t.requestHeaders(r, sc, pt)
		if pt != nil && (pt.scheme == "https" || pt.scheme == "grpcs") {
			bt := &ir.BackendTLS{Verify: sc.sslVerify != nil && sc.sslVerify.Arg(0) == "on"}
			bt.Origin = r.Backend.Origin
			if sc.sslName != nil {
				bt.ServerName = sc.sslName.Arg(0)
			}
			if sc.sslTrust != nil {
				bt.CAFile = sc.sslTrust.Arg(0)
			}
			r.BackendTLS = bt
		}
		if r.Rewrite != nil && r.Rewrite.Mode == ir.PathPrefix {
			if pr := sc.proxyRedirect; pr == nil || pr.Arg(0) == "default" {
				t.rep.Add(diag.NginxProxyRedirect, r.Rewrite.Origin.Pos, "nginx rewrote Location headers from %s back to %s (proxy_redirect default); ingress-nginx does not, so redirects from the backend may expose the backend path", r.Rewrite.Replacement, r.Match.Path)
			}
		}
	}
	t.responseHeaders(r, sc)
}

// namedBody translates the body of named location named for route r, which
// hands its requests to it. It returns the content directive and the scope.
func (t *translator) namedBody(sx *siteCtx, r *ir.Route, named *pn.Directive, sc scope) (*pn.Directive, scope) {
	var content *pn.Directive
	nsc := sc
	nsc.apply(t, named.Directives(), ctxLocation)
	t.use(named)
	if sx.usedNamed == nil {
		sx.usedNamed = map[*pn.Directive]bool{}
	}
	sx.usedNamed[named] = true
	for _, c := range named.Directives() {
		if cc, ok := t.phaseDirective(c, r, sx, content); ok {
			content = cc
		} else if !nsc.handles(c) {
			t.other(c, ctxLocation)
		}
	}
	return content, nsc
}

// phaseDirective translates a directive of the kinds a location and a
// named location share: the content handlers, the rewrite phase (rewrite,
// and return, of which the first answers), if, set and include (expanded
// by the parser). It returns the content directive so far, and false when
// c is none of those.
func (t *translator) phaseDirective(c *pn.Directive, r *ir.Route, sx *siteCtx, content *pn.Directive) (*pn.Directive, bool) {
	switch c.Name {
	case "proxy_pass", "grpc_pass":
		t.use(c)
		return c, true
	case "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass":
		return c, true
	case "return":
		t.use(c)
		if content == nil || content.Name != "return" {
			// the first return in the rewrite phase answers
			t.applyReturn(r, c, sx)
		}
		return c, true
	case "rewrite":
		t.use(c)
		t.locationRewrite(r, c, sx)
	case "if":
		t.ifBlock(c, "location")
	case "set":
		t.report(diag.NginxSet, c, "variable %s is set at run time; nothing in Kubernetes evaluates nginx variables", c.Arg(0))
	case "include":
	default:
		return content, false
	}
	return content, true
}

// accessSource reports whether s is a source allow and deny accept: all,
// an IPv4 or IPv6 address, or a CIDR.
func accessSource(s string) bool {
	if s == "all" {
		return true
	}
	if _, err := netip.ParsePrefix(s); err == nil {
		return true
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}
