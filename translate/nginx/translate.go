// Package nginx translates a parsed nginx configuration into kubelift's IR:
// each server block becomes an ir.Site, each location an ir.Route in nginx's
// selection order, each upstream (or literal proxy_pass address) an ir.App.
//
// Every directive is either carried into the IR or named in a diagnostic.
// Directives with no per-application meaning in Kubernetes (worker tuning,
// logging, TLS ciphers…) are reported once per directive name, with every
// occurrence listed as a related position.
package nginx

import (
	"sort"
	"unsafe"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// Options configure the translation.
type Options struct {
	// Project name; empty becomes "nginx".
	Name string
	// Trace, when non-nil, receives every directive the translator carried
	// into the IR (as opposed to reporting it). Tests use it to prove that
	// every directive is accounted for. The translation is then sequential.
	Trace map[*pn.Directive]bool

	// chunk, in tests, translates in chunks of that many servers whatever
	// their number and the number of cores (see parallel.go); -1
	// translates sequentially.
	chunk int
}

// Translate turns parsed configurations into one project. Configurations are
// translated in the order given; the caller sorts them for determinism.
func Translate(cfgs []*pn.Config, opts Options, rep *diag.Reporter) *ir.Project {
	t := &translator{
		rep:       rep,
		opts:      opts,
		upstreams: map[string]*upstream{},
		zones:     map[string]*zone{},
		maps:      map[string]*pn.Directive{},
		apps:      map[string]*ir.App{},
		groups:    map[groupKey]*group{},
	}
	name := opts.Name
	if name == "" {
		name = "nginx"
	}
	t.proj = &ir.Project{Name: ir.DNSLabel(name)}

	// Pass 1: http-level declarations (upstream, limit_req_zone, map) from
	// every file, since a server may refer to one declared later or elsewhere.
	var roots []rootBlock
	for _, c := range cfgs {
		if c == nil || c.Main == nil {
			continue
		}
		for _, rb := range t.httpBlocks(c.Main.Directives) {
			roots = append(roots, rb)
			t.declare(rb.ds)
		}
	}
	// Pass 2: servers, in chunks on every core when there are many.
	if !t.parallel(roots) {
		for _, rb := range roots {
			t.http(rb.ds, rb.scope)
		}
	}
	t.finishApps()
	t.flushGroups()
	t.proj.Sort()
	return t.proj
}

type translator struct {
	rep  reporter
	opts Options
	proj *ir.Project

	upstreams map[string]*upstream
	zones     map[string]*zone
	maps      map[string]*pn.Directive // map/geo output variable -> directive
	apps      map[string]*ir.App       // key (upstream name or address) -> app
	appNames  ir.Namer
	siteNames ir.Namer

	groups     map[groupKey]*group
	groupOrder []groupKey

	// Set in a chunk translator (see parallel.go): the names of the sites,
	// chosen before the chunks are translated, and the backends whose app
	// is left to the merge.
	names   map[*pn.Directive]string
	unbound *[]unboundBackend

	constructs [256]constructEntry // see origin
	text       []byte              // see constructText
	keyBuf     []byte              // scratch for map keys
	routeBuf   []*ir.Route         // siteCtx.routes, reused from server to server
	headerBuf  []ir.Header         // scratch of requestHeaders

	// Blocks the IR's small objects are allocated from.
	routes    slab[ir.Route]
	backends  slab[ir.Backend]
	timeouts  slab[ir.Timeouts]
	limits    slab[ir.BodyLimit]
	headerMod slab[ir.HeaderModifier]
}

// slab hands out zeroed values of T from blocks: one allocation for many
// of the IR's small objects.
type slab[T any] struct{ free []T }

func (s *slab[T]) alloc() *T {
	if len(s.free) == 0 {
		s.free = make([]T, slabSize)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// slabSize is the number of values in a block of a slab.
const slabSize = 128

// rootBlock is a list of directives in http context, with the scope set by
// the http block around them (empty for vhost files given directly).
type rootBlock struct {
	ds    []*pn.Directive
	scope scope
}

// use records that d was carried into the IR.
func (t *translator) use(ds ...*pn.Directive) {
	if t.opts.Trace == nil {
		return
	}
	for _, d := range ds {
		if d != nil {
			t.opts.Trace[d] = true
		}
	}
}

// reporter is where the translator reports: the caller's diag.Reporter,
// or in a chunk translator a recorder (see parallel.go).
type reporter interface {
	Add(code diag.Code, pos diag.Pos, format string, args ...any)
	Report(d diag.Diagnostic)
	Skip(code diag.Code, pos diag.Pos) bool
}

func (t *translator) report(code diag.Code, d *pn.Directive, format string, args ...any) {
	t.rep.Add(code, d.Pos, format, args...)
}

func (t *translator) origin(d *pn.Directive) ir.Origin {
	if d == nil {
		return ir.Origin{}
	}
	// Inherited directives (proxy_set_header, timeouts) are the origin of
	// an intent in every location: their construct is built once.
	c := &t.constructs[(uintptr(unsafe.Pointer(d))>>4)%uintptr(len(t.constructs))]
	if c.d != d {
		c.d, c.s = d, t.constructText(d)
	}
	return ir.Origin{Pos: d.Pos, Construct: c.s}
}

// constructEntry caches construct(d).
type constructEntry struct {
	d *pn.Directive
	s string
}

// construct is the directive as written (name and argument values joined
// by spaces), shortened to 80 bytes with "...".
func construct(d *pn.Directive) string {
	if len(d.Args) == 0 && len(d.Name) <= constructMax {
		return d.Name
	}
	return string(appendConstruct(make([]byte, 0, constructMax), d))
}

// constructMax is the longest construct; longer ones keep constructKeep
// bytes and end with "...".
const constructMax, constructKeep = 80, 77

// appendConstruct appends construct(d) to dst.
func appendConstruct(dst []byte, d *pn.Directive) []byte {
	n := len(d.Name)
	for _, a := range d.Args {
		n += 1 + len(a.Value)
	}
	if n <= constructMax {
		dst = append(dst, d.Name...)
		for _, a := range d.Args {
			dst = append(dst, ' ')
			dst = append(dst, a.Value...)
		}
		return dst
	}
	start := len(dst)
	put := func(s string) {
		if room := constructKeep - (len(dst) - start); len(s) > room {
			s = s[:room]
		}
		dst = append(dst, s...)
	}
	put(d.Name)
	for _, a := range d.Args {
		put(" ")
		put(a.Value)
	}
	return append(dst, "..."...)
}

// constructText is construct(d), carved from the translator's text
// blocks rather than allocated on its own.
func (t *translator) constructText(d *pn.Directive) string {
	if len(d.Args) == 0 && len(d.Name) <= constructMax {
		return d.Name
	}
	if cap(t.text)-len(t.text) < constructMax {
		t.text = make([]byte, 0, textBlock)
	}
	start := len(t.text)
	t.text = appendConstruct(t.text, d)
	b := t.text[start:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// textBlock is the size of the blocks constructText carves strings from.
// The bytes of a block are never written again once a string covers them.
const textBlock = 32 << 10

// httpBlocks finds the directive lists that are in http context: the body
// of every http block of a main config, or the top level of a vhost file.
func (t *translator) httpBlocks(top []*pn.Directive) []rootBlock {
	isMain := false
	for _, d := range top {
		switch d.Name {
		case "http", "events", "stream", "mail", "worker_processes", "user", "pid", "daemon":
			isMain = true
		}
	}
	if !isMain {
		return []rootBlock{{ds: top}}
	}
	var out []rootBlock
	for _, d := range top {
		switch d.Name {
		case "include":
		case "http":
			t.use(d)
			out = append(out, rootBlock{ds: d.Directives()})
		case "events":
			t.ignore(catController, d)
			for _, e := range d.Directives() {
				t.ignore(catController, e)
			}
		case "stream":
			t.report(diag.NginxStream, d, "stream (TCP/UDP) proxying is not translated")
			pn.Walk(d.Directives(), func(x *pn.Directive) bool { t.use(x); return true })
		case "mail":
			t.report(diag.NginxUnsupported, d, "mail proxying has no Kubernetes equivalent")
			pn.Walk(d.Directives(), func(x *pn.Directive) bool { t.use(x); return true })
		default:
			t.other(d, ctxMain)
		}
	}
	return out
}

// declare records upstreams, zones and maps of an http-context list.
func (t *translator) declare(ds []*pn.Directive) {
	for _, d := range ds {
		switch d.Name {
		case "upstream":
			t.upstream(d)
		case "limit_req_zone":
			t.zone(d)
		case "map", "geo":
			t.useTree(d)
			if v := mapVar(d); v != "" {
				t.maps[v] = d
			}
			if d.Name == "map" && d.Arg(0) == "$http_upgrade" {
				t.report(diag.NginxMap, d, "map %s %s is the WebSocket upgrade idiom; ingress-nginx passes Upgrade and Connection headers itself", d.Arg(0), mapVar(d))
			} else {
				t.report(diag.NginxMap, d, "%s computes %s at request time; nothing in Kubernetes evaluates it, and each use of %s is reported where it occurs", d.Name, mapVar(d), mapVar(d))
			}
		}
	}
}

// argsAfterFirst returns the arguments of d after the first, none when it
// has none (a malformed tree given to Translate must not make it panic).
func argsAfterFirst(d *pn.Directive) []pn.Arg {
	if len(d.Args) < 2 {
		return nil
	}
	return d.Args[1:]
}

func mapVar(d *pn.Directive) string {
	// map $src $dst { … } / geo [$src] $dst { … }
	if len(d.Args) == 0 {
		return ""
	}
	return d.Args[len(d.Args)-1].Value
}

type ctx uint8

const (
	ctxMain ctx = iota
	ctxHTTP
	ctxServer
	ctxLocation
)

// http translates the directives of an http block (or a vhost file).
func (t *translator) http(ds []*pn.Directive, parent scope) {
	sc := parent
	sc.apply(t, ds, ctxHTTP)
	t.httpItems(ds, sc)
}

// httpItems translates directives of an http-context list whose scope,
// set from the whole list, is sc.
func (t *translator) httpItems(ds []*pn.Directive, sc scope) {
	for _, d := range ds {
		switch d.Name {
		case "server":
			t.server(d, sc)
		case "upstream", "limit_req_zone", "map", "geo", "include":
			// declared in pass 1 / expanded by the parser
		case "location":
			// a location-level snippet given on its own
			t.report(diag.NginxContext, d, "location outside a server block; translated as part of a catch-all server")
		default:
			if !sc.handles(d) {
				t.other(d, ctxHTTP)
			}
		}
	}
	// A location snippet file (proxy settings meant for include inside a
	// location) is reported as such by other(); nothing else to do.
}

// finishApps adds the apps to the project in a stable order.
func (t *translator) finishApps() {
	keys := make([]string, 0, len(t.apps))
	for k := range t.apps {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.proj.Apps = append(t.proj.Apps, t.apps[k])
	}
}
