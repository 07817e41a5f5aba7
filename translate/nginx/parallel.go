package nginx

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// Pass 2 on every core. The directives of the http blocks are cut into
// chunks of chunkServers servers, translated at once by chunk translators,
// and merged in order. A server block's translation reads what pass 1
// declared (upstreams, zones, maps) and writes its own site, except for
// three things, each made independent of the chunking here:
//
//   - Site names are unique across the project: they are chosen before the
//     chunks are translated, server by server in order (siteWant, Namer).
//   - Apps are shared by servers and named on first use: a chunk leaves its
//     backends unbound, and the merge binds them in order (bindApp).
//   - Findings and grouped reports depend on what came before (the
//     per-code limit of diag.Reporter, its de-duplication, the first place
//     of a group): a chunk records them (unformatted), and the merge
//     replays them in order into the caller's Reporter.
//
// So the result is the sequential translation's, byte for byte, whatever
// the number of cores and chunks; TestChunkedSameAsSequential checks it.

// chunkServers is the number of servers in a chunk.
const chunkServers = 256

// chunk is a run of http-context directives and what translating it gave.
type chunk struct {
	ds      []*pn.Directive
	sc      scope
	t       *translator
	rec     recorder
	unbound []unboundBackend
}

// parallel runs pass 2 in chunks and reports true, or reports false when
// the translation had better be sequential: few servers, one core, or a
// Trace to fill.
func (t *translator) parallel(roots []rootBlock) bool {
	size := chunkServers
	if t.opts.chunk > 0 {
		size = t.opts.chunk
	}
	workers := runtime.GOMAXPROCS(0)
	servers := 0
	for _, rb := range roots {
		for _, d := range rb.ds {
			if d.Name == "server" {
				servers++
			}
		}
	}
	if t.opts.Trace != nil || t.opts.chunk < 0 || t.opts.chunk == 0 && (workers < 2 || servers < 2*size) {
		return false
	}

	// The chunks, and the site names in server order.
	t.names = make(map[*pn.Directive]string, servers)
	var chunks []*chunk
	for _, rb := range roots {
		sc := rb.scope
		sc.apply(t, rb.ds, ctxHTTP) // reports nothing
		start, n := 0, 0
		for i, d := range rb.ds {
			if d.Name != "server" {
				continue
			}
			want, _ := siteWant(d.Directives())
			t.names[d] = t.siteNames.Name(siteKey(d), want)
			if n++; n == size {
				chunks = append(chunks, &chunk{ds: rb.ds[start : i+1], sc: sc})
				start, n = i+1, 0
			}
		}
		if start < len(rb.ds) {
			chunks = append(chunks, &chunk{ds: rb.ds[start:], sc: sc})
		}
	}

	// Translate the chunks, each worker taking the next one.
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		mu      sync.Mutex
		failure string
	)
	work := func() {
		defer func() {
			if r := recover(); r != nil {
				mu.Lock()
				failure = fmt.Sprintf("%v\n%s", r, debug.Stack())
				mu.Unlock()
			}
		}()
		for {
			i := int(next.Add(1)) - 1
			if i >= len(chunks) {
				return
			}
			c := chunks[i]
			c.unbound = make([]unboundBackend, 0, 4*size) // 3-5 locations a server, as a rule
			c.t = t.fork(&c.rec, &c.unbound)
			c.t.httpItems(c.ds, c.sc)
		}
	}
	n := max(1, min(workers, len(chunks)))
	wg.Add(n - 1)
	for range n - 1 {
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
	if failure != "" {
		panic("translate/nginx: a chunk translator panicked: " + failure)
	}

	// Merge, in order. The apps are at most the upstreams and the other
	// targets: room for them is made at once.
	if len(t.apps) == 0 {
		n := len(t.upstreams)
		for _, c := range chunks {
			for _, u := range c.unbound {
				if u.up == nil {
					n++
				}
			}
		}
		t.apps = make(map[string]*ir.App, n)
		t.appNames.GrowKeys(n)
	}
	for _, c := range chunks {
		c.rec.replay(t.rep)
		for _, k := range c.t.groupOrder {
			g := t.groups[k]
			if g == nil {
				g = &group{}
				t.groups[k] = g
				t.groupOrder = append(t.groupOrder, k)
			}
			g.pos = append(g.pos, c.t.groups[k].pos...)
		}
		for _, u := range c.unbound {
			t.bindApp(u)
		}
		t.proj.Sites = append(t.proj.Sites, c.t.proj.Sites...)
	}
	return true
}

// fork returns a chunk translator: it shares what pass 1 declared and the
// site names, and records its findings in rec and its backends in unbound.
func (t *translator) fork(rec *recorder, unbound *[]unboundBackend) *translator {
	return &translator{
		rep:       rec,
		opts:      t.opts,
		proj:      &ir.Project{},
		upstreams: t.upstreams,
		zones:     t.zones,
		maps:      t.maps,
		groups:    map[groupKey]*group{},
		names:     t.names,
		unbound:   unbound,
	}
}

// siteName names the site of server block d, which asks for want.
func (t *translator) siteName(d *pn.Directive, want string) string {
	if t.names != nil {
		return t.names[d]
	}
	return t.siteNames.Name(siteKey(d), want)
}

// recorder keeps the findings of a chunk, in order, for the merge, which
// replays each as the sequential translation made it: Report as Report, and
// Add as Add, so that a finding the caller's Reporter only counts (past its
// per-code limit) is never formatted, as in the sequential translation.
// Skip never skips: the Add that follows it is recorded, and replayed Add
// skips as Skip would have. The arguments of Add are kept until the merge:
// the translator passes strings and numbers, which nothing changes.
type recorder struct{ calls []recorded }

// recorded is one call of Add or Report.
type recorded struct {
	add    bool
	d      diag.Diagnostic // for Add, only Code and Pos
	format string
	args   []any
}

func (r *recorder) Add(code diag.Code, pos diag.Pos, format string, args ...any) {
	r.calls = append(r.calls, recorded{add: true, d: diag.Diagnostic{Code: code, Pos: pos}, format: format, args: args})
}

func (r *recorder) Report(d diag.Diagnostic) { r.calls = append(r.calls, recorded{d: d}) }

func (r *recorder) Skip(diag.Code, diag.Pos) bool { return false }

// replay makes the recorded calls on rep.
func (r *recorder) replay(rep reporter) {
	for _, c := range r.calls {
		if c.add {
			rep.Add(c.d.Code, c.d.Pos, c.format, c.args...)
		} else {
			rep.Report(c.d)
		}
	}
}
