package kube

import (
	"fmt"
	"math"
	"net"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// annotation prefix of ingress-nginx.
const ann = "nginx.ingress.kubernetes.io/"

// ingressPath is one route rendered as an Ingress path.
type ingressPath struct {
	route    *ir.Route
	path     string
	pathType netv1.PathType
	backend  *ir.Backend
	ann      annotations
	annBuf   [4]annKV // ann's first array
	regex    bool     // needs use-regex
	cm       *corev1.ConfigMap
}

func (e *emitter) sites() {
	tlsHosts := map[string]bool{}
	for _, s := range e.p.Sites {
		if len(s.TLS) > 0 {
			for _, h := range s.Hosts {
				tlsHosts[h.Name] = true
			}
		}
	}
	var names ingressNames
	routes := 0
	for _, s := range e.p.Sites {
		routes += len(s.Routes)
	}
	names.namer.Grow(routes) // at most an Ingress per route
	names.shared = sharedNames(e.p.Sites)
	for _, s := range e.p.Sites {
		e.site(s, tlsHosts, &names)
		e.handOff(false)
	}
}

func handleAll(r *ir.Route) {
	var buf [16]ir.Intent
	for _, i := range r.AppendIntents(buf[:0]) {
		i.Tracking().Handle()
	}
}

// hasExact reports whether s has an exact route for path (location = path),
// which turns off nginx's redirect of path to path/.
func hasExact(s *ir.Site, path string) bool {
	for _, r := range s.Routes {
		if r.Match.Kind == ir.MatchExact && r.Match.Path == path {
			return true
		}
	}
	return false
}

// refusesAll reports whether r refuses every client: return 403, or
// access rules that begin with deny all.
func refusesAll(r *ir.Route) bool {
	if dr := r.DirectResponse; dr != nil {
		return dr.Status == 403
	}
	if r.Access == nil || len(r.Access.Rules) == 0 {
		return false
	}
	first := r.Access.Rules[0]
	return !first.Allow && first.Source == "all"
}

// newPath returns a zero ingressPath, from a block of them: paths live
// until their Ingress is marshalled, so blocks are never reused.
func (e *emitter) newPath() *ingressPath { return e.pathBlock.alloc() }

// newIngress returns a zero ingressObject, from a block of them (see newPath).
func (e *emitter) newIngress() *ingressObject { return e.ingBlock.alloc() }

// cloneAnn returns a copy of kvs, carved from a block (see newPath).
func (e *emitter) cloneAnn(kvs []annKV) []annKV {
	if len(kvs) == 0 {
		return slices.Clone(kvs)
	}
	if cap(e.annBlock)-len(e.annBlock) < len(kvs) {
		e.annBlock = make([]annKV, 0, max(256, len(kvs)))
	}
	at := len(e.annBlock)
	e.annBlock = append(e.annBlock, kvs...)
	return e.annBlock[at:len(e.annBlock):len(e.annBlock)]
}

// block hands out zeroed values of T, allocated a block at a time.
type block[T any] struct{ free []T }

func (b *block[T]) alloc() *T {
	if len(b.free) == 0 {
		b.free = make([]T, 64)
	}
	p := &b.free[0]
	b.free = b.free[1:]
	return p
}

// isHTTPSRedirect reports whether every route of s redirects to https on
// the same host, keeping the path: the classic port-80 server.
func isHTTPSRedirect(s *ir.Site, tlsHosts map[string]bool) bool {
	found := false
	for _, r := range s.Routes {
		if r.DirectResponse != nil && r.Backend == nil && r.Redirect == nil {
			continue // answered by nginx itself (an ACME placeholder, a 404): reported apart
		}
		rd := r.Redirect
		if rd == nil || r.Backend != nil || rd.Scheme != "https" || rd.Pattern != "" {
			return false
		}
		// A redirect of every path to one fixed page of the same host is
		// taken as the HTTPS redirect too when the host has a TLS server:
		// otherwise its Ingress would collide with that server's.
		if rd.PathMode != ir.PathKeep && !(rd.PathMode == ir.PathFull && allTLS(s, tlsHosts)) {
			return false
		}
		if rd.Host != "" && !siteHas(s, rd.Host) {
			return false
		}
		if r.Match.Kind != ir.MatchPrefix || r.Match.Path != "/" {
			return false
		}
		found = true
	}
	return found
}

// allTLS reports whether every host of s is served with TLS by some site.
func allTLS(s *ir.Site, tlsHosts map[string]bool) bool {
	for _, h := range s.Hosts {
		if !tlsHosts[h.Name] {
			return false
		}
	}
	return len(s.Hosts) > 0
}

// isRefusingCatchAll reports whether s answers any host and every one of
// its routes refuses the request with a 4xx (the `return 444` default server).
func isRefusingCatchAll(s *ir.Site) bool {
	if len(s.Routes) == 0 || !siteHas(s, "") {
		return false
	}
	for _, r := range s.Routes {
		if r.DirectResponse == nil || r.DirectResponse.Status < 400 || r.DirectResponse.Status >= 500 || r.Backend != nil {
			return false
		}
	}
	return true
}

func siteHas(s *ir.Site, host string) bool {
	for _, h := range s.Hosts {
		if h.Name == host {
			return true
		}
	}
	return false
}

func (e *emitter) site(s *ir.Site, tlsHosts map[string]bool, names *ingressNames) {
	if len(s.Hosts) == 0 {
		for _, r := range s.Routes {
			handleAll(r)
		}
		if !e.rep.Skip(diag.RouteSiteSkipped, s.Origin.Pos) {
			e.rep.Add(diag.RouteSiteSkipped, s.Origin.Pos, "server has no host name Kubernetes can use; its %d routes are not emitted", len(s.Routes))
		}
		return
	}
	var plain, secure bool
	for _, l := range s.Listeners {
		if l.TLS {
			secure = true
		} else {
			plain = true
		}
		if l.Port != 80 && l.Port != 443 {
			if !e.rep.Skip(diag.RouteListenerPort, l.Origin.Pos) {
				e.rep.Add(diag.RouteListenerPort, l.Origin.Pos, "listener on port %d: an Ingress is served on the controller's ports (80/443); expose other ports on the controller or with a LoadBalancer Service", l.Port)
			}
		}
	}
	if isRefusingCatchAll(s) {
		for _, r := range s.Routes {
			handleAll(r)
		}
		if !e.rep.Skip(diag.RouteDefaultServer, s.Routes[0].Origin.Pos) {
			e.rep.Add(diag.RouteDefaultServer, s.Routes[0].Origin.Pos, "this catch-all server only refused requests (return %d) for unknown hosts; ingress-nginx answers those with its default backend (404), so no Ingress is emitted for it", s.Routes[0].DirectResponse.Status)
		}
		return
	}
	if s.Default && !siteHas(s, "") {
		if !e.rep.Skip(diag.RouteDefaultServer, s.Origin.Pos) {
			e.rep.Add(diag.RouteDefaultServer, s.Origin.Pos, "server %s was nginx's default_server: it also answered requests for unknown host names; in Kubernetes those reach the controller's default backend (404) unless you point it at this app (--default-backend-service, or an Ingress with only spec.defaultBackend)", hostList(s))
		}
	}
	if !secure && isHTTPSRedirect(s, tlsHosts) {
		e.httpsRedirectSite(s, tlsHosts)
		return
	}
	if len(s.Routes) == 0 {
		if !e.rep.Skip(diag.RouteSiteEmpty, s.Origin.Pos) {
			e.rep.Add(diag.RouteSiteEmpty, s.Origin.Pos, "server %s has no route Kubernetes can express; no Ingress is emitted for it", hostList(s))
		}
		return
	}
	regexHost := false
	for _, r := range s.Routes {
		if needsRegex(r) {
			regexHost = true
			break
		}
	}
	e.regexGuards(s)
	fallback, own := e.fallbackBackend(s)
	var paths []*ingressPath
	for _, r := range s.Routes {
		if !own && r.Backend == nil && r.Redirect == nil && refusesAll(r) {
			// A denial on a host with nothing else routed: without an
			// Ingress the controller's default backend refuses it (404).
			handleAll(r)
			if !e.rep.Skip(diag.RouteDeny, r.Origin.Pos) {
				e.rep.Add(diag.RouteDeny, r.Origin.Pos, "%s of %s refused every client; no other route of the host is emitted, so the controller's default backend answers these requests with 404 instead of 403", r.Match.Path, hostList(s))
			}
			continue
		}
		if ip := e.routePath(s, r, regexHost, fallback); ip != nil {
			paths = append(paths, ip)
		}
	}
	if len(paths) == 0 {
		if !e.rep.Skip(diag.RouteSiteEmpty, s.Origin.Pos) {
			e.rep.Add(diag.RouteSiteEmpty, s.Origin.Pos, "server %s has no route Kubernetes can express; no Ingress is emitted for it", hostList(s))
		}
		return
	}
	if regexHost {
		for _, p := range paths {
			if !p.regex && p.pathType != netv1.PathTypeExact {
				if !e.rep.Skip(diag.RouteRegexHostWide, s.Origin.Pos) {
					e.rep.Add(diag.RouteRegexHostWide, s.Origin.Pos, "some paths of %s need regular expressions (use-regex); ingress-nginx then matches every path of the host as a case-insensitive regular expression, ordered by length", hostList(s))
				}
				break
			}
		}
		if len(e.guards) > 0 && !e.guardsExact {
			if !e.rep.Skip(diag.RouteNoRegexPriority, s.Origin.Pos) {
				e.rep.Add(diag.RouteNoRegexPriority, s.Origin.Pos, "a ^~ location of %s stopped nginx from trying regular expressions; its regex paths now exclude the ^~ prefixes, but a longer plain prefix inside one of them no longer lets regexes win", hostList(s))
			}
		}
		var nre int
		for _, r := range s.Routes {
			if r.Match.Kind == ir.MatchRegex {
				nre++
			}
		}
		if nre > 1 {
			if !e.rep.Skip(diag.RouteRegexOrder, s.Origin.Pos) {
				e.rep.Add(diag.RouteRegexOrder, s.Origin.Pos, "%s has %d regular-expression locations; nginx used the first match in file order, ingress-nginx tries longer paths first", hostList(s), nre)
			}
		}
	}
	// Group paths with identical annotations into one Ingress each. The
	// annotations of a path are the site's (ssl-redirect), then its own,
	// then use-regex; two sets are identical when their encodings
	// (k=v lines, sorted) are.
	sslOff := plain && secure
	groups := e.groups[:0]
	keys := e.keyBuf[:0]         // the groups' encodings, one after the other
	pathGroup := e.pathGroup[:0] // the group of each path
	for _, p := range paths {
		kvs := append(e.annKVs[:0], p.ann...)
		if sslOff && !p.ann.has(ann+"ssl-redirect") {
			kvs = append(kvs, annKV{ann + "ssl-redirect", "false"})
		}
		if regexHost && p.regex {
			kvs.set(ann+"use-regex", "true")
		}
		slices.SortFunc(kvs, func(a, b annKV) int { return strings.Compare(a.k, b.k) })
		start := len(keys)
		for _, kv := range kvs {
			keys = append(keys, kv.k...)
			keys = append(keys, '=')
			keys = append(keys, kv.v...)
			keys = append(keys, '\n')
		}
		gi := e.findGroup(groups, keys, start)
		if gi < 0 {
			gi = len(groups)
			groups = append(groups, annGroup{start: start, end: len(keys), ann: e.cloneAnn(kvs)})
		} else {
			keys = keys[:start]
		}
		groups[gi].n++
		pathGroup = append(pathGroup, gi)
		clear(kvs)
		e.annKVs = kvs[:0]
	}
	// The groups' paths, in one allocation.
	backing := make([]*ingressPath, len(paths))
	for i, off := 0, 0; i < len(groups); i++ {
		groups[i].paths = backing[off : off : off+groups[i].n]
		off += groups[i].n
	}
	for i, p := range paths {
		g := &groups[pathGroup[i]]
		g.paths = append(g.paths, p)
	}
	e.pathGroup = pathGroup[:0]
	for i := range groups {
		g := &groups[i]
		want := s.Name
		if i > 0 {
			want = s.Name + "-" + g.paths[0].route.Name
		}
		e.ingress(s, names.name(s.Name, keys[g.start:g.end], want), g.ann, g.paths)
	}
	clear(groups)
	e.groups, e.keyBuf = groups[:0], keys[:0]
	clear(e.groupIndex)
}

// annGroup is the paths of a site with one set of annotations, encoded in
// keys[start:end] (see site).
type annGroup struct {
	start, end int
	ann        []annKV
	paths      []*ingressPath
	n          int // len(paths), counted first
}

// findGroup returns the index of the group whose encoding is
// keys[start:], or -1. Past a few groups it uses an index.
func (e *emitter) findGroup(groups []annGroup, keys []byte, start int) int {
	key := keys[start:]
	if len(groups) < 16 {
		for i, g := range groups {
			if string(keys[g.start:g.end]) == string(key) {
				return i
			}
		}
		return -1
	}
	if e.groupIndex == nil {
		e.groupIndex = map[string]int{}
	}
	if len(e.groupIndex) == 0 {
		for i, g := range groups {
			e.groupIndex[string(keys[g.start:g.end])] = i
		}
	}
	if i, ok := e.groupIndex[string(key)]; ok {
		return i
	}
	e.groupIndex[string(key)] = len(groups) // the group about to be added
	return -1
}

type annKV struct{ k, v string }

// annotations is a small map as a slice: a route sets a handful.
type annotations []annKV

func (a *annotations) set(k, v string) {
	for i := range *a {
		if (*a)[i].k == k {
			(*a)[i].v = v
			return
		}
	}
	*a = append(*a, annKV{k, v})
}

func (a annotations) has(k string) bool {
	for _, kv := range a {
		if kv.k == k {
			return true
		}
	}
	return false
}

// ingressNames names the Ingresses of the sites: the same site name and
// annotations (the key) always get the same name, as with an ir.Namer keyed
// by both, but without keys that long, kept only for the site names that
// several sites share.
type ingressNames struct {
	namer  ir.Namer
	shared map[string]bool          // site names of several sites
	keys   map[string][]ingressName // shared site name -> the names given for it
}

type ingressName struct{ key, name string }

func (n *ingressNames) name(site string, key []byte, want string) string {
	if !n.shared[site] {
		// a key of this site is asked for once
		return n.namer.Claim(want)
	}
	for _, x := range n.keys[site] {
		if x.key == string(key) {
			return x.name
		}
	}
	name := n.namer.Claim(want)
	if n.keys == nil {
		n.keys = map[string][]ingressName{}
	}
	n.keys[site] = append(n.keys[site], ingressName{string(key), name})
	return name
}

// sharedNames returns the names that more than one site has.
func sharedNames(sites []*ir.Site) map[string]bool {
	shared := map[string]bool{}
	sorted := true
	for i := 1; i < len(sites) && sorted; i++ {
		sorted = sites[i-1].Name <= sites[i].Name
	}
	if sorted { // as frontends leave them: equal names are neighbours
		for i := 1; i < len(sites); i++ {
			if sites[i-1].Name == sites[i].Name {
				shared[sites[i].Name] = true
			}
		}
		return shared
	}
	seen := make(map[string]bool, len(sites))
	for _, s := range sites {
		if seen[s.Name] {
			shared[s.Name] = true
		}
		seen[s.Name] = true
	}
	return shared
}

func hostList(s *ir.Site) string {
	var hs []string
	for _, h := range s.Hosts {
		if h.Name == "" {
			hs = append(hs, "(any host)")
		} else {
			hs = append(hs, h.Name)
		}
	}
	return strings.Join(hs, ", ")
}

// httpsRedirectSite handles a plain-HTTP server that only redirects to HTTPS.
func (e *emitter) httpsRedirectSite(s *ir.Site, tlsHosts map[string]bool) {
	var rd *ir.Redirect
	for _, r := range s.Routes {
		if r.Redirect != nil && rd == nil {
			rd = r.Redirect
		}
		if dr := r.DirectResponse; dr != nil && r.Redirect == nil {
			if !e.rep.Skip(diag.RouteDirectResponse, dr.Origin.Pos) {
				e.rep.Add(diag.RouteDirectResponse, dr.Origin.Pos, "return %d is answered by nginx itself on the HTTP server; ingress-nginx redirects these requests to HTTPS like every other", dr.Status)
			}
		}
		handleAll(r)
	}
	var missing []string
	for _, h := range s.Hosts {
		if h.Name != "" && !tlsHosts[h.Name] {
			missing = append(missing, h.Name)
		}
	}
	if len(missing) > 0 {
		if !e.rep.Skip(diag.RouteHTTPSRedirect, rd.Origin.Pos) {
			e.rep.Add(diag.RouteHTTPSRedirect, rd.Origin.Pos, "HTTP requests for %s were redirected to HTTPS, but no TLS server for them exists; ingress-nginx redirects only hosts whose Ingress has TLS", strings.Join(missing, ", "))
		}
		return
	}
	if rd.PathMode == ir.PathFull {
		if !e.rep.Skip(diag.RouteRedirectApprox, rd.Origin.Pos) {
			e.rep.Add(diag.RouteRedirectApprox, rd.Origin.Pos, "HTTP requests were all sent to %s; ingress-nginx's HTTPS redirect keeps the requested path instead", rd.Target)
		}
	}
	code := ""
	if rd.Status != 308 {
		code = fmt.Sprintf(" with status 308 instead of %d (ConfigMap http-redirect-code changes it)", rd.Status)
	}
	what := "the TLS hosts"
	if h := hostList(s); h != "(any host)" {
		what = h
	}
	if !e.rep.Skip(diag.RouteHTTPSRedirect, rd.Origin.Pos) {
		e.rep.Add(diag.RouteHTTPSRedirect, rd.Origin.Pos, "HTTP→HTTPS redirect for %s: ingress-nginx redirects every host whose Ingress has TLS by default%s", what, code)
	}
}

// fallbackBackend is the backend a path without one (a redirect, a denial)
// names: the Ingress API requires a backend even when it is never called.
// It is a backend of the same site; only a site that merely redirects may
// name another site's app, since a redirect never reaches it. siteOwn says
// whether the fallback belongs to the site.
func (e *emitter) fallbackBackend(s *ir.Site) (b *ir.Backend, siteOwn bool) {
	for _, r := range s.Routes {
		if r.Backend != nil {
			return r.Backend, true
		}
	}
	for _, a := range e.p.Apps {
		if len(a.Ports) > 0 {
			return &ir.Backend{App: a.Name, Port: a.Ports[0].Port, Protocol: "http"}, false
		}
	}
	return nil, false
}

// regexGuards prepares, for the regex routes of s, a negative lookahead
// that keeps them away from the site's ^~ prefixes: in nginx a request whose
// longest matching prefix is a ^~ location never reaches the regexes. The
// guard is exact unless a longer plain prefix lies inside a ^~ prefix (then
// that prefix, not the ^~ one, is the longest match and regexes do apply).
func (e *emitter) regexGuards(s *ir.Site) {
	e.guards, e.guardsExact = nil, true
	var alts []string
	for _, r := range s.Routes {
		if r.Match.Kind == ir.MatchPrefix && r.Match.NoRegex {
			alts = append(alts, quoteRegex(strings.TrimPrefix(r.Match.Path, "/")))
			for _, o := range s.Routes {
				if o.Match.Kind == ir.MatchPrefix && !o.Match.NoRegex && len(o.Match.Path) > len(r.Match.Path) && strings.HasPrefix(o.Match.Path, r.Match.Path) {
					e.guardsExact = false
				}
			}
		}
	}
	if len(alts) > 0 {
		sort.Strings(alts)
		e.guards = []string{"(?!(?-i)(?:" + strings.Join(alts, "|") + "))"}
	}
}

// needsRegex reports whether a route can only be expressed with use-regex.
func needsRegex(r *ir.Route) bool {
	if r.Match.Kind == ir.MatchRegex {
		return true
	}
	if r.Rewrite != nil && r.Backend != nil {
		return true
	}
	if r.Redirect != nil && r.Redirect.Pattern != "" {
		return true
	}
	return false
}

var exactSafe = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)

// ingressRegex turns an nginx location regex (a PCRE searched anywhere in the
// path) into an ingress-nginx path regex (anchored at the start, matched
// case-insensitively), keeping nginx's meaning.
func ingressRegex(re string, caseInsensitive bool) string {
	// A path always starts with '/': an optional leading slash is a slash.
	if strings.HasPrefix(re, "^/?") {
		re = "^/" + re[3:]
	} else if strings.HasPrefix(re, "^/*") || strings.HasPrefix(re, "^/+") {
		re = "^//*" + re[3:]
	}
	var body string
	switch {
	case strings.HasPrefix(re, "^/"):
		body = re[2:]
	case strings.HasPrefix(re, "^"):
		// Anchored, but not at a slash: the pattern must match at the start
		// of a path that begins with '/', so it can only match if its first
		// item can match '/'. Keep it as written after an optional slash.
		body = re[1:]
		if caseInsensitive {
			return "/?" + body
		}
		return "/?(?-i)" + body
	case strings.HasPrefix(re, "/"):
		body = "(?:.*/)?" + re[1:]
	default:
		body = ".*" + re
	}
	if caseInsensitive {
		return "/" + body
	}
	return "/(?-i)" + body
}

// quoteRegex escapes s for a PCRE.
func quoteRegex(s string) string { return regexp.QuoteMeta(s) }

func (e *emitter) routePath(s *ir.Site, r *ir.Route, regexHost bool, fallback *ir.Backend) *ingressPath {
	ip := e.newPath()
	*ip = ingressPath{route: r, backend: r.Backend}
	ip.ann = ip.annBuf[:0]
	m := r.Match
	switch m.Kind {
	case ir.MatchExact:
		if exactSafe.MatchString(m.Path) {
			ip.path, ip.pathType = m.Path, netv1.PathTypeExact
		} else {
			ip.path, ip.pathType, ip.regex = "/"+quoteRegex(strings.TrimPrefix(m.Path, "/"))+"$", netv1.PathTypeImplementationSpecific, true
		}
	case ir.MatchPrefix:
		switch {
		case m.Path == "/" || strings.HasSuffix(m.Path, "/") && exactSafe.MatchString(m.Path):
			ip.path, ip.pathType = m.Path, netv1.PathTypePrefix
			if m.Path != "/" && r.Backend != nil && r.Redirect == nil && !hasExact(s, m.Path[:len(m.Path)-1]) {
				if !e.rep.Skip(diag.RoutePrefixSlash, r.Origin.Pos) {
					e.rep.Add(diag.RoutePrefixSlash, r.Origin.Pos, "nginx answered a request for %s with a 301 to %s; ingress-nginx does not redirect it, so %s now goes to a backend as it is", m.Path[:len(m.Path)-1], m.Path, m.Path[:len(m.Path)-1])
				}
			}
		case exactSafe.MatchString(m.Path):
			ip.path, ip.pathType = m.Path, netv1.PathTypeImplementationSpecific
			if !e.rep.Skip(diag.RoutePrefixString, r.Origin.Pos) {
				e.rep.Add(diag.RoutePrefixString, r.Origin.Pos, "nginx prefix %s also matches %sX…; kept as an ImplementationSpecific path, which ingress-nginx matches the same way (pathType Prefix would not)", m.Path, m.Path)
			}
		default:
			ip.path, ip.pathType, ip.regex = "/"+quoteRegex(strings.TrimPrefix(m.Path, "/")), netv1.PathTypeImplementationSpecific, true
		}
	case ir.MatchRegex:
		ip.path, ip.pathType, ip.regex = ingressRegex(m.Path, m.CaseInsensitive), netv1.PathTypeImplementationSpecific, true
		if len(e.guards) > 0 {
			ip.path = "/" + e.guards[0] + ip.path[1:]
		}
	}

	if ip.backend == nil && fallback == nil && (r.DirectResponse == nil || r.DirectResponse.Status == 403) {
		handleAll(r)
		if !e.rep.Skip(diag.RouteNoBackend, r.Origin.Pos) {
			e.rep.Add(diag.RouteNoBackend, r.Origin.Pos, "route %s has no backend and the project has no app to name; the Ingress API requires one, so it is not emitted", m.Path)
		}
		return nil
	}
	// A direct response: only 403 has an Ingress form.
	if dr := r.DirectResponse; dr != nil {
		dr.Handle()
		if dr.Status != 403 {
			handleAll(r)
			if !e.rep.Skip(diag.RouteDirectResponse, dr.Origin.Pos) {
				if ip.backend == nil && fallback == nil {
					e.rep.Add(diag.RouteDirectResponse, dr.Origin.Pos, "return %d is answered by nginx itself; an Ingress cannot answer without a backend and the project has none, so the controller's default backend answers requests to %s (404)", dr.Status, m.Path)
				} else {
					e.rep.Add(diag.RouteDirectResponse, dr.Origin.Pos, "return %d is answered by nginx itself; an Ingress cannot answer without a backend, so requests to %s now reach the next matching route", dr.Status, m.Path)
				}
			}
			return nil
		}
		ip.ann.set(ann+"whitelist-source-range", "0.0.0.0/32")
		if !e.rep.Skip(diag.RouteDeny, dr.Origin.Pos) {
			e.rep.Add(diag.RouteDeny, dr.Origin.Pos, "return 403 for %s is kept by allowing only the unroutable source 0.0.0.0/32, so ingress-nginx refuses every client with 403", m.Path)
		}
	}
	if a := r.Access; a != nil {
		a.Handle()
		e.access(ip, a)
	}
	if rd := r.Redirect; rd != nil {
		rd.Handle()
		if !e.redirect(s, r, ip) {
			handleAll(r)
			return nil
		}
	}
	if rw := r.Rewrite; rw != nil && r.Backend != nil {
		rw.Handle()
		e.rewrite(r, ip)
	}
	if ip.backend == nil {
		ip.backend = fallback
	}
	if b := r.Backend; b != nil {
		b.Handle()
		switch b.Protocol {
		case "https":
			ip.ann.set(ann+"backend-protocol", "HTTPS")
		case "grpc":
			ip.ann.set(ann+"backend-protocol", "GRPC")
		case "grpcs":
			ip.ann.set(ann+"backend-protocol", "GRPCS")
		}
		if app := e.appByName(b.App); app != nil && app.Balancing != nil {
			e.balancing(ip, app.Balancing)
		}
	}
	if bt := r.BackendTLS; bt != nil {
		bt.Handle()
		if bt.Verify {
			ip.ann.set(ann+"proxy-ssl-verify", "on")
			if bt.ServerName != "" && !strings.Contains(bt.ServerName, "$") {
				ip.ann.set(ann+"proxy-ssl-name", bt.ServerName)
				ip.ann.set(ann+"proxy-ssl-server-name", "on")
			}
			secret := ir.DNSLabel(r.Backend.App + "-backend-ca")
			ip.ann.set(ann+"proxy-ssl-secret", e.ns()+"/"+secret)
			if !e.rep.Skip(diag.RouteBackendTLS, bt.Origin.Pos) {
				e.rep.Add(diag.RouteBackendTLS, bt.Origin.Pos, "backend certificates were verified against %s; create Secret %s with key ca.crt holding it", orNone(bt.CAFile), secret)
			}
		}
	}
	if bl := r.BodyLimit; bl != nil {
		bl.Handle()
		if bl.Bytes != 1<<20 { // 1m is ingress-nginx's default too
			ip.ann.set(ann+"proxy-body-size", strings.ToLower(bl.Literal))
		}
	}
	if to := r.Timeouts; to != nil {
		to.Handle()
		set := func(key string, d float64) {
			if d > 0 {
				ip.ann.set(ann+key, strconv.Itoa(int(math.Ceil(d))))
			}
		}
		set("proxy-connect-timeout", to.Connect.Seconds())
		set("proxy-read-timeout", to.Read.Seconds())
		set("proxy-send-timeout", to.Send.Seconds())
		if to.Connect.Seconds() > 75 {
			e.rep.Add(diag.RouteTimeout, to.Origin.Pos, "proxy_connect_timeout above 75s is capped at 75s by nginx, in ingress-nginx too")
		}
	}
	if rl := r.RateLimit; rl != nil {
		rl.Handle()
		e.rateLimit(ip, rl)
	}
	if au := r.Auth; au != nil {
		au.Handle()
		ip.ann.set(ann+"auth-type", "basic")
		if au.Realm != "" {
			ip.ann.set(ann+"auth-realm", au.Realm)
		}
		if au.Users != nil {
			ip.ann.set(ann+"auth-secret", au.Users.Name)
			if !e.rep.Skip(diag.RouteBasicAuth, au.Origin.Pos) {
				e.rep.Add(diag.RouteBasicAuth, au.Origin.Pos, "basic auth users come from %s; create the Secret: kubectl create secret generic %s --from-file=auth=%s", au.Users.Remote, au.Users.Name, au.Users.Remote)
			}
		}
	}
	if c := r.CORS; c != nil {
		c.Handle()
		ip.ann.set(ann+"enable-cors", "true")
		if len(c.AllowOrigins) > 0 {
			ip.ann.set(ann+"cors-allow-origin", strings.Join(c.AllowOrigins, ", "))
		}
		if len(c.AllowMethods) > 0 {
			ip.ann.set(ann+"cors-allow-methods", strings.Join(c.AllowMethods, ", "))
		}
		if len(c.AllowHeaders) > 0 {
			ip.ann.set(ann+"cors-allow-headers", strings.Join(c.AllowHeaders, ", "))
		}
		if len(c.ExposeHeaders) > 0 {
			ip.ann.set(ann+"cors-expose-headers", strings.Join(c.ExposeHeaders, ", "))
		}
		if c.AllowCredentials {
			ip.ann.set(ann+"cors-allow-credentials", "true")
		}
		if c.MaxAge > 0 {
			ip.ann.set(ann+"cors-max-age", strconv.Itoa(c.MaxAge))
		}
		e.rep.Add(diag.RouteCORS, c.Origin.Pos, "CORS headers become ingress-nginx's CORS support, which also answers preflight OPTIONS requests itself")
	}
	if h := r.RequestHeaders; h != nil {
		h.Handle()
		isVhost := func(x ir.Header) bool { return strings.EqualFold(x.Name, "host") && !strings.Contains(x.Value, "$") }
		n := len(h.Remove)
		for _, x := range h.Set {
			if isVhost(x) {
				ip.ann.set(ann+"upstream-vhost", x.Value)
				continue
			}
			n++
		}
		if n > 0 {
			// The list is only built for a finding that is not just counted.
			if !e.rep.Skip(diag.RouteRequestHeaders, h.Origin.Pos) {
				rest := make([]string, 0, n)
				for _, x := range h.Set {
					if !isVhost(x) {
						rest = append(rest, x.Name+": "+x.Value)
					}
				}
				for _, x := range h.Remove {
					rest = append(rest, x+" (removed)")
				}
				e.rep.Add(diag.RouteRequestHeaders, h.Origin.Pos, "request headers %s cannot be set per Ingress (ingress-nginx allows them only controller-wide via proxy-set-headers, or in snippets)", strings.Join(rest, "; "))
			}
		}
	}
	if h := r.ResponseHeaders; h != nil {
		h.Handle()
		e.responseHeaders(s, ip, h)
	}
	if mt := r.Methods; mt != nil {
		mt.Handle()
		if !e.rep.Skip(diag.RouteMethods, mt.Origin.Pos) {
			e.rep.Add(diag.RouteMethods, mt.Origin.Pos, "only %s were allowed on %s; an Ingress cannot restrict methods, so every method now reaches the backend", strings.Join(mt.Allowed, ", "), m.Path)
		}
	}
	if u := r.Upgrade; u != nil {
		u.Handle() // ingress-nginx proxies WebSocket upgrades on every path
	}
	if regexHost && !ip.regex && ip.pathType != netv1.PathTypeExact && !m.CaseInsensitive {
		// reported once per site by the caller
	}
	return ip
}

func orNone(s string) string {
	if s == "" {
		return "the system CA bundle"
	}
	return s
}

func (e *emitter) ns() string {
	if e.opts.Namespace != "" {
		return e.opts.Namespace
	}
	return "default"
}

// access renders allow/deny rules.
func (e *emitter) access(ip *ingressPath, a *ir.Access) {
	rules := a.Rules
	if len(rules) == 0 {
		a.Handle() // no rule: nothing to restrict
		return
	}
	last := rules[len(rules)-1]
	cidrs := func(rs []ir.AccessRule) ([]string, bool) {
		var out []string
		for _, r := range rs {
			c, ok := toCIDR(r.Source)
			if !ok {
				return nil, false
			}
			out = append(out, c)
		}
		return out, true
	}
	allAllow := true
	allDeny := true
	for _, r := range rules[:len(rules)-1] {
		allAllow = allAllow && r.Allow
		allDeny = allDeny && !r.Allow
	}
	switch {
	case len(rules) == 1 && !last.Allow && last.Source == "all":
		ip.ann.set(ann+"whitelist-source-range", "0.0.0.0/32")
		e.rep.Add(diag.RouteDeny, a.Origin.Pos, "deny all is kept by allowing only the unroutable source 0.0.0.0/32, so ingress-nginx refuses every client with 403")
	case !last.Allow && last.Source == "all" && allAllow:
		if cs, ok := cidrs(rules[:len(rules)-1]); ok {
			ip.ann.set(ann+"whitelist-source-range", strings.Join(cs, ","))
			if !e.rep.Skip(diag.RouteAccess, a.Origin.Pos) {
				e.rep.Add(diag.RouteAccess, a.Origin.Pos, "source allow-list %s: the controller must see real client addresses (externalTrafficPolicy Local, proxy protocol or trusted X-Forwarded-For)", strings.Join(cs, ","))
			}
			return
		}
		e.rep.Add(diag.RouteAccessUnsupported, a.Origin.Pos, "allow/deny rules use sources that are not addresses; not translated")
	case allDeny && (last.Allow && last.Source == "all" || !last.Allow):
		rs := rules
		if last.Allow {
			rs = rules[:len(rules)-1]
		}
		if cs, ok := cidrs(rs); ok {
			ip.ann.set(ann+"denylist-source-range", strings.Join(cs, ","))
			return
		}
		e.rep.Add(diag.RouteAccessUnsupported, a.Origin.Pos, "allow/deny rules use sources that are not addresses; not translated")
	default:
		e.rep.Add(diag.RouteAccessUnsupported, a.Origin.Pos, "allow and deny rules are interleaved; nginx used the first match, ingress-nginx has only an allow list and a deny list, so they are not translated")
	}
}

func toCIDR(s string) (string, bool) {
	if _, n, err := net.ParseCIDR(s); err == nil {
		return n.String(), true
	}
	if ip := net.ParseIP(s); ip != nil {
		if ip.To4() != nil {
			return s + "/32", true
		}
		return s + "/128", true
	}
	return "", false
}

// redirect renders a redirect; false means it cannot be emitted at all.
func (e *emitter) redirect(s *ir.Site, r *ir.Route, ip *ingressPath) bool {
	rd := r.Redirect
	scheme := rd.Scheme
	if scheme == "" {
		scheme = "http"
		if len(s.TLS) > 0 {
			scheme = "https"
		}
	}
	host := rd.Host
	if host == "" {
		for _, h := range s.Hosts {
			if h.Name != "" && !strings.HasPrefix(h.Name, "*") {
				host = h.Name
				break
			}
		}
		if host == "" {
			if !e.rep.Skip(diag.RouteRedirectUnsupported, rd.Origin.Pos) {
				e.rep.Add(diag.RouteRedirectUnsupported, rd.Origin.Pos, "redirect to %s keeps the request's host, which ingress-nginx cannot do for a catch-all server; not emitted", rd.Target)
			}
			return false
		}
		if len(s.Hosts) > 1 {
			if !e.rep.Skip(diag.RouteRedirectApprox, rd.Origin.Pos) {
				e.rep.Add(diag.RouteRedirectApprox, rd.Origin.Pos, "redirect kept the request's host; ingress-nginx redirects to a fixed URL, so every host of this server now redirects to %s", host)
			}
		}
	}
	url := scheme + "://" + host
	if rd.Port != 0 {
		url += ":" + strconv.Itoa(int(rd.Port))
	}
	switch rd.PathMode {
	case ir.PathFull:
		url += rd.Path
	default:
		url += "/"
		if !(r.Match.Kind == ir.MatchExact && r.Match.Path == "/") {
			if !e.rep.Skip(diag.RouteRedirectApprox, rd.Origin.Pos) {
				e.rep.Add(diag.RouteRedirectApprox, rd.Origin.Pos, "redirect %s kept the request path; ingress-nginx's redirect annotations take a fixed URL (variables are refused since v1.12), so every request now goes to %s", rd.Target, url)
			}
		}
	}
	if rd.Pattern != "" {
		ip.path, ip.pathType, ip.regex = ingressRegex(rd.Pattern, false), netv1.PathTypeImplementationSpecific, true
	}
	switch rd.Status {
	case 301:
		ip.ann.set(ann+"permanent-redirect", url)
	case 308:
		ip.ann.set(ann+"permanent-redirect", url)
		ip.ann.set(ann+"permanent-redirect-code", "308")
	case 302:
		ip.ann.set(ann+"temporal-redirect", url)
	default:
		ip.ann.set(ann+"temporal-redirect", url)
		if !e.rep.Skip(diag.RouteRedirectApprox, rd.Origin.Pos) {
			e.rep.Add(diag.RouteRedirectApprox, rd.Origin.Pos, "redirect status %d becomes 302 (ingress-nginx's temporal-redirect)", rd.Status)
		}
	}
	return true
}

// rewrite renders a path rewrite as rewrite-target with a capturing path.
func (e *emitter) rewrite(r *ir.Route, ip *ingressPath) {
	rw := r.Rewrite
	m := r.Match
	switch rw.Mode {
	case ir.PathPrefix:
		ip.path = "/(?-i)" + quoteRegex(strings.TrimPrefix(m.Path, "/")) + "(.*)"
		ip.ann.set(ann+"rewrite-target", rw.Replacement+"$1")
	case ir.PathFull:
		ip.path = "/(?-i)" + quoteRegex(strings.TrimPrefix(m.Path, "/")) + "$"
		ip.ann.set(ann+"rewrite-target", rw.Replacement)
	default:
		pat := rw.Pattern
		if !strings.HasPrefix(pat, "^/") {
			if !e.rep.Skip(diag.RouteRewriteUnsupported, rw.Origin.Pos) {
				e.rep.Add(diag.RouteRewriteUnsupported, rw.Origin.Pos, "rewrite pattern %s is not anchored at the path start; ingress-nginx's rewrite-target needs the path regex to capture, so it is not translated", pat)
			}
			return
		}
		if m.Kind == ir.MatchPrefix && m.Path != "/" && !strings.HasPrefix(pat[1:], quoteRegex(m.Path)) && !strings.HasPrefix(pat[1:], m.Path) {
			if !e.rep.Skip(diag.RouteRewriteUnsupported, rw.Origin.Pos) {
				e.rep.Add(diag.RouteRewriteUnsupported, rw.Origin.Pos, "rewrite pattern %s does not start with the location path %s; not translated", pat, m.Path)
			}
			return
		}
		ip.path = ingressRegex(pat, m.CaseInsensitive)
		ip.ann.set(ann+"rewrite-target", rw.Replacement)
		if !e.rep.Skip(diag.RouteRewriteApprox, rw.Origin.Pos) {
			e.rep.Add(diag.RouteRewriteApprox, rw.Origin.Pos, "rewrite %s → %s becomes the route's path and rewrite-target; requests under %s that do not match the pattern are no longer routed here", pat, rw.Replacement, m.Path)
		}
	}
	ip.pathType, ip.regex = netv1.PathTypeImplementationSpecific, true
}

func (e *emitter) balancing(ip *ingressPath, b *ir.Balancing) {
	b.Handle()
	switch b.Policy {
	case "least-conn":
		ip.ann.set(ann+"load-balance", "ewma")
		e.rep.Add(diag.RouteBalancing, b.Origin.Pos, "least_conn has no ingress-nginx equivalent; ewma (latency-weighted) is the nearest")
	case "ip-hash":
		ip.ann.set(ann+"upstream-hash-by", "$binary_remote_addr")
		e.rep.Add(diag.RouteBalancing, b.Origin.Pos, "ip_hash hashed the first three octets of IPv4 clients (a /24 stuck together); upstream-hash-by $binary_remote_addr hashes the whole address")
	case "hash":
		ip.ann.set(ann+"upstream-hash-by", b.HashKey)
		if !b.Consistent {
			if !e.rep.Skip(diag.RouteBalancing, b.Origin.Pos) {
				e.rep.Add(diag.RouteBalancing, b.Origin.Pos, "hash %s becomes upstream-hash-by, which is always consistent (ketama) in ingress-nginx", b.HashKey)
			}
		}
	case "random":
		e.rep.Add(diag.RouteBalancing, b.Origin.Pos, "random balancing is not translated; ingress-nginx uses round robin")
	}
	if b.Keepalive > 0 {
		if !e.rep.Skip(diag.RouteKeepalive, b.Origin.Pos) {
			e.rep.Add(diag.RouteKeepalive, b.Origin.Pos, "keepalive %d: ingress-nginx keeps upstream connections alive by default (ConfigMap upstream-keepalive-connections, 320)", b.Keepalive)
		}
	}
}

func (e *emitter) rateLimit(ip *ingressPath, rl *ir.RateLimit) {
	if rl.Key != "$binary_remote_addr" && rl.Key != "$remote_addr" {
		if !e.rep.Skip(diag.RouteRateLimitKey, rl.Origin.Pos) {
			e.rep.Add(diag.RouteRateLimitKey, rl.Origin.Pos, "rate limit keyed on %s; ingress-nginx limits per client address only, so it is not translated", rl.Key)
		}
		return
	}
	if rl.Per == "m" {
		ip.ann.set(ann+"limit-rpm", strconv.Itoa(rl.Rate))
	} else {
		ip.ann.set(ann+"limit-rps", strconv.Itoa(rl.Rate))
	}
	mult := 1
	if rl.Burst > 0 {
		mult = (rl.Burst + rl.Rate - 1) / rl.Rate
		if mult < 1 {
			mult = 1
		}
	}
	ip.ann.set(ann+"limit-burst-multiplier", strconv.Itoa(mult))
	delay := ""
	if !rl.NoDelay && rl.Burst > 0 {
		delay = "; nginx delayed burst requests, ingress-nginx serves them at once (nodelay)"
	}
	if !e.rep.Skip(diag.RouteRateLimit, rl.Origin.Pos) {
		e.rep.Add(diag.RouteRateLimit, rl.Origin.Pos, "rate %d r/%s (burst %d) becomes a limit per ingress-nginx replica: with N controller replicas clients get up to N times the rate%s", rl.Rate, rl.Per, rl.Burst, delay)
	}
	if rl.Status != 503 {
		if !e.rep.Skip(diag.RouteRateLimit, rl.Origin.Pos) {
			e.rep.Add(diag.RouteRateLimit, rl.Origin.Pos, "limited requests got status %d; ingress-nginx answers 503 unless its ConfigMap limit-req-status-code says otherwise", rl.Status)
		}
	}
}

// responseHeaders renders add_header through a ConfigMap and custom-headers.
func (e *emitter) responseHeaders(s *ir.Site, ip *ingressPath, h *ir.HeaderModifier) {
	var names []string
	data := map[string]string{}
	for _, x := range h.Add {
		if strings.Contains(x.Value, "$") {
			if !e.rep.Skip(diag.RouteResponseHeaders, h.Origin.Pos) {
				e.rep.Add(diag.RouteResponseHeaders, h.Origin.Pos, "response header %s uses nginx variables (%s); kept verbatim, ingress-nginx evaluates them the same way", x.Name, x.Value)
			}
		}
		data[x.Name] = x.Value
		names = append(names, x.Name)
	}
	sort.Strings(names)
	// Routes of a site that add the same headers share one ConfigMap.
	var key strings.Builder
	key.WriteString(s.Name)
	for _, n := range names {
		key.WriteString("\x00" + n + "\x00" + data[n])
	}
	cmName, ok := e.headerCMs[key.String()]
	if !ok {
		cmName = e.cmNames.Name(key.String(), s.Name+"-headers")
		if e.headerCMs == nil {
			e.headerCMs = map[string]string{}
		}
		e.headerCMs[key.String()] = cmName
	}
	ip.cm = &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: cmName, Namespace: e.opts.Namespace, Labels: e.siteLabels(s.Name)},
		Data:       data,
	}
	ip.ann.set(ann+"custom-headers", e.ns()+"/"+cmName)
	always := ""
	if !h.Always {
		always = " nginx added them only to 2xx/3xx responses (no `always`); ingress-nginx adds them to every response."
	}
	if !e.rep.Skip(diag.RouteResponseHeaders, h.Origin.Pos) {
		e.rep.Add(diag.RouteResponseHeaders, h.Origin.Pos, "response headers %s go through ConfigMap %s; the controller's ConfigMap must list them in global-allowed-response-headers.%s", strings.Join(names, ", "), cmName, always)
	}
}

// ingress emits one Ingress object, and the ConfigMaps its paths use.
func (e *emitter) ingress(s *ir.Site, name string, a []annKV, paths []*ingressPath) {
	for _, t := range s.TLS {
		if t.CertFile != "" {
			if !e.rep.Skip(diag.RouteTLSSecret, t.Origin.Pos) {
				e.rep.Add(diag.RouteTLSSecret, t.Origin.Pos, "certificate %s and key %s must be in Secret %s: kubectl create secret tls %s --cert=%s --key=%s", t.CertFile, orNone(t.KeyFile), t.SecretName, t.SecretName, t.CertFile, t.KeyFile)
			}
		}
	}
	for _, p := range paths {
		if p.cm != nil && !e.addedCMs[p.cm.Name] {
			if e.addedCMs == nil {
				e.addedCMs = map[string]bool{}
			}
			e.addedCMs[p.cm.Name] = true
			e.add(Object{APIVersion: "v1", Kind: "ConfigMap", Namespace: e.opts.Namespace, Name: p.cm.Name, Owner: s.Name, Obj: p.cm})
		}
	}
	in := e.newIngress()
	*in = ingressObject{site: s, name: name, namespace: e.opts.Namespace, class: e.opts.IngressClassName,
		labels: e.siteLabels(s.Name), ann: a, paths: paths}
	o := Object{APIVersion: "networking.k8s.io/v1", Kind: "Ingress", Namespace: e.opts.Namespace, Name: name, Owner: s.Name}
	if e.m != nil {
		o.build = in // by the marshaller, off the emitting goroutine
	} else {
		o.Obj = in.build(nil)
	}
	e.add(o)
}

// ingressObject is what an Ingress is built from. Nothing in it changes
// once the site is emitted.
type ingressObject struct {
	site                   *ir.Site
	name, namespace, class string
	labels                 map[string]string
	ann                    []annKV
	paths                  []*ingressPath
}

// scratchSlice returns (*buf)[:n], growing *buf when needed. Its elements
// are to be overwritten.
func scratchSlice[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}

// build makes the Ingress; with sc, in sc's memory (see builder).
func (in *ingressObject) build(sc *buildScratch) any {
	s, paths := in.site, in.paths
	if len(paths) == 0 {
		sc = nil // keep the empty (not nil) path list of make
	}
	var ing *netv1.Ingress
	meta := metav1.ObjectMeta{
		Name:      in.name,
		Namespace: in.namespace,
		Labels:    in.labels,
	}
	if sc != nil {
		ing = &sc.ing
		*ing = netv1.Ingress{
			TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
			ObjectMeta: meta,
		}
	} else {
		ing = &netv1.Ingress{
			TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
			ObjectMeta: meta,
		}
	}
	if len(in.ann) > 0 {
		if sc != nil {
			if sc.ann == nil {
				sc.ann = make(map[string]string, len(in.ann))
			}
			clear(sc.ann)
			ing.Annotations = sc.ann
		} else {
			ing.Annotations = make(map[string]string, len(in.ann))
		}
		for _, kv := range in.ann {
			ing.Annotations[kv.k] = kv.v
		}
	}
	if in.class != "" {
		if sc != nil {
			sc.class = in.class
			ing.Spec.IngressClassName = &sc.class
		} else {
			c := in.class
			ing.Spec.IngressClassName = &c
		}
	}
	if len(s.TLS) > 0 {
		if sc != nil {
			ing.Spec.TLS = scratchSlice(&sc.tls, len(s.TLS))
		} else {
			ing.Spec.TLS = make([]netv1.IngressTLS, len(s.TLS))
		}
		for i, t := range s.TLS {
			ing.Spec.TLS[i] = netv1.IngressTLS{Hosts: t.Hosts, SecretName: t.SecretName}
		}
	}
	// One allocation each for the paths, their types and their backends.
	var hv []netv1.HTTPIngressPath
	var types []netv1.PathType
	var svcs []netv1.IngressServiceBackend
	if sc != nil {
		hv, types, svcs = scratchSlice(&sc.hv, len(paths)), scratchSlice(&sc.types, len(paths)), scratchSlice(&sc.svcs, len(paths))
	} else {
		hv = make([]netv1.HTTPIngressPath, len(paths))
		types = make([]netv1.PathType, len(paths))
		svcs = make([]netv1.IngressServiceBackend, len(paths))
	}
	for i, p := range paths {
		types[i] = p.pathType
		svcs[i] = netv1.IngressServiceBackend{
			Name: p.backend.App,
			Port: netv1.ServiceBackendPort{Number: p.backend.Port},
		}
		hv[i] = netv1.HTTPIngressPath{
			Path:     p.path,
			PathType: &types[i],
			Backend:  netv1.IngressBackend{Service: &svcs[i]},
		}
	}
	if len(s.Hosts) > 0 {
		var values []netv1.HTTPIngressRuleValue
		if sc != nil {
			ing.Spec.Rules, values = scratchSlice(&sc.rules, len(s.Hosts)), scratchSlice(&sc.values, len(s.Hosts))
		} else {
			ing.Spec.Rules = make([]netv1.IngressRule, len(s.Hosts))
			values = make([]netv1.HTTPIngressRuleValue, len(s.Hosts))
		}
		for i, h := range s.Hosts {
			values[i] = netv1.HTTPIngressRuleValue{Paths: hv}
			ing.Spec.Rules[i] = netv1.IngressRule{Host: h.Name, IngressRuleValue: netv1.IngressRuleValue{HTTP: &values[i]}}
		}
	}
	return ing
}
