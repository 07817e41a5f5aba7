package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/edit"
)

// PolicySource is the name and content of one policy file.
type PolicySource struct {
	Name string
	Data []byte
}

// PolicyError is a problem in a policy file, at a position.
type PolicyError struct {
	Pos diag.Pos
	Msg string
}

func (e *PolicyError) Error() string { return e.Pos.String() + ": " + e.Msg }

// PolicyErrors is the error LoadPolicies and ParsePolicies return when a
// policy file is not a valid policy: every problem found, with its
// position. (An unreadable file is reported with the *os.PathError.)
type PolicyErrors []*PolicyError

func (es PolicyErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Diagnostics returns the problems as diag.PolicyInvalid findings.
func (es PolicyErrors) Diagnostics() []diag.Diagnostic {
	out := make([]diag.Diagnostic, len(es))
	for i, e := range es {
		out[i] = diag.New(diag.PolicyInvalid, e.Pos, "%s", e.Msg)
	}
	return out
}

// Policies are compiled policy files, ready to check objects. They are not
// safe for concurrent use.
type Policies struct {
	ctx    *cue.Context
	policy cue.Value // the policy struct of every file, unified
	lines  map[string][]string
	// prune: no file uses what pruning cannot see (see prunable).
	prune bool
	kinds map[string]*policyKind
}

// policyKind is the policy for one kind of object.
type policyKind struct {
	value cue.Value // the constraint, patterns of policy included
	list  cue.Value // [...value]
	tree  *mentioned
	// checked: the policy's fields were compared with the object type.
	checked bool
}

// LoadPolicies reads and compiles policy files (see the package
// documentation for their form). An unreadable file yields its read error;
// invalid CUE, or a file that declares no policy, yields PolicyErrors with
// positions: the caller should stop (kubelift exits 2).
func LoadPolicies(files []string) (*Policies, error) {
	srcs := make([]PolicySource, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		srcs[i] = PolicySource{Name: f, Data: data}
	}
	return ParsePolicies(srcs)
}

// ParsePolicies compiles policy files given as data; see LoadPolicies.
func ParsePolicies(srcs []PolicySource) (*Policies, error) {
	ps := &Policies{ctx: cuecontext.New(), lines: map[string][]string{}, kinds: map[string]*policyKind{}, prune: true}
	var errs PolicyErrors
	var all cue.Value
	for i, src := range srcs {
		ps.lines[src.Name] = strings.Split(string(src.Data), "\n")
		f, err := parser.ParseFile(src.Name, src.Data, parser.ParseComments)
		if err != nil {
			errs = append(errs, cueErrors(err, src.Name)...)
			continue
		}
		ps.prune = ps.prune && prunable(f)
		v := ps.ctx.BuildFile(f)
		if err := v.Err(); err != nil {
			errs = append(errs, cueErrors(err, src.Name)...)
			continue
		}
		pol := v.LookupPath(cue.MakePath(cue.Str("policy")))
		if !pol.Exists() {
			errs = append(errs, &PolicyError{Pos: diag.Pos{File: src.Name, Line: 1, Col: 1},
				Msg: "the file declares no policy: it must have a top-level field policy whose fields are kinds, e.g. policy: Deployment: {...}"})
			continue
		}
		if k := pol.IncompleteKind(); k != cue.StructKind {
			errs = append(errs, &PolicyError{Pos: toPos(pol.Pos(), src.Name), Msg: fmt.Sprintf("policy must be a struct of kinds, not %v", k)})
			continue
		}
		if err := pol.Validate(); err != nil {
			errs = append(errs, cueErrors(err, src.Name)...)
			continue
		}
		if i == 0 || !all.Exists() {
			all = pol
			continue
		}
		u := all.Unify(pol)
		if err := u.Validate(); err != nil {
			for _, e := range cueErrors(err, src.Name) {
				e.Msg = "this policy conflicts with another policy file: " + e.Msg
				errs = append(errs, e)
			}
			continue
		}
		all = u
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if !all.Exists() {
		all = ps.ctx.CompileString("{}")
	}
	ps.policy = all
	return ps, nil
}

// cueErrors turns a CUE error into PolicyErrors, positioned in file when
// CUE gives no position.
func cueErrors(err error, file string) PolicyErrors {
	var out PolicyErrors
	for _, e := range errors.Errors(err) {
		format, args := e.Msg()
		msg := fmt.Sprintf(format, args...)
		if p := e.Path(); len(p) > 0 {
			msg = strings.Join(p, ".") + ": " + msg
		}
		out = append(out, &PolicyError{Pos: toPos(e.Position(), file), Msg: msg})
	}
	if len(out) == 0 {
		out = append(out, &PolicyError{Pos: diag.Pos{File: file}, Msg: err.Error()})
	}
	return out
}

func toPos(p token.Pos, file string) diag.Pos {
	if !p.IsValid() {
		return diag.Pos{File: file, Line: 1, Col: 1}
	}
	return diag.Pos{File: p.Filename(), Line: p.Line(), Col: p.Column()}
}

// Kinds returns the kinds the policies name, sorted.
func (ps *Policies) Kinds() []string {
	var out []string
	it, err := ps.policy.Fields(cue.Optional(true))
	if err != nil {
		return nil
	}
	for it.Next() {
		out = append(out, it.Selector().Unquoted())
	}
	sort.Strings(out)
	return out
}

// PolicyObject is one emitted object to check.
type PolicyObject struct {
	Kind, Namespace, Name string
	// Obj is the typed object (a k8s.io/api struct, as kube.Object.Obj):
	// it is marshalled with encoding/json, and its Go type tells which
	// fields exist. Without Obj, JSON is the object and field names are
	// not checked.
	Obj  any
	JSON []byte
	// Pos, when valid, is where the findings about the object point (the
	// legacy origin of its app or site); otherwise they point at the
	// policy line.
	Pos diag.Pos
}

// Check checks every object against the policy for its kind, and reports
// each violation as diag.PolicyViolation: the object's kind and name, the
// field path in the object and the policy's position. A policy that
// constrains a field the object's Go type does not have is reported once
// as diag.PolicyUnknownField. An object that cannot be marshalled is
// reported as a violation too.
func (ps *Policies) Check(objs []PolicyObject, rep *diag.Reporter) {
	ps.checkKinds(objs, rep)
	byKind := map[string][]int{}
	var order []string
	for i, o := range objs {
		if _, ok := byKind[o.Kind]; !ok {
			order = append(order, o.Kind)
		}
		byKind[o.Kind] = append(byKind[o.Kind], i)
	}
	for _, kind := range order {
		pk := ps.kind(kind)
		if pk == nil {
			continue
		}
		idx := byKind[kind]
		if !pk.checked {
			for _, i := range idx {
				if objs[i].Obj != nil {
					ps.checkFields(kind, pk, reflect.TypeOf(objs[i].Obj), rep)
					break
				}
			}
			pk.checked = true
		}
		ps.checkObjects(pk, objs, idx, rep)
	}
}

// knownKinds are kinds a policy may name without any object of that kind
// in the run.
var knownKinds = map[string]bool{
	"Namespace": true, "ServiceAccount": true, "ConfigMap": true, "Secret": true, "ExternalSecret": true,
	"PersistentVolumeClaim": true, "Service": true, "Deployment": true, "StatefulSet": true, "DaemonSet": true,
	"Job": true, "CronJob": true, "HorizontalPodAutoscaler": true, "PodDisruptionBudget": true, "Ingress": true,
	"NetworkPolicy": true, "Role": true, "RoleBinding": true, "Gateway": true, "HTTPRoute": true, "GRPCRoute": true,
}

// checkKinds warns about policies for kinds no object has and kubelift
// does not know.
func (ps *Policies) checkKinds(objs []PolicyObject, rep *diag.Reporter) {
	seen := map[string]bool{}
	for _, o := range objs {
		seen[o.Kind] = true
	}
	it, err := ps.policy.Fields(cue.Optional(true))
	if err != nil {
		return
	}
	for it.Next() {
		k := it.Selector().Unquoted()
		if !seen[k] && !knownKinds[k] {
			rep.Add(diag.PolicyUnknownField, ps.pos(it.Value().Pos()), "policy for kind %s: no object has this kind, and it is not a Kubernetes kind kubelift knows (kinds are singular and capitalised: Deployment, Ingress)", k)
		}
	}
}

// kind returns the policy for a kind, nil if there is none.
func (ps *Policies) kind(kind string) *policyKind {
	if pk, ok := ps.kinds[kind]; ok {
		return pk
	}
	// Unify with {kind: _} so that pattern constraints ([string]: …) apply.
	sel := cue.MakePath(cue.Str(kind))
	v := ps.policy.Unify(ps.ctx.CompileString("{}").FillPath(sel, ps.ctx.CompileString("_"))).LookupPath(sel)
	var pk *policyKind
	if v.Exists() && !isTop(v) {
		pk = &policyKind{value: v, list: ps.ctx.CompileString("[...]").FillPath(cue.MakePath(cue.AnyIndex), v)}
		if ps.prune {
			pk.tree = mention(v)
		}
	}
	ps.kinds[kind] = pk
	return pk
}

func isTop(v cue.Value) bool {
	op, _ := v.Expr()
	return op == cue.NoOp && v.IncompleteKind() == cue.TopKind && !v.IsConcrete()
}

// checkObjects validates objects of one kind, each distinct (pruned)
// object once, in batches.
func (ps *Policies) checkObjects(pk *policyKind, objs []PolicyObject, idx []int, rep *diag.Reporter) {
	type entry struct {
		tree any
		at   []int
	}
	var entries []*entry
	byKey := map[string]*entry{}
	for _, i := range idx {
		o := &objs[i]
		tree, err := objectTree(o)
		if err != nil {
			rep.Add(diag.PolicyViolation, o.Pos, "%s: cannot be checked: %v", objectName(o), err)
			continue
		}
		if pk.tree != nil {
			tree = pk.tree.prune(tree)
		}
		key, _ := json.Marshal(tree)
		e := byKey[string(key)]
		if e == nil {
			e = &entry{tree: tree}
			byKey[string(key)] = e
			entries = append(entries, e)
		}
		e.at = append(e.at, i)
	}
	for start := 0; start < len(entries); start += batch {
		part := entries[start:min(start+batch, len(entries))]
		trees := make([]any, len(part))
		for i, e := range part {
			trees[i] = e.tree
		}
		err := pk.list.Unify(ps.ctx.Encode(trees)).Validate(cue.Concrete(true))
		failed := make([][]errors.Error, len(part))
		for _, e := range errors.Errors(err) {
			path := e.Path()
			n := -1
			if len(path) > 0 {
				n, _ = strconv.Atoi(path[0])
			}
			if n < 0 || n >= len(part) {
				continue
			}
			failed[n] = append(failed[n], e)
		}
		for n, es := range failed {
			if len(es) == 0 {
				continue
			}
			for _, e := range es {
				ps.reportViolation(objs, part[n].at, e, rep)
			}
			ps.recheck(pk, part[n].tree, es, func(e errors.Error) {
				ps.reportViolation(objs, part[n].at, e, rep)
			})
		}
	}
}

// recheck looks for the violations CUE did not report: once a value
// conflicts with the policy, CUE does not look for missing required fields
// beside it. The conflicting values are taken out of the object and it is
// checked again, without requiring concrete values (so that the removed
// fields do not count as missing); each required field found missing then
// goes to report. Other findings of that check are not reported: taking
// values out can break policies that refer to them.
func (ps *Policies) recheck(pk *policyKind, tree any, errs []errors.Error, report func(errors.Error)) {
	removed := false
	for _, e := range errs {
		if t, ok := without(tree, e.Path()[1:]); ok {
			tree, removed = t, true
		}
	}
	if !removed {
		return
	}
	seen := map[string]bool{}
	for _, e := range errs {
		seen[strings.Join(e.Path(), "\x00")] = true
	}
	err := pk.list.Unify(ps.ctx.Encode([]any{tree})).Validate(cue.Final())
	for _, e := range errors.Errors(err) {
		p := e.Path()
		if len(p) == 0 || p[0] != "0" || seen[strings.Join(p, "\x00")] {
			continue
		}
		if format, _ := e.Msg(); format != requiredMissing {
			continue
		}
		report(e)
	}
}

// requiredMissing is CUE's message for a required field (field!) that an
// object does not have.
const requiredMissing = "field is required but not present"

// without returns tree without the value at path (object keys and list
// indexes), copying what it changes; ok is false when there is no value.
func without(tree any, path []string) (any, bool) {
	if len(path) == 0 {
		return nil, false
	}
	switch x := tree.(type) {
	case map[string]any:
		k := path[0]
		v, ok := x[k]
		if !ok {
			if u, err := strconv.Unquote(k); err == nil {
				k = u
				v, ok = x[k]
			}
		}
		if !ok {
			return tree, false
		}
		y := make(map[string]any, len(x))
		for kk, vv := range x {
			y[kk] = vv
		}
		if len(path) == 1 {
			delete(y, k)
			return y, true
		}
		sub, ok := without(v, path[1:])
		if !ok {
			return tree, false
		}
		y[k] = sub
		return y, true
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(x) || len(path) == 1 {
			// A list element is not taken out: the indexes would move.
			return tree, false
		}
		sub, ok := without(x[i], path[1:])
		if !ok {
			return tree, false
		}
		y := append([]any(nil), x...)
		y[i] = sub
		return y, true
	}
	return tree, false
}

// reportViolation reports CUE error e, about the objects at, as
// diag.PolicyViolation.
func (ps *Policies) reportViolation(objs []PolicyObject, at []int, e errors.Error, rep *diag.Reporter) {
	format, args := e.Msg()
	msg := fmt.Sprintf(format, args...)
	pat := ps.policyPos(e)
	field := fieldPath(e.Path()[1:])
	for _, i := range at {
		o := &objs[i]
		var b strings.Builder
		b.WriteString(objectName(o))
		if field != "" {
			b.WriteString(", ")
			b.WriteString(field)
		}
		b.WriteString(": ")
		b.WriteString(msg)
		if pat.IsValid() {
			if r := ps.rule(pat); r != "" {
				b.WriteString(": ")
				b.WriteString(r)
			}
			b.WriteString(" (policy " + pat.String() + ")")
		}
		pos := o.Pos
		if !pos.IsValid() {
			pos = pat
		}
		d := diag.New(diag.PolicyViolation, pos, "%s", b.String())
		if pat.IsValid() && pos != pat {
			d.Related = []diag.Pos{pat}
		}
		rep.Report(d)
	}
}

func objectName(o *PolicyObject) string {
	if o.Namespace != "" {
		return o.Kind + " " + o.Namespace + "/" + o.Name
	}
	return o.Kind + " " + o.Name
}

// fieldPath formats CUE path labels as a field path: spec.rules[0].host.
func fieldPath(labels []string) string {
	var b strings.Builder
	for _, l := range labels {
		if u, err := strconv.Unquote(l); err == nil {
			l = u
		}
		if _, err := strconv.Atoi(l); err == nil {
			b.WriteString("[" + l + "]")
			continue
		}
		// A key with dots or slashes (an annotation, a label) is
		// written as in kubectl's JSONPath: annotations["a.b/c"].
		if strings.ContainsAny(l, "./ ") {
			b.WriteString("[" + strconv.Quote(l) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(l)
	}
	return b.String()
}

// policyPos returns the position in a policy file of the constraint an
// error is about.
func (ps *Policies) policyPos(e errors.Error) diag.Pos {
	for _, p := range append([]token.Pos{e.Position()}, e.InputPositions()...) {
		if _, ok := ps.lines[p.Filename()]; ok {
			return diag.Pos{File: p.Filename(), Line: p.Line(), Col: p.Column()}
		}
	}
	return diag.Pos{}
}

func (ps *Policies) pos(p token.Pos) diag.Pos {
	if _, ok := ps.lines[p.Filename()]; ok {
		return diag.Pos{File: p.Filename(), Line: p.Line(), Col: p.Column()}
	}
	return diag.Pos{}
}

// rule returns the comment just above a policy line, as the rule it states.
func (ps *Policies) rule(p diag.Pos) string {
	ls := ps.lines[p.File]
	var parts []string
	for i := p.Line - 2; i >= 0 && i < len(ls); i-- {
		l := strings.TrimSpace(ls[i])
		if !strings.HasPrefix(l, "//") {
			break
		}
		parts = append([]string{strings.TrimSpace(strings.TrimPrefix(l, "//"))}, parts...)
	}
	r := strings.TrimSuffix(strings.Join(parts, " "), ".")
	if r != "" {
		r = strings.ToLower(r[:1]) + r[1:]
	}
	return r
}

// objectTree returns an object as JSON values (maps, slices, strings,
// int64, float64, bool), nulls left out as in the written manifests.
func objectTree(o *PolicyObject) (any, error) {
	data := o.JSON
	if o.Obj != nil {
		var err error
		if data, err = json.Marshal(o.Obj); err != nil {
			return nil, err
		}
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return clean(v), nil
}

// clean drops nulls and turns json.Numbers into int64 or float64.
func clean(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			x[k] = clean(e)
		}
	case []any:
		for i, e := range x {
			x[i] = clean(e)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

// mentioned is the tree of fields a policy names: Validate sends only
// those parts of an object to CUE. all keeps the whole subtree (a leaf of
// the policy, or a level with a pattern constraint); elem applies to every
// element of a list.
type mentioned struct {
	all    bool
	fields map[string]*mentioned
	elem   *mentioned
}

// mention builds the tree of what policy value v names.
func mention(v cue.Value) *mentioned {
	m := &mentioned{}
	switch v.IncompleteKind() {
	case cue.StructKind:
		if v.LookupPath(cue.MakePath(cue.AnyString)).Exists() {
			m.all = true
			return m
		}
		it, err := v.Fields(cue.Optional(true))
		if err != nil {
			m.all = true
			return m
		}
		m.fields = map[string]*mentioned{}
		for it.Next() {
			m.fields[it.Selector().Unquoted()] = mention(it.Value())
		}
		if len(m.fields) == 0 {
			m.all = true
		}
	case cue.ListKind:
		if n, err := v.Len().Int64(); err == nil && n > 0 {
			m.all = true // a list with fixed elements
			return m
		}
		if e := v.LookupPath(cue.MakePath(cue.AnyIndex)); e.Exists() {
			m.elem = mention(e)
		} else {
			m.all = true
		}
	default:
		m.all = true
	}
	return m
}

// prune keeps the parts of x that m names.
func (m *mentioned) prune(x any) any {
	if m == nil || m.all {
		return x
	}
	switch x := x.(type) {
	case map[string]any:
		if m.fields == nil {
			return x
		}
		out := make(map[string]any, len(m.fields))
		for k, sub := range m.fields {
			if e, ok := x[k]; ok {
				out[k] = sub.prune(e)
			}
		}
		return out
	case []any:
		if m.elem == nil {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = m.elem.prune(e)
		}
		return out
	}
	return x
}

// prunable reports whether a policy file constrains fields only by what
// it names: no comprehensions, lets, aliases, references to other fields
// or definitions (which may be closed). Other files are checked on whole
// objects, which is slower but sees everything.
func prunable(f *ast.File) bool {
	ok := true
	imports := map[string]bool{}
	for spec := range f.ImportSpecs() {
		p, _ := strconv.Unquote(spec.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if spec.Name != nil {
			name = spec.Name.Name
		}
		imports[name] = true
	}
	predeclared := map[string]bool{
		"string": true, "int": true, "float": true, "number": true, "bool": true, "bytes": true, "null": true, "_": true,
		"len": true, "and": true, "or": true, "div": true, "mod": true, "quo": true, "rem": true, "error": true,
		"int8": true, "int16": true, "int32": true, "int64": true, "uint": true, "uint8": true, "uint16": true,
		"uint32": true, "uint64": true, "float32": true, "float64": true, "rune": true, "true": true, "false": true,
	}
	ast.Walk(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Comprehension, *ast.LetClause, *ast.Alias, *ast.PostfixAlias:
			ok = false
		case *ast.Field:
			if n.Alias != nil {
				ok = false
			}
			if labelName(n.Label) == "" {
				ok = false
			}
			if n.Value != nil {
				ok = ok && prunableExpr(n.Value, imports, predeclared)
			}
			return false
		case *ast.ImportDecl, *ast.Package:
			return false
		}
		return true
	}, nil)
	return ok
}

func prunableExpr(x ast.Node, imports, predeclared map[string]bool) bool {
	ok := true
	ast.Walk(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Comprehension, *ast.LetClause, *ast.Alias, *ast.PostfixAlias:
			ok = false
		case *ast.Field:
			if n.Alias != nil || labelName(n.Label) == "" {
				ok = false
			}
			if n.Value != nil {
				ok = ok && prunableExpr(n.Value, imports, predeclared)
			}
			return false
		case *ast.SelectorExpr:
			if id, isID := n.X.(*ast.Ident); isID && imports[id.Name] {
				return false
			}
			ok = false
		case *ast.Ident:
			if !predeclared[n.Name] {
				ok = false
			}
		}
		return true
	}, nil)
	return ok
}

// checkFields reports the fields the policy for kind names that objects of
// Go type t do not have.
func (ps *Policies) checkFields(kind string, pk *policyKind, t reflect.Type, rep *diag.Reporter) {
	var walk func(v cue.Value, t reflect.Type, path string)
	walk = func(v cue.Value, t reflect.Type, path string) {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil || opaque(t) {
			return
		}
		switch v.IncompleteKind() {
		case cue.StructKind:
			it, err := v.Fields(cue.Optional(true))
			if err != nil {
				return
			}
			for it.Next() {
				name := it.Selector().Unquoted()
				p := name
				if path != "" {
					p = path + "." + name
				}
				switch t.Kind() {
				case reflect.Map:
					walk(it.Value(), t.Elem(), p)
				case reflect.Struct:
					ft, ok := jsonField(t, name)
					if !ok {
						rep.Add(diag.PolicyUnknownField, ps.pos(it.Value().Pos()), "policy for %s constrains %s, but %s objects have no such field%s", kind, p, kind, suggest(t, name))
						continue
					}
					walk(it.Value(), ft, p)
				default:
					rep.Add(diag.PolicyUnknownField, ps.pos(it.Value().Pos()), "policy for %s constrains %s, but %s is not an object in %s objects", kind, p, path, kind)
				}
			}
		case cue.ListKind:
			if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
				return
			}
			if e := v.LookupPath(cue.MakePath(cue.AnyIndex)); e.Exists() {
				walk(e, t.Elem(), path+"[]")
			}
		}
	}
	walk(pk.value, t, "")
}

// opaque reports whether a Go type marshals itself (metav1.Time,
// resource.Quantity, intstr.IntOrString) or holds anything: its fields are
// not checked.
func opaque(t reflect.Type) bool {
	if t.Kind() == reflect.Interface {
		return true
	}
	m := reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	return t.Implements(m) || reflect.PointerTo(t).Implements(m)
}

// jsonField returns the type of the JSON field name of struct type t,
// following encoding/json's rules for tags and embedded structs.
func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		n, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && n == "" && ft.Kind() == reflect.Struct || strings.Contains(","+opts+",", ",inline,") {
			if x, ok := jsonField(ft, name); ok {
				return x, true
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if n == "" {
			n = f.Name
		}
		if n == name {
			return f.Type, true
		}
	}
	return nil, false
}

// suggest names a field of t close to name, if there is one.
func suggest(t reflect.Type, name string) string {
	best, bestD := "", 3
	var names []string
	var collect func(t reflect.Type)
	collect = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			n, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if f.Anonymous && n == "" && ft.Kind() == reflect.Struct || strings.Contains(","+opts+",", ",inline,") {
				collect(ft)
				continue
			}
			if n != "" && n != "-" {
				names = append(names, n)
			}
		}
	}
	collect(t)
	for _, n := range names {
		if d := edit.Distance(strings.ToLower(n), strings.ToLower(name)); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}
