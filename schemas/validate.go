package schemas

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/token"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// Invalid names the parts of a project that failed validation: the caller
// emits nothing for them.
type Invalid struct {
	// Apps and Sites hold the names of the invalid apps and sites.
	Apps, Sites map[string]bool
	// Project is set when a project-level field (name, namespace,
	// environment) is invalid.
	Project bool
}

// Empty reports whether nothing is invalid.
func (inv Invalid) Empty() bool { return !inv.Project && len(inv.Apps) == 0 && len(inv.Sites) == 0 }

// Prune returns a shallow copy of p without the invalid apps and sites. The
// apps and sites it keeps are shared with p. A route of a kept site may
// still name an app that was pruned; that app's own finding explains why
// its Service is missing.
func (inv Invalid) Prune(p *ir.Project) *ir.Project {
	q := *p
	q.Apps, q.Sites = nil, nil
	for _, a := range p.Apps {
		if !inv.Apps[a.Name] {
			q.Apps = append(q.Apps, a)
		}
	}
	for _, s := range p.Sites {
		if !inv.Sites[s.Name] {
			q.Sites = append(q.Sites, s)
		}
	}
	return &q
}

// Options tune Validate.
type Options struct {
	// Workers is the number of goroutines, each with its own CUE context;
	// 0 means runtime.GOMAXPROCS(0).
	Workers int
}

// Validate checks p against #Project (schemas/ir.cue) and reports every
// violation to rep as a diag.SchemaViolation at the legacy origin of the
// nearest enclosing IR node, with the IR path and the schema rule and
// position in the message. It returns the apps and sites that are invalid.
// Validate does not modify p.
func Validate(p *ir.Project, rep *diag.Reporter) Invalid {
	return ValidateOptions(p, rep, Options{})
}

// ValidateOptions is Validate with options. See the package documentation
// for how it checks a large project quickly.
func ValidateOptions(p *ir.Project, rep *diag.Reporter, opts Options) Invalid {
	inv, _ := validate(p, rep, opts)
	return inv
}

// violation is one reported violation, for tests.
type violation struct {
	path string // IR path
	pos  diag.Pos
	msg  string
}

func validate(p *ir.Project, rep *diag.Reporter, opts Options) (Invalid, []violation) {
	return validateWith(p, rep, newPool(opts.Workers))
}

// validateWith validates with the compiled schemas of pool.
func validateWith(p *ir.Project, rep *diag.Reporter, pool *pool) (Invalid, []violation) {
	v := newValidation(p)
	// The schemas compile, and the #References buckets are made, while
	// the project is walked: walk is sequential.
	pool.warm()
	refs := make(chan *kind, 1)
	go func() { refs <- v.references() }()
	v.insts = make([]instance, 0, estimate(p))
	v.walkProject()
	v.plan(pool)
	var all []finding
	all = append(all, pool.run(v.jobs(v.columns))...)
	v.fill(all)
	v.encode()
	if k := <-refs; k != nil {
		v.structs = append(v.structs, k)
	}
	all = append(all, pool.run(v.jobs(v.structs))...)
	inv := v.report(all, rep)
	return inv, v.violations
}

// owner is the app or site a part belongs to.
type owner struct {
	kind  byte // 'p' project, 'a' app, 's' site
	index int
}

// instance is one node of the project that is a part, or holds parts.
// It is kept small: a project of 10,000 sites has some 300,000.
type instance struct {
	node reflect.Value
	// parent, index and kind place it in the IR: it is the field
	// kind.field of parent, or element index of that field when index >= 0
	// (see validation.path).
	parent int32
	index  int32
	kind   *kind
}

// ref is an occurrence of a part: an instance, or one of its fields (the
// index in its typeInfo.fields) for a column.
type ref struct {
	inst  int32
	field int32 // -1: the instance itself
}

// part is a distinct value to validate, with every place it occurs.
type part struct {
	// tree is the value, for cue.Context.Encode.
	tree any
	at   []ref
	// refs locates the findings of a #References bucket.
	refs *bucket
	// valid: the fast path found the value valid (see fast.go); it is
	// not sent to CUE.
	valid bool
	// failed: CUE found a column's value invalid (see fill).
	failed bool
}

// kind groups the parts validated against one constraint, at a schema
// path (see schema.constraint): the parts of one IR type at one place, a
// column (a field of those, checked on its own), or #References.
type kind struct {
	path string
	// field is the IR field the parts are (the elements of); "" for
	// #Project.
	field string
	typ   reflect.Type // the parts' Go type; nil for columns and #References
	ti    *typeInfo
	insts []int32 // every occurrence, before encode
	// nodes holds the Go values of insts, before encode; n counts them
	// during walk.
	nodes []reflect.Value
	n     int
	// columns gathers the values of the column fields, before encode.
	columns []*gatherer
	// children holds the kinds of the split fields (indexed like ti.fields).
	children []*kind
	// mask says how each field is sent (see analyze.go and nested.go).
	*mask
	parts []*part
	index map[string]*part
	// pred is a column's fast path (see fast.go), or nil.
	pred pred
}

// mask says how the fields of a struct are sent: modes says how each
// field is sent (see analyze.go); cols holds the column kinds, fills the
// value sent in place of blank and column fields, and fillKeys its JSON
// (non-nil where fills is used: see encoder.shellKey); subs the masks of
// the nested fields (see nested.go).
type mask struct {
	ti       *typeInfo
	modes    []fieldMode
	cols     []*kind
	fills    []any
	fillKeys [][]byte
	subs     []*mask
	// gath holds the columns' gatherers, and bad marks the columns some
	// value of which failed: the occurrences of those values are sent as
	// they are, since a constraint that tests a field's presence
	// (x != _|_) finds an invalid value absent.
	gath []*gatherer
	bad  []bool
}

// job is a batch of parts of one kind, validated by one worker.
type job struct {
	kind  *kind
	parts []*part
}

// finding is one CUE error on a part.
type finding struct {
	part   *part
	labels []string
	msg    string
	rule   string
	at     token.Pos
}

type validation struct {
	p       *ir.Project
	types   types
	enc     encoder
	structs []*kind // the parts' kinds, in the order met, then #References
	columns []*kind
	byPath  map[string]*kind
	insts   []instance
	// nested holds the places of the nested column values that refs
	// name (see nestedRef); mu guards it during gather.
	nested []nestedRef
	mu     sync.Mutex
	// violations records what emit reported, for tests.
	violations []violation
	// slowRefs sends every #References bucket to CUE, for tests.
	slowRefs bool
}

func newValidation(p *ir.Project) *validation {
	v := &validation{p: p, types: types{}, byPath: map[string]*kind{}}
	v.enc.types = v.types
	return v
}

// estimate guesses the number of instances of p, to allocate them at once.
func estimate(p *ir.Project) int {
	n := 1 + 8*len(p.Apps)
	for _, s := range p.Sites {
		n += 1 + len(s.Hosts) + len(s.Listeners) + len(s.TLS) + 5*len(s.Routes)
	}
	return n
}

// place returns the app or site an instance belongs to, and the nearest
// valid origin: the instance's own or an ancestor's.
func (v *validation) place(i int32) (owner, diag.Pos) {
	own := owner{kind: 'p'}
	var pos diag.Pos
	for ; i >= 0; i = v.insts[i].parent {
		in := &v.insts[i]
		if !pos.IsValid() {
			if p, ok := v.types.pos(in.node); ok {
				pos = p
			}
		}
		if in.parent == 0 && in.index >= 0 {
			own = owner{kind: in.kind.field[0], index: int(in.index)}
		}
	}
	return own, pos
}

// node returns the Go value a ref names.
func (v *validation) node(r ref) reflect.Value {
	in := &v.insts[r.inst]
	if r.field <= -2 {
		fv, _ := v.nestedNode(r, diag.Pos{})
		return fv
	}
	if r.field < 0 {
		return in.node
	}
	return in.node.FieldByIndex(v.types.info(in.node.Type()).fields[r.field].index)
}

// path returns the IR path of a ref, e.g. "sites[3].routes[0].redirect".
func (v *validation) path(r ref) string {
	var b []byte
	var add func(i int32)
	add = func(i int32) {
		if i < 0 {
			return
		}
		in := &v.insts[i]
		add(in.parent)
		if in.kind.field == "" {
			return
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, in.kind.field...)
		if in.index >= 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(in.index), 10)
			b = append(b, ']')
		}
	}
	add(r.inst)
	if r.field <= -2 {
		nr := &v.nested[-2-r.field]
		for _, st := range nr.col.steps {
			if len(b) > 0 {
				b = append(b, '.')
			}
			b = append(b, st.name...)
			if st.slice {
				b = append(b, '[')
				b = strconv.AppendInt(b, int64(nr.idx[st.elem]), 10)
				b = append(b, ']')
			}
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, nr.col.f.name...)
	} else if r.field >= 0 {
		in := &v.insts[r.inst]
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, v.types.info(in.node.Type()).fields[r.field].name...)
	}
	return string(b)
}

// kind returns the kind of the parts of Go type t at a schema path, the
// values (or elements of the values) of IR field field.
func (v *validation) kind(path, field string, t reflect.Type) *kind {
	k := v.byPath[path]
	if k == nil {
		ti := v.types.info(t)
		k = &kind{path: path, field: field, typ: t, ti: ti, index: map[string]*part{}, children: make([]*kind, len(ti.fields))}
		v.byPath[path] = k
		v.structs = append(v.structs, k)
	}
	return k
}

// walkProject records the parts of the project, and lists the instances
// of each kind.
func (v *validation) walkProject() {
	v.walk(reflect.ValueOf(v.p).Elem(), v.kind("#Project", "", reflect.TypeOf(*v.p)), -1, -1)
	seen := map[reflect.Type]bool{}
	for _, k := range v.structs {
		v.types.warm(k.typ, seen)
		k.insts = make([]int32, 0, k.n)
		k.nodes = make([]reflect.Value, 0, k.n)
	}
	for id := range v.insts {
		in := &v.insts[id]
		in.kind.insts = append(in.kind.insts, int32(id))
		in.kind.nodes = append(in.kind.nodes, in.node)
	}
}

// walk records the parts of the project, from the Go value n of kind k,
// which is k.field (element index, if >= 0) of instance parent.
func (v *validation) walk(n reflect.Value, k *kind, parent int32, index int) {
	ti := k.ti
	id := int32(len(v.insts))
	v.insts = append(v.insts, instance{node: n, parent: parent, kind: k, index: int32(index)})
	k.n++
	if !ti.splits {
		return
	}
	for i := range ti.fields {
		f := &ti.fields[i]
		if !f.split {
			continue
		}
		fv := n.Field(f.index[0])
		if len(f.index) > 1 {
			fv = n.FieldByIndex(f.index)
		}
		switch fv.Kind() {
		case reflect.Pointer:
			if !fv.IsNil() {
				c := k.children[i]
				if c == nil {
					c = v.kind(k.path+"."+f.name, f.name, fv.Type().Elem())
					k.children[i] = c
				}
				v.walk(fv.Elem(), c, id, -1)
			}
		case reflect.Slice:
			for j := 0; j < fv.Len(); j++ {
				e := fv.Index(j)
				if e.Kind() == reflect.Pointer {
					if e.IsNil() {
						continue
					}
					e = e.Elem()
				}
				c := k.children[i]
				if c == nil {
					c = v.kind(k.path+"."+f.name+"[]", f.name, e.Type())
					k.children[i] = c
				}
				v.walk(e, c, id, j)
			}
		}
	}
}

// plan decides how each field of each kind is sent, gathers the distinct
// values of the column fields, and runs the fast path on them.
func (v *validation) plan(pl *pool) {
	var all []*gatherer
	for _, k := range v.structs {
		var cols []*gatherer
		k.mask = v.newMask(pl, k, pl.cachedLayout(v.types, k.typ, k.path), nil, &cols)
		k.columns = cols
		all = append(all, cols...)
	}
	v.gather(all)
}

// newMask makes the mask of a layout, and the columns of its fields and
// of its nested fields' (reached from the parts of k by steps).
func (v *validation) newMask(pl *pool, k *kind, l *layout, steps []step, cols *[]*gatherer) *mask {
	ti := v.types.info(l.t)
	n := len(ti.fields)
	m := &mask{ti: ti, modes: append([]fieldMode(nil), l.modes...), cols: make([]*kind, n), fills: make([]any, n), fillKeys: make([][]byte, n),
		subs: make([]*mask, n), gath: make([]*gatherer, n), bad: make([]bool, n)}
	for i, mode := range m.modes {
		f := ti.fields[i]
		switch mode {
		case blank:
			t := l.t.FieldByIndex(f.index).Type
			m.fills[i] = zero(t)
			m.fillKeys[i] = zeroKey(t)
		case column:
			c := &kind{path: l.path + "." + f.name, index: map[string]*part{}, pred: pl.predicate(l.path, l.t.Name(), f.name)}
			m.cols[i] = c
			v.columns = append(v.columns, c)
			m.gath[i] = newGatherer(k, l.t, m, steps, i, c)
			*cols = append(*cols, m.gath[i])
		case nested:
			ft := l.t.FieldByIndex(f.index).Type
			st := step{index: f.index, name: f.name, slice: ft.Kind() == reflect.Slice, elem: -1}
			if st.slice {
				st.elem = 0
				for _, s := range steps {
					if s.slice {
						st.elem++
					}
				}
			}
			m.subs[i] = v.newMask(pl, k, l.subs[i], append(append([]step(nil), steps...), st), cols)
		}
	}
	return m
}

// step is one field on the way from a part to a nested column: the
// field's index, its name, and whether it is a list (elem counts the lists
// before it, indexing nestedRef.idx).
type step struct {
	index []int
	name  string
	slice bool
	elem  int
}

// nestedRef is where a nested column's value is: the column, and the
// index in each list of its steps.
type nestedRef struct {
	col *gatherer
	idx []int32
}

// cachedLayout is schema.layout, computed once per kind and process: the
// schema is embedded and does not change. The caller must not change it.
func (p *pool) cachedLayout(ts types, t reflect.Type, path string) *layout {
	key := modesKey{t, path}
	m, ok := modesCache.Load(key)
	if !ok {
		m, _ = modesCache.LoadOrStore(key, p.schema(0).layout(ts, t, path))
	}
	return m.(*layout)
}

type modesKey struct {
	t    reflect.Type
	path string
}

// gatherer gathers the distinct values of field i of the parts of a kind,
// or of the structs steps lead to from them (a nested column), whose
// mask is m.
type gatherer struct {
	k     *kind // the parts' kind
	c     *kind // the column's
	m     *mask
	steps []step
	i     int
	f     field
	kind  reflect.Kind
	strs  map[string]*part
	ints  map[int64]*part
	// slab and refs hold the parts and their first refs, allocated a
	// slab at a time.
	slab []part
	refs []ref
}

func newGatherer(k *kind, t reflect.Type, m *mask, steps []step, i int, c *kind) *gatherer {
	f := m.ti.fields[i]
	col := &gatherer{k: k, c: c, m: m, steps: steps, i: i, f: f, kind: t.FieldByIndex(f.index).Type.Kind()}
	switch col.kind {
	case reflect.String:
		col.strs = map[string]*part{}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		col.kind = reflect.Int64
		col.ints = map[int64]*part{}
	}
	return col
}

// field returns the column's field of node n.
func (col *gatherer) field(n reflect.Value) reflect.Value {
	if len(col.f.index) == 1 {
		return n.Field(col.f.index[0])
	}
	return n.FieldByIndex(col.f.index)
}

// find returns the part of the value of the column's field in node n,
// adding it if add; nil if the field is empty and omitted. The column is
// not nested.
func (v *validation) find(enc *encoder, col *gatherer, n reflect.Value, id int32, add bool) *part {
	pt := v.lookup(enc, col, col.field(n), add)
	if pt != nil && add && pt.at == nil {
		v.first(col, pt, ref{inst: id, field: int32(col.i)})
	}
	return pt
}

// walk calls fn with every value of a nested column in the struct sv
// (reached by d steps), with the indexes of the lists on its way.
func (col *gatherer) walk(sv reflect.Value, d int, idx []int32, fn func(fv reflect.Value, idx []int32)) {
	if d == len(col.steps) {
		fn(col.field(sv), idx)
		return
	}
	st := &col.steps[d]
	fv := sv.FieldByIndex(st.index)
	switch fv.Kind() {
	case reflect.Pointer:
		if !fv.IsNil() {
			col.walk(fv.Elem(), d+1, idx, fn)
		}
	case reflect.Slice:
		for j := 0; j < fv.Len(); j++ {
			e := fv.Index(j)
			if e.Kind() == reflect.Pointer {
				if e.IsNil() {
					continue
				}
				e = e.Elem()
			}
			col.walk(e, d+1, append(idx, int32(j)), fn)
		}
	case reflect.Struct:
		col.walk(fv, d+1, idx, fn)
	}
}

// findNested adds the values of a nested column in node n, instance id.
func (v *validation) findNested(enc *encoder, col *gatherer, n reflect.Value, id int32, idx []int32) []int32 {
	col.walk(n, 0, idx[:0], func(fv reflect.Value, idx []int32) {
		if pt := v.lookup(enc, col, fv, true); pt != nil && pt.at == nil {
			v.first(col, pt, v.nestedRef(id, col, idx))
		}
	})
	return idx
}

// nestedRef returns a ref to a value of a nested column.
func (v *validation) nestedRef(id int32, col *gatherer, idx []int32) ref {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.nested = append(v.nested, nestedRef{col: col, idx: append([]int32(nil), idx...)})
	return ref{inst: id, field: -1 - int32(len(v.nested))}
}

// nestedNode returns the value a ref to a nested column names, and the
// nearest origin on its way from pos, the instance's.
func (v *validation) nestedNode(r ref, pos diag.Pos) (reflect.Value, diag.Pos) {
	nr := &v.nested[-2-r.field]
	sv := v.insts[r.inst].node
	for _, st := range nr.col.steps {
		fv := sv.FieldByIndex(st.index)
		if st.slice {
			fv = fv.Index(int(nr.idx[st.elem]))
		}
		for fv.Kind() == reflect.Pointer {
			fv = fv.Elem()
		}
		sv = fv
		if p, ok := v.types.pos(sv); ok {
			pos = p
		}
	}
	return nr.col.field(sv), pos
}

// lookup returns the part of the value fv of the column, adding it if
// add; nil if the field is empty and omitted.
func (v *validation) lookup(enc *encoder, col *gatherer, fv reflect.Value, add bool) *part {
	var pt *part
	switch col.kind {
	case reflect.String:
		x := fv.String()
		if col.f.omitEmpty && x == "" {
			return nil
		}
		if pt = col.strs[x]; pt == nil && add {
			pt = col.newPart(x)
			col.strs[x] = pt
		}
	case reflect.Int64:
		x := fv.Int()
		if col.f.omitEmpty && x == 0 {
			return nil
		}
		if pt = col.ints[x]; pt == nil && add {
			pt = col.newPart(x)
			col.ints[x] = pt
		}
	default:
		if col.f.omitEmpty && isEmpty(fv) {
			return nil
		}
		enc.buf = enc.buf[:0]
		enc.key(fv)
		if pt = col.c.index[string(enc.buf)]; pt == nil && add {
			pt = col.newPart(v.types.tree(fv, false))
			col.c.index[string(enc.buf)] = pt
		}
	}
	return pt
}

// first records the first occurrence of a part; fill finds the others of
// the parts that fail (see occurrences). The fast path runs while the
// value is at hand.
func (v *validation) first(col *gatherer, pt *part, r ref) {
	if len(col.refs) == cap(col.refs) {
		col.refs = make([]ref, 0, min(slab, 2*cap(col.refs)+4))
	}
	col.refs = append(col.refs, r)
	n := len(col.refs)
	pt.at = col.refs[n-1 : n : n]
	col.c.parts = append(col.c.parts, pt)
	if col.c.pred != nil {
		pt.valid = col.c.pred(pt.tree)
	}
}

// slab is the most parts, and refs, a gatherer allocates at once.
const slab = 256

// newPart returns a new part of the column, from its slab.
func (col *gatherer) newPart(tree any) *part {
	if len(col.slab) == cap(col.slab) {
		col.slab = make([]part, 0, min(slab, 2*cap(col.slab)+4))
	}
	col.slab = append(col.slab, part{tree: tree})
	return &col.slab[len(col.slab)-1]
}

// gather collects the distinct values of the columns, and runs their fast
// path (see fast.go) on them, a column at a time on GOMAXPROCS goroutines.
func (v *validation) gather(cols []*gatherer) {
	// Biggest first, for balance; a struct or list value costs more.
	cost := func(col *gatherer) int {
		n := len(col.k.nodes)
		if col.strs == nil && col.ints == nil {
			n *= 4
		}
		return n
	}
	sort.SliceStable(cols, func(i, j int) bool { return cost(cols[i]) > cost(cols[j]) })
	v.parallel(len(cols), func(enc *encoder, i int) {
		col := cols[i]
		if len(col.steps) > 0 {
			var idx []int32
			for j, n := range col.k.nodes {
				idx = v.findNested(enc, col, n, col.k.insts[j], idx)
			}
			return
		}
		for j, n := range col.k.nodes {
			v.find(enc, col, n, col.k.insts[j], true)
		}
	})
}

// parallel runs f(enc, i) for i in [0, n) on GOMAXPROCS goroutines, each
// with its own encoder. The types f meets must be in v.types already (see
// types.warm): the map is only read.
func (v *validation) parallel(n int, f func(enc *encoder, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(&v.enc, i)
		}
		return
	}
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			enc := &encoder{types: v.types}
			for i := range next {
				f(enc, i)
			}
		}()
	}
	wg.Wait()
}

// occurrences adds to the parts of k's columns that failed every place
// they occur but the first (which gather recorded).
func (v *validation) occurrences(k *kind, failed map[*part]bool) {
	var cols []*gatherer
	for _, col := range k.columns {
		for _, pt := range col.c.parts {
			if failed[pt] {
				cols = append(cols, col)
				break
			}
		}
	}
	if len(cols) == 0 {
		return
	}
	for j, n := range k.nodes {
		id := k.insts[j]
		for _, col := range cols {
			if len(col.steps) > 0 {
				col.walk(n, 0, nil, func(fv reflect.Value, idx []int32) {
					if pt := v.lookup(&v.enc, col, fv, false); pt != nil && failed[pt] && !v.isFirst(pt, id, idx) {
						pt.at = append(pt.at, v.nestedRef(id, col, idx))
					}
				})
				continue
			}
			if pt := v.find(&v.enc, col, n, id, false); pt != nil && failed[pt] && pt.at[0].inst != id {
				pt.at = append(pt.at, ref{inst: id, field: int32(col.i)})
			}
		}
	}
}

// isFirst reports whether the value of a nested column at instance id,
// list indexes idx, is the first occurrence of its part.
func (v *validation) isFirst(pt *part, id int32, idx []int32) bool {
	r := pt.at[0]
	if r.inst != id || r.field > -2 {
		return false
	}
	return slices.Equal(v.nested[-2-r.field].idx, idx)
}

func zeroKey(t reflect.Type) []byte {
	switch t.Kind() {
	case reflect.String:
		return []byte(`""`)
	case reflect.Bool:
		return []byte("false")
	case reflect.Slice:
		return []byte("[]")
	}
	return []byte("0")
}

// fill picks, for each column, a value that validated, to send with the
// parts in place of the field. A column none of whose values validated is
// sent as it is.
func (v *validation) fill(fs []finding) {
	failed := map[*part]bool{}
	for _, f := range fs {
		failed[f.part] = true
		f.part.failed = true
	}
	for _, k := range v.structs {
		v.occurrences(k, failed)
		for _, col := range k.columns {
			m, i := col.m, col.i
			m.modes[i] = keep
			for _, pt := range col.c.parts {
				if failed[pt] {
					m.bad[i] = true
				}
			}
			for _, pt := range col.c.parts {
				if !failed[pt] {
					m.modes[i] = column
					m.fills[i] = pt.tree
					v.enc.buf = v.enc.buf[:0]
					v.enc.value(v.node(pt.at[0]))
					m.fillKeys[i] = append([]byte(nil), v.enc.buf...)
					break
				}
			}
		}
	}
}

// encode turns the occurrences of each kind into distinct parts, a kind
// at a time on GOMAXPROCS goroutines.
func (v *validation) encode() {
	kinds := append([]*kind(nil), v.structs...)
	sort.SliceStable(kinds, func(i, j int) bool { return len(kinds[i].nodes) > len(kinds[j].nodes) })
	v.parallel(len(kinds), func(enc *encoder, i int) {
		k := kinds[i]
		enc.mask = k.mask
		for j, id := range k.insts {
			n := k.nodes[j]
			enc.buf = enc.buf[:0]
			enc.shellKey(n)
			pt := k.index[string(enc.buf)]
			if pt == nil {
				t := v.types.tree(n, true).(map[string]any)
				k.mask.apply(t, n, enc.scratch())
				pt = &part{tree: t}
				k.index[string(enc.buf)] = pt
				k.parts = append(k.parts, pt)
			}
			pt.at = append(pt.at, ref{inst: id, field: -1})
		}
		k.insts, k.nodes, k.columns = nil, nil, nil
		enc.mask = nil
	})
}

// apply puts the fills of a mask in place in the tree t of the struct n,
// but for the values that failed (see mask.bad).
func (m *mask) apply(t map[string]any, n reflect.Value, enc *encoder) {
	for i, mode := range m.modes {
		f := &m.ti.fields[i]
		switch mode {
		case keep:
		case nested:
			fv := n.FieldByIndex(f.index)
			for fv.Kind() == reflect.Pointer && !fv.IsNil() {
				fv = fv.Elem()
			}
			switch x := t[f.name].(type) {
			case map[string]any:
				m.subs[i].apply(x, fv, enc)
			case []any:
				for j, e := range x {
					if e, ok := e.(map[string]any); ok {
						ev := fv.Index(j)
						for ev.Kind() == reflect.Pointer {
							ev = ev.Elem()
						}
						m.subs[i].apply(e, ev, enc)
					}
				}
			}
		default:
			if _, ok := t[f.name]; ok {
				if m.bad[i] && m.gath[i].failed(enc, n.FieldByIndex(f.index)) {
					continue
				}
				t[f.name] = m.fills[i]
			}
		}
	}
}

// failed reports whether CUE found the value fv of the column invalid.
// It uses enc's buffer.
func (col *gatherer) failed(enc *encoder, fv reflect.Value) bool {
	var pt *part
	switch col.kind {
	case reflect.String:
		pt = col.strs[fv.String()]
	case reflect.Int64:
		pt = col.ints[fv.Int()]
	default:
		enc.buf = enc.buf[:0]
		enc.key(fv)
		pt = col.c.index[string(enc.buf)]
	}
	return pt != nil && pt.failed
}

// bucket is one #References check: the apps and sites whose names hash to
// it, and the distinct route backends naming those apps. Duplicate names
// always share a bucket, and so do a backend and the app it names.
type bucket struct {
	apps, sites []int
	backends    []backendRef
}

type backendRef struct {
	app    string
	port   int32
	routes [][2]int // site and route indexes
}

// references returns the kind of the #References checks, in buckets of
// about 256 names (CUE looks fields up by linear search, so one struct of
// 10,000 names costs far more than 40 of 250), or nil if there are none.
// It reads only v.p, and runs while the rest of v is built.
func (v *validation) references() *kind {
	p := v.p
	n := max(1, (len(p.Apps)+len(p.Sites))/256)
	bs := make([]bucket, n)
	hash := func(s string) int {
		// FNV-1a, 32 bits.
		h := uint32(2166136261)
		for i := 0; i < len(s); i++ {
			h ^= uint32(s[i])
			h *= 16777619
		}
		return int(h % uint32(n))
	}
	for i, a := range p.Apps {
		b := &bs[hash(a.Name)]
		b.apps = append(b.apps, i)
	}
	for i, s := range p.Sites {
		b := &bs[hash(s.Name)]
		b.sites = append(b.sites, i)
	}
	type key struct {
		app  string
		port int32
	}
	seen := map[key]int{}
	var refs []backendRef
	for i, s := range p.Sites {
		for j, r := range s.Routes {
			if r == nil || r.Backend == nil {
				continue
			}
			k := key{r.Backend.App, r.Backend.Port}
			x, ok := seen[k]
			if !ok {
				x = len(refs)
				seen[k] = x
				refs = append(refs, backendRef{app: k.app, port: k.port})
			}
			refs[x].routes = append(refs[x].routes, [2]int{i, j})
		}
	}
	for _, r := range refs {
		b := &bs[hash(r.app)]
		b.backends = append(b.backends, r)
	}
	k := &kind{path: "#References"}
	fast := refsModelHolds() && !v.slowRefs
	for i := range bs {
		b := &bs[i]
		if len(b.apps)+len(b.sites)+len(b.backends) == 0 {
			continue
		}
		if fast && b.clean(p) {
			continue
		}
		apps := make([]any, len(b.apps))
		var ports []any
		for j, ai := range b.apps {
			a := p.Apps[ai]
			apps[j] = a.Name
			for _, port := range a.Ports {
				ports = append(ports, a.Name+" "+strconv.Itoa(int(port.Port)))
			}
		}
		sites := make([]any, len(b.sites))
		for j, si := range b.sites {
			sites[j] = p.Sites[si].Name
		}
		backends := make([]any, len(b.backends))
		for j, br := range b.backends {
			backends[j] = map[string]any{"app": br.app, "port": int64(br.port)}
		}
		tree := map[string]any{"apps": apps, "ports": append([]any{}, ports...), "sites": sites, "backends": backends}
		k.parts = append(k.parts, &part{tree: tree, refs: b})
	}
	if len(k.parts) == 0 {
		return nil
	}
	return k
}

// batch is the number of parts of a kind validated as one CUE list.
const batch = 64

// jobs splits the parts of kinds into batches.
func (v *validation) jobs(kinds []*kind) []job {
	var jobs []job
	for _, k := range kinds {
		parts := k.parts
		if k.pred != nil {
			parts = nil
			for _, pt := range k.parts {
				if !pt.valid {
					parts = append(parts, pt)
				}
			}
		}
		for i := 0; i < len(parts); i += batch {
			jobs = append(jobs, job{kind: k, parts: parts[i:min(i+batch, len(parts))]})
		}
	}
	return jobs
}

// pool holds one compiled schema per worker.
type pool struct {
	schemas []*schema
	once    []sync.Once
}

func newPool(workers int) *pool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &pool{schemas: make([]*schema, workers), once: make([]sync.Once, workers)}
}

// schema returns the compiled schema of worker i, compiling it if need be.
func (p *pool) schema(i int) *schema {
	p.once[i].Do(func() {
		if p.schemas[i] == nil {
			p.schemas[i] = mustCompile()
		}
	})
	return p.schemas[i]
}

// warm compiles the schemas in the background.
func (p *pool) warm() {
	for i := range p.schemas {
		go p.schema(i)
	}
}

// run validates the jobs on the pool's workers and returns the findings.
func (p *pool) run(jobs []job) []finding {
	if len(jobs) == 0 {
		return nil
	}
	workers := max(1, min(len(p.schemas), len(jobs)))
	results := make([][]finding, workers)
	next := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s := p.schema(w)
			for j := range next {
				results[w] = s.validate(j, results[w])
			}
		}(w)
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	var out []finding
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

// validate checks a batch of parts against their constraint, as one list.
func (s *schema) validate(j job, out []finding) []finding {
	lc, ok := s.lists[j.kind.path]
	if !ok {
		var c cue.Value
		if j.kind.path == "#References" {
			c = s.refs
		} else {
			c = s.constraint(j.kind.path)
		}
		lc = s.ctx.CompileString("[...]").FillPath(cue.MakePath(cue.AnyIndex), c)
		s.lists[j.kind.path] = lc
	}
	trees := make([]any, len(j.parts))
	for i, pt := range j.parts {
		trees[i] = pt.tree
	}
	list := s.ctx.Encode(trees)
	if err := list.Err(); err != nil {
		panic("schemas: cannot encode a part: " + err.Error())
	}
	err := lc.Unify(list).Validate(cue.Concrete(true), cue.Hidden(true))
	for _, e := range errors.Errors(err) {
		out = append(out, s.finding(j, e))
	}
	return out
}

// finding turns a CUE error into a finding: the part it is about (the
// first label is the part's index in the batch), its path relative to the
// part, its message, and the schema position and rule of the constraint
// that failed.
func (s *schema) finding(j job, e errors.Error) finding {
	path := e.Path()
	if len(path) == 0 {
		panic("schemas: validation error without a path: " + e.Error())
	}
	i, err := strconv.Atoi(path[0])
	if err != nil || i < 0 || i >= len(j.parts) {
		panic("schemas: validation error outside the batch: " + e.Error())
	}
	f := finding{part: j.parts[i]}
	for _, l := range path[1:] {
		if u, err := strconv.Unquote(l); err == nil {
			l = u
		}
		f.labels = append(f.labels, l)
	}
	format, args := e.Msg()
	f.msg = fmt.Sprintf(format, args...)
	poss := append([]token.Pos{e.Position()}, e.InputPositions()...)
	for _, p := range poss {
		if _, ok := s.lines[p.Filename()]; ok {
			f.at = p
			break
		}
	}
	if f.at.IsValid() {
		line := s.lines[f.at.Filename()][f.at.Line()-1]
		if !strings.Contains(line, "error(") {
			f.rule = s.rule(f.at.Filename(), f.at.Line())
		}
	}
	return f
}

// report turns the findings into diagnostics and the set of invalid parts.
func (v *validation) report(fs []finding, rep *diag.Reporter) Invalid {
	inv := Invalid{Apps: map[string]bool{}, Sites: map[string]bool{}}
	for _, f := range fs {
		if f.part.refs != nil {
			v.reportRefs(f, rep, &inv)
			continue
		}
		for _, r := range f.part.at {
			own, pos := v.place(r.inst)
			if r.field <= -2 {
				_, pos = v.nestedNode(r, pos)
			}
			path, pos := v.types.locate(v.node(r), v.path(r), pos, f.labels)
			v.emit(rep, &inv, own, path, pos, f)
		}
	}
	return inv
}

// refChecks maps the checks of #References to the list they are about and
// the field of its elements they concern.
var refChecks = map[string][2]string{
	"_appName":     {"apps", "name"},
	"_siteName":    {"sites", "name"},
	"_backendApp":  {"backends", "app"},
	"_backendPort": {"backends", "port"},
}

// reportRefs reports a #References finding at the apps, sites or routes
// it is about. Its labels are like _appName.3 (see #References).
func (v *validation) reportRefs(f finding, rep *diag.Reporter, inv *Invalid) {
	b := f.part.refs
	p := v.p
	var check [2]string
	i := -1
	if len(f.labels) >= 2 {
		check = refChecks[f.labels[0]]
		if n, err := strconv.Atoi(f.labels[1]); err == nil {
			i = n
		}
	}
	switch {
	case check[0] == "apps" && i >= 0 && i < len(b.apps):
		ai := b.apps[i]
		v.emit(rep, inv, owner{'a', ai}, "apps["+strconv.Itoa(ai)+"]."+check[1], p.Apps[ai].Origin.Pos, f)
	case check[0] == "sites" && i >= 0 && i < len(b.sites):
		si := b.sites[i]
		v.emit(rep, inv, owner{'s', si}, "sites["+strconv.Itoa(si)+"]."+check[1], p.Sites[si].Origin.Pos, f)
	case check[0] == "backends" && i >= 0 && i < len(b.backends):
		for _, sr := range b.backends[i].routes {
			r := p.Sites[sr[0]].Routes[sr[1]]
			pos := p.Sites[sr[0]].Origin.Pos
			if r.Origin.Pos.IsValid() {
				pos = r.Origin.Pos
			}
			if r.Backend.Origin.Pos.IsValid() {
				pos = r.Backend.Origin.Pos
			}
			v.emit(rep, inv, owner{'s', sr[0]}, fmt.Sprintf("sites[%d].routes[%d].backend.%s", sr[0], sr[1], check[1]), pos, f)
		}
	default:
		v.emit(rep, inv, owner{kind: 'p'}, "", diag.Pos{}, f)
	}
}

// emit reports one violation and marks its owner invalid.
func (v *validation) emit(rep *diag.Reporter, inv *Invalid, own owner, path string, pos diag.Pos, f finding) {
	var who string
	switch own.kind {
	case 'a':
		name := v.p.Apps[own.index].Name
		inv.Apps[name] = true
		who = "app " + strconv.Quote(name)
	case 's':
		name := v.p.Sites[own.index].Name
		inv.Sites[name] = true
		who = "site " + strconv.Quote(name)
	default:
		inv.Project = true
		who = "project " + strconv.Quote(v.p.Name)
	}
	var b strings.Builder
	b.WriteString(who)
	if path != "" {
		b.WriteString(", ")
		b.WriteString(path)
	}
	b.WriteString(": ")
	b.WriteString(f.msg)
	if f.rule != "" {
		b.WriteString(": ")
		r := strings.TrimSuffix(f.rule, ".")
		b.WriteString(strings.ToLower(r[:1]) + r[1:])
	}
	v.violations = append(v.violations, violation{path: path, pos: pos, msg: f.msg})
	d := diag.New(diag.SchemaViolation, pos, "%s", b.String())
	if f.at.IsValid() {
		rel := diag.Pos{File: f.at.Filename(), Line: f.at.Line(), Col: f.at.Column()}
		d.Message += " (" + rel.String() + ")"
		d.Related = []diag.Pos{rel}
	}
	rep.Report(d)
}
