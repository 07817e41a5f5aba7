// Package kube emits plain Kubernetes objects from the IR: a Service per
// app, a Deployment per app with a workload, Ingresses per site (with
// ingress-nginx annotations for the intents the Ingress API lacks), and the
// ConfigMaps those need. Every intent it cannot express is reported with a
// specific diagnostic and marked handled, so that nothing is dropped silently.
package kube

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	netv1 "k8s.io/api/networking/v1"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// Options configure emission.
type Options struct {
	// Namespace is set on every namespaced object; empty leaves it unset.
	Namespace string
	// IngressClassName is set on every Ingress; empty leaves it unset.
	IngressClassName string
	// Marshal has each object marshalled to YAML (see Marshal) while the
	// rest are emitted, on other goroutines: the objects returned then hold
	// YAML, or Err, and no Obj, which is dropped once marshalled so that
	// the typed objects are not all in memory at once.
	Marshal bool
}

// Object is one emitted Kubernetes object.
type Object struct {
	APIVersion, Kind, Namespace, Name string
	// Owner is the app or site the object belongs to (its output folder).
	Owner string
	// Obj is the typed k8s.io/api value.
	Obj any
	// YAML is Obj marshalled, or Err why it could not be, when emitted
	// with Options.Marshal.
	YAML []byte
	Err  error
	// build makes Obj, on the marshaller's goroutine (Options.Marshal).
	build builder
}

// kindOrder fixes the order of kinds in the output: things others refer to
// come first.
var kindOrder = map[string]int{
	"Namespace": 0, "ServiceAccount": 1, "ConfigMap": 2, "Secret": 3, "ExternalSecret": 4,
	"PersistentVolumeClaim": 5, "Service": 6, "Deployment": 7, "StatefulSet": 8,
	"HorizontalPodAutoscaler": 9, "PodDisruptionBudget": 10, "Ingress": 11,
}

// Emit produces the objects for p, sorted by kind order, namespace and name.
// Diagnostics go to rep; after emission every intent still unhandled is
// reported as diag.IntentNotExpressed.
func Emit(p *ir.Project, opts Options, rep *diag.Reporter) []Object {
	e := &emitter{p: p, opts: opts, rep: rep}
	// Room for the usual count: a Service and a workload object per app, an
	// Ingress per route, a ConfigMap for some.
	routes := 0
	for _, s := range p.Sites {
		routes += len(s.Routes)
	}
	e.objs = make([]Object, 0, 2*len(p.Apps)+routes+routes/4)
	if opts.Marshal {
		e.m = startMarshaller()
	}
	for _, a := range p.Apps {
		e.app(a)
		e.handOff(false)
	}
	e.sites()
	for _, i := range p.Unhandled() {
		o := i.Tracking().Origin
		rep.Add(diag.IntentNotExpressed, o.Pos, "%s from %q is not expressed in the Kubernetes output", i.Kind(), o.Construct)
		i.Tracking().Handle()
	}
	e.handOff(true)
	Sort(e.objs)
	e.checkNames()
	return e.objs
}

type emitter struct {
	p    *ir.Project
	opts Options
	rep  *diag.Reporter
	objs []Object
	// headerCMs names the response-header ConfigMap of each distinct
	// header set of a site; addedCMs records those already emitted.
	headerCMs map[string]string
	addedCMs  map[string]bool
	cmNames   ir.Namer
	// guards is the negative lookahead put before the current site's regex
	// paths (see regexGuards); guardsExact says it is faithful.
	guards      []string
	guardsExact bool
	// scratch space of site
	annKVs     annotations
	keyBuf     []byte
	groups     []annGroup
	pathGroup  []int
	groupIndex map[string]int
	// m marshals the objects with Options.Marshal; objs[:handed] have
	// been handed to it.
	m      *marshaller
	handed int
	// caches of siteLabels and appByName
	lastLabels   map[string]string
	lastLabelsOf string
	apps         map[string]*ir.App
	// Blocks the Ingresses' parts are allocated from (see newPath).
	pathBlock block[ingressPath]
	ingBlock  block[ingressObject]
	annBlock  []annKV
}

func (e *emitter) add(o Object) { e.objs = append(e.objs, o) }

// handOff gives the objects emitted since the last call to the marshaller
// (with Options.Marshal), a batch at a time; last waits for the marshaller
// to finish and stores its results in e.objs. It is called only between
// apps and sites, when the objects emitted so far are complete: nothing
// changes an object once its app or site is done.
func (e *emitter) handOff(last bool) {
	if e.m == nil {
		return
	}
	if n := len(e.objs) - e.handed; n >= marshalBatch || last && n > 0 {
		b := &batch{start: e.handed, objs: make([]any, n), builds: make([]builder, n), yaml: make([][]byte, n), errs: make([]error, n)}
		for i := range b.objs {
			o := &e.objs[e.handed+i]
			b.objs[i], b.builds[i], o.Obj, o.build = o.Obj, o.build, nil, nil
		}
		e.handed = len(e.objs)
		e.m.batches = append(e.m.batches, b)
		e.m.work <- b
	}
	if last {
		close(e.m.work)
		e.m.run() // emission is done: help with the batches still queued
		e.m.wg.Wait()
		for _, b := range e.m.batches {
			for i := range b.yaml {
				o := &e.objs[b.start+i]
				o.YAML, o.Err = b.yaml[i], b.errs[i]
			}
		}
		e.m = nil
	}
}

// builder builds an object for the marshaller (Options.Marshal). With a
// scratch space, the object may be built in it: it is then only valid until
// the next build with that space.
type builder interface {
	build(sc *buildScratch) any
}

// buildScratch is the memory a marshaller goroutine builds objects in.
type buildScratch struct {
	ing    netv1.Ingress
	class  string
	ann    map[string]string
	tls    []netv1.IngressTLS
	hv     []netv1.HTTPIngressPath
	types  []netv1.PathType
	svcs   []netv1.IngressServiceBackend
	rules  []netv1.IngressRule
	values []netv1.HTTPIngressRuleValue
}

// marshalBatch is how many objects are handed to the marshaller at once.
const marshalBatch = 64

// marshaller marshals batches of objects on worker goroutines.
type marshaller struct {
	work    chan *batch
	wg      sync.WaitGroup
	batches []*batch // every batch handed over, in order
}

// batch is a run of objects, from e.objs[start], and their results.
type batch struct {
	start  int
	objs   []any
	builds []builder // for objects built by the marshaller
	yaml   [][]byte
	errs   []error
}

func startMarshaller() *marshaller {
	m := &marshaller{work: make(chan *batch, 64)}
	n := max(1, min(runtime.GOMAXPROCS(0)-1, 4))
	m.wg.Add(n)
	for range n {
		go func() {
			defer m.wg.Done()
			m.run()
		}()
	}
	return m
}

// run marshals batches until there are no more.
func (m *marshaller) run() {
	var scratch, chunk []byte
	var bs buildScratch // objects built here are dropped once marshalled
	for b := range m.work {
		for i, obj := range b.objs {
			if b.builds[i] != nil {
				obj = b.builds[i].build(&bs)
			}
			data, err := AppendYAML(scratch[:0], obj)
			b.objs[i], b.builds[i] = nil, nil
			if err != nil {
				b.errs[i] = err
				continue
			}
			scratch = data
			// Manifests are carved from 1 MiB blocks.
			if cap(chunk)-len(chunk) < len(data) {
				chunk = make([]byte, 0, max(1<<20, len(data)))
			}
			at := len(chunk)
			chunk = append(chunk, data...)
			b.yaml[i] = chunk[at:len(chunk):len(chunk)]
		}
	}
}

// Sort orders objects by kind order, then namespace, then name. The sort
// is stable.
func Sort(objs []Object) {
	// Sort small (rank, index) pairs, then move the objects once.
	type entry struct{ rank, i int32 }
	es := make([]entry, len(objs))
	var kind string
	var rank int
	for i := range objs {
		if i == 0 || objs[i].Kind != kind {
			kind, rank = objs[i].Kind, kindRank(objs[i].Kind)
		}
		es[i] = entry{int32(rank), int32(i)}
	}
	slices.SortStableFunc(es, func(x, y entry) int {
		if x.rank != y.rank {
			return int(x.rank - y.rank)
		}
		a, b := &objs[x.i], &objs[y.i]
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	// objs[i] is to become objs[es[i].i]: follow each cycle of the
	// permutation, marking the places filled.
	for i := range es {
		if es[i].i == int32(i) || es[i].i < 0 {
			continue
		}
		tmp := objs[i]
		j := i
		for {
			src := int(es[j].i)
			es[j].i = -1
			if src == i {
				objs[j] = tmp
				break
			}
			objs[j] = objs[src]
			j = src
		}
	}
}

func kindRank(k string) int {
	if r, ok := kindOrder[k]; ok {
		return r
	}
	return 100
}

// checkNames reports two objects of the same kind and namespace with one
// name. The objects are sorted (Sort): such objects are neighbours.
func (e *emitter) checkNames() {
	out := e.objs[:0]
	var prev *Object // the last one kept
	for _, o := range e.objs {
		if prev != nil && prev.Kind == o.Kind && prev.Namespace == o.Namespace && prev.Name == o.Name {
			e.rep.Add(diag.OutputNameCollision, diag.Pos{}, "two %s objects named %q; only the first is emitted", o.Kind, o.Name)
			continue
		}
		out = append(out, o)
		prev = &out[len(out)-1]
	}
	e.objs = out
}

// labels are the recommended labels of an app's objects.
func (e *emitter) labels(name string) map[string]string {
	l := map[string]string{
		"app.kubernetes.io/name":       name,
		"app.kubernetes.io/managed-by": "kubelift",
	}
	if e.p.Name != "" {
		l["app.kubernetes.io/part-of"] = e.p.Name
	}
	return l
}

// siteLabels is labels(name) for the Ingresses and ConfigMaps of a site.
// With Options.Marshal, where the objects are only marshalled, those of one
// site share the map.
func (e *emitter) siteLabels(name string) map[string]string {
	if !e.opts.Marshal {
		return e.labels(name)
	}
	if e.lastLabels == nil || e.lastLabelsOf != name {
		e.lastLabels, e.lastLabelsOf = e.labels(name), name
	}
	return e.lastLabels
}

// appByName is p.App(name), through an index.
func (e *emitter) appByName(name string) *ir.App {
	if e.apps == nil {
		e.apps = make(map[string]*ir.App, len(e.p.Apps))
		for _, a := range e.p.Apps {
			if _, dup := e.apps[a.Name]; !dup { // p.App finds the first
				e.apps[a.Name] = a
			}
		}
	}
	return e.apps[name]
}

// Paths assigns each object its file path, "<owner>/<kind>.yaml", or
// "<owner>/<kind>-<name>.yaml" when an owner has several objects of a kind.
func Paths(objs []Object) []string {
	type ownerKind struct{ owner, kind string }
	count := make(map[ownerKind]int, len(objs))
	for _, o := range objs {
		count[ownerKind{o.Owner, o.Kind}]++
	}
	out := make([]string, len(objs))
	var kind, lower string // objects come sorted by kind
	var buf []byte         // the paths' bytes, carved from blocks
	for i, o := range objs {
		if o.Kind != kind {
			kind, lower = o.Kind, strings.ToLower(o.Kind)
		}
		several := count[ownerKind{o.Owner, o.Kind}] > 1
		n := len(o.Owner) + 1 + len(lower) + len(".yaml")
		if several {
			n += 1 + len(o.Name)
		}
		if cap(buf)-len(buf) < n {
			buf = make([]byte, 0, max(n, 64<<10))
		}
		at := len(buf)
		buf = append(buf, o.Owner...)
		buf = append(buf, '/')
		buf = append(buf, lower...)
		if several {
			buf = append(buf, '-')
			buf = append(buf, o.Name...)
		}
		buf = append(buf, ".yaml"...)
		// The bytes are never written again: buf only grows past them.
		out[i] = unsafe.String(&buf[at], len(buf)-at)
	}
	return out
}
