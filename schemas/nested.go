package schemas

import (
	"reflect"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/token"
)

// This file extends the analysis of analyze.go below the fields of a part:
// nested columns. A workload holds containers, their environment, probes
// and mounts; its constraints relate some of their fields (the container
// names, the volumes the mounts name), so the containers are no column, and
// each app's workload, which differs from the others only in an image, a
// secret name or an environment value, is a part of its own. But those
// constraints read only a few paths of the containers (c.name in
// `for c in containers`), so the other fields of a container (its image, its
// environment) are read by no constraint but their own, and are columns
// like the fields of a part: their distinct values are checked on their
// own, and the part is sent with a valid value in their place.
//
// A field of a part that a constraint of the part reads only in part, or
// that is a column without a fast path, and holds a struct or a list of
// structs, is nested: its struct (or its elements) gets modes of its own,
// a level. A field of a level is a column when no constraint of the part
// reads it or a struct holding it, other than by testing its presence or a
// list's length (which a value in its place keeps), when its own
// constraint reads nothing but definitions, and when it is not declared in
// a comprehension. The reads are found by following the syntax: a field's
// name, selectors on it (c.name), for clauses over it (for c in
// containers), len of it; anything else reads the whole field. The
// analysis gives up on a level (every field kept) at anything it does not
// know: an alias, a dynamic or pattern label, a disjunction of structs, a
// list whose first elements are constrained unlike the others, a reference
// it cannot resolve.

// nested: the field holds a struct, or a list of structs, whose fields
// have modes of their own (see layout).
const nested fieldMode = 3

// layout says how the fields of a struct are sent: their modes, and the
// layout of the struct (or elements) of each nested field.
type layout struct {
	t     reflect.Type
	path  string // the struct's schema path
	modes []fieldMode
	subs  []*layout
}

// maxLevels bounds the depth of nested columns.
const maxLevels = 6

// layout returns the layout of the parts of Go type t at schema path:
// the modes of modes, with nested fields where the analysis finds nested
// columns.
func (s *schema) layout(ts types, t reflect.Type, path string) *layout {
	l := &layout{t: t, path: path, modes: s.modes(ts, t, path)}
	l.subs = make([]*layout, len(l.modes))
	lits, ok := s.partLevelLits(t, path)
	if !ok || !plainLevel(lits) {
		return l
	}
	ti := ts.info(t)
	for i, f := range ti.fields {
		if f.origin || f.split {
			continue
		}
		ft := t.FieldByIndex(f.index).Type
		if _, ok := structElem(ft); !ok {
			continue
		}
		switch l.modes[i] {
		case keep:
		case column:
			if s.compileColumn(path, t.Name(), f.name) != nil {
				continue // a column with a fast path is cheaper whole
			}
		default:
			continue
		}
		if sub := s.descend(ts, lits, f.name, ft, path, nil, 1); sub != nil {
			l.modes[i] = nested
			l.subs[i] = sub
		}
	}
	return l
}

// structElem returns the struct type a field of type t holds: t itself, the
// type it points to, or its elements' (pointed to) type.
func structElem(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t, t.Kind() == reflect.Struct && t != originType
}

// descend returns the layout of field name (of Go type ft) of a level with
// struct literals lits at schema path path, given the reads of the field
// made by the levels above (relative to the field), or nil when none of
// its fields is sent otherwise than as it is.
func (s *schema) descend(ts types, lits []*ast.StructLit, name string, ft reflect.Type, path string, inherited [][]string, depth int) *layout {
	if depth > maxLevels {
		return nil
	}
	et, ok := structElem(ft)
	if !ok {
		return nil
	}
	reads, ok := fieldReads(lits, name, ft)
	if !ok {
		return nil
	}
	reads = append(reads, inherited...)
	elem := ft.Kind() == reflect.Slice
	var child [][]string
	for _, r := range reads {
		switch {
		case len(r) == 0:
			return nil // the whole field is read
		case r[0] == lenStep:
			// Its length (or number of fields): kept.
		case elem && r[0] == elemStep:
			child = append(child, r[1:])
		case elem:
			return nil
		default:
			child = append(child, r)
		}
	}
	for _, l := range lits {
		if declaredInComprehension(l, name) {
			return nil
		}
	}
	childPath := path + "." + name
	if elem {
		childPath += elemStep
	}
	clits, ok := s.childLits(et, lits, name, elem)
	if !ok {
		return nil
	}
	return s.level(ts, et, childPath, clits, child, depth)
}

// level returns the layout of a struct of Go type t at schema path, with
// struct literals lits, given the reads of its fields from above, or nil.
func (s *schema) level(ts types, t reflect.Type, path string, lits []*ast.StructLit, reads [][]string, depth int) *layout {
	if !plainLevel(lits) {
		return nil
	}
	ti := ts.info(t)
	l := &layout{t: t, path: path, modes: make([]fieldMode, len(ti.fields)), subs: make([]*layout, len(ti.fields))}
	if _, ok := s.tryConstraint(path); !ok {
		return nil
	}
	some := false
	for i, f := range ti.fields {
		if f.origin || f.split {
			continue
		}
		var inherited [][]string
		whole := false
		for _, r := range reads {
			switch {
			case len(r) == 0:
				return nil
			case r[0] == lenStep:
			case r[0] == f.name:
				if len(r) == 1 {
					whole = true
				}
				inherited = append(inherited, r[1:])
			}
		}
		if whole {
			continue
		}
		ft := t.FieldByIndex(f.index).Type
		own, ok := fieldReads(lits, f.name, ft)
		if !ok {
			continue
		}
		inComp := false
		for _, lit := range lits {
			inComp = inComp || declaredInComprehension(lit, f.name)
		}
		if inComp {
			continue
		}
		if len(own) == 0 && len(inherited) == 0 && s.selfContained(lits, f.name) {
			c, ok := s.tryConstraint(path + "." + f.name)
			if !ok {
				continue
			}
			gt := goType(ft)
			if gt != "" && c.Subsume(s.ctx.CompileString(gt)) == nil {
				l.modes[i] = blank
				some = true
				continue
			}
			l.modes[i] = column
			some = true
			if _, isStruct := structElem(ft); !isStruct || s.compileColumn(path, t.Name(), f.name) != nil {
				continue
			}
		}
		if sub := s.descend(ts, lits, f.name, ft, path, inherited, depth+1); sub != nil {
			l.modes[i] = nested
			l.subs[i] = sub
			some = true
		}
	}
	if !some {
		return nil
	}
	return l
}

// tryConstraint is constraint, reporting a path the schema has no
// constraint at instead of panicking.
func (s *schema) tryConstraint(path string) (v cue.Value, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return s.constraint(path), true
}

// plainLevel reports whether the literals of a level declare only fields
// with static names and no aliases, embed only what structLits followed,
// and hold nothing else the analysis does not know.
func plainLevel(lits []*ast.StructLit) bool {
	for _, l := range lits {
		for _, d := range l.Elts {
			switch d := d.(type) {
			case *ast.Field:
				if d.Alias != nil || labelName(d.Label) == "" {
					return false
				}
				if _, ok := d.Label.(*ast.Alias); ok {
					return false
				}
			case *ast.EmbedDecl:
				switch d.Expr.(type) {
				case *ast.StructLit, *ast.Ident:
				default:
					return false
				}
			case *ast.Comprehension, *ast.LetClause, *ast.Attribute, *ast.CommentGroup, *ast.Ellipsis:
			default:
				return false
			}
		}
	}
	return true
}

// declaredInComprehension reports whether a comprehension of a literal
// declares the field name: its constraint then depends on the data.
func declaredInComprehension(l *ast.StructLit, name string) bool {
	for _, d := range l.Elts {
		c, ok := d.(*ast.Comprehension)
		if !ok {
			continue
		}
		found := false
		ast.Walk(c.Value, func(n ast.Node) bool {
			if f, ok := n.(*ast.Field); ok && labelName(f.Label) == name {
				found = true
			}
			return !found
		}, nil)
		if found {
			return true
		}
	}
	return false
}

// selfContained reports whether every declaration of field name in lits
// refers only to top-level definitions and predeclared identifiers: its
// constraint does not depend on the data around it.
func (s *schema) selfContained(lits []*ast.StructLit, name string) bool {
	ok := true
	for _, l := range lits {
		for _, d := range l.Elts {
			f, isField := d.(*ast.Field)
			if !isField || labelName(f.Label) != name {
				continue
			}
			ast.Walk(f.Value, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Field:
					if labelName(n.Label) == "" {
						ok = false
					}
					if n.Value != nil {
						ast.Walk(n.Value, nil, func(m ast.Node) {
							if id, isID := m.(*ast.Ident); isID && !s.global(id) {
								ok = false
							}
						})
					}
					return false
				case *ast.SelectorExpr:
					ast.Walk(n.X, nil, func(m ast.Node) {
						if id, isID := m.(*ast.Ident); isID && !s.global(id) {
							ok = false
						}
					})
					return false
				case *ast.Ident:
					if !s.global(n) {
						ok = false
					}
				case *ast.Comprehension, *ast.LetClause, *ast.Alias:
					ok = false
				}
				return ok
			}, nil)
		}
	}
	return ok
}

// global reports whether an identifier names a top-level definition of the
// package or a predeclared identifier (a type, _, a builtin).
func (s *schema) global(id *ast.Ident) bool {
	if strings.HasPrefix(id.Name, "#") {
		if _, ok := s.defs[id.Name]; !ok {
			return false
		}
		// Resolved in its file, or another file's (unresolved).
		_, file := id.Scope.(*ast.File)
		return id.Scope == nil || file
	}
	if id.Node != nil || id.Scope != nil {
		return false
	}
	switch id.Name {
	case "_", "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "number", "float", "bytes", "null":
		return true
	}
	return false
}

// partLevelLits returns the struct literals of the parts of Go type t at
// schema path, as partLits does, but reports any it cannot resolve.
func (s *schema) partLevelLits(t reflect.Type, path string) ([]*ast.StructLit, bool) {
	seen := map[ast.Node]bool{}
	lits, ok := s.strictLits(&ast.Ident{Name: "#" + t.Name()}, nil, nil, seen)
	if !ok || len(lits) == 0 {
		return nil, false
	}
	if i := strings.LastIndex(path, "."); i > 0 {
		parentPath, f := path[:i], path[i+1:]
		elem := strings.HasSuffix(f, elemStep)
		f = strings.TrimSuffix(f, elemStep)
		pt := s.parentType(parentPath)
		if pt == "" {
			return nil, false
		}
		plits, ok := s.strictLits(&ast.Ident{Name: pt}, nil, nil, map[ast.Node]bool{})
		if !ok {
			return nil, false
		}
		vals, ok := strictFieldValues(plits, f, elem)
		if !ok {
			return nil, false
		}
		for _, v := range vals {
			if lits, ok = s.strictLits(v, plits, lits, seen); !ok {
				return nil, false
			}
		}
	}
	return lits, true
}

// childLits returns the struct literals of field name (its elements, when
// elem) of a level with literals lits: those of #T for its Go type t, and
// those the level gives the field.
func (s *schema) childLits(t reflect.Type, lits []*ast.StructLit, name string, elem bool) ([]*ast.StructLit, bool) {
	seen := map[ast.Node]bool{}
	out, ok := s.strictLits(&ast.Ident{Name: "#" + t.Name()}, nil, nil, seen)
	if !ok || len(out) == 0 {
		return nil, false
	}
	vals, ok := strictFieldValues(lits, name, elem)
	if !ok || len(vals) == 0 {
		return nil, false
	}
	for _, v := range vals {
		if out, ok = s.strictLits(v, lits, out, seen); !ok {
			return nil, false
		}
	}
	return out, true
}

// strictFieldValues is fieldValues, reporting list values it does not
// understand: a list whose first elements are constrained unlike the
// rest (the constraint at "[]" would not be theirs), or not a literal.
func strictFieldValues(lits []*ast.StructLit, name string, elem bool) ([]ast.Expr, bool) {
	vs := namedValues(lits, name)
	if !elem {
		return vs, true
	}
	var out []ast.Expr
	for _, v := range vs {
		es, ok := strictListElems(v)
		if !ok {
			return nil, false
		}
		out = append(out, es...)
	}
	return out, true
}

// strictListElems returns the element constraint of a list expression:
// [...X] or [X, ..., ...X], or an & of those.
func strictListElems(x ast.Expr) ([]ast.Expr, bool) {
	switch x := x.(type) {
	case *ast.ListLit:
		n := len(x.Elts)
		if n == 0 {
			return nil, false
		}
		el, ok := x.Elts[n-1].(*ast.Ellipsis)
		if !ok || el.Type == nil {
			return nil, false
		}
		for _, e := range x.Elts[:n-1] {
			if !sameIdent(e, el.Type) {
				return nil, false
			}
		}
		return []ast.Expr{el.Type}, true
	case *ast.BinaryExpr:
		if x.Op != token.AND {
			return nil, false
		}
		a, ok1 := strictListElems(x.X)
		b, ok2 := strictListElems(x.Y)
		return append(a, b...), ok1 && ok2
	case *ast.ParenExpr:
		return strictListElems(x.X)
	}
	return nil, false
}

func sameIdent(a, b ast.Expr) bool {
	x, ok1 := a.(*ast.Ident)
	y, ok2 := b.(*ast.Ident)
	return ok1 && ok2 && x.Name == y.Name && x.Node == y.Node && x.Scope == y.Scope
}

// strictLits is structLits, reporting what it cannot follow. A reference
// is followed when it names a top-level definition, or a field of the
// literals scope (all its declarations there).
func (s *schema) strictLits(x ast.Expr, scope []*ast.StructLit, out []*ast.StructLit, seen map[ast.Node]bool) ([]*ast.StructLit, bool) {
	if x == nil {
		return out, false
	}
	if seen[x] {
		return out, true
	}
	seen[x] = true
	ok := true
	switch x := x.(type) {
	case *ast.StructLit:
		out = append(out, x)
		for _, d := range x.Elts {
			if e, isEmbed := d.(*ast.EmbedDecl); isEmbed && ok {
				out, ok = s.strictLits(e.Expr, scope, out, seen)
			}
		}
	case *ast.BinaryExpr:
		if x.Op != token.AND {
			return out, false
		}
		out, ok = s.strictLits(x.X, scope, out, seen)
		if ok {
			out, ok = s.strictLits(x.Y, scope, out, seen)
		}
	case *ast.ParenExpr:
		out, ok = s.strictLits(x.X, scope, out, seen)
	case *ast.Ident:
		if x.Name == "_" && s.global(x) {
			return out, true
		}
		if strings.HasPrefix(x.Name, "#") && s.global(x) {
			for _, v := range s.defs[x.Name] {
				if out, ok = s.strictLits(v, nil, out, seen); !ok {
					return out, false
				}
			}
			return out, len(s.defs[x.Name]) > 0
		}
		in := false
		for _, l := range scope {
			in = in || x.Scope == l
		}
		if !in || x.Node == nil {
			return out, false
		}
		vals, _ := strictFieldValues(scope, x.Name, false)
		if len(vals) == 0 {
			return out, false
		}
		for _, v := range vals {
			if out, ok = s.strictLits(v, scope, out, seen); !ok {
				return out, false
			}
		}
	default:
		return out, false
	}
	return out, ok
}

// The steps of a read path: a field name, any element of a list, or the
// length of what the path leads to.
const (
	elemStep = "[]"
	lenStep  = "#len"
)

// fieldReads returns what the constraints of a level (its literals) read
// of its field name, of Go type t: paths relative to the field (nil: the
// whole field), or false when it cannot tell.
func fieldReads(lits []*ast.StructLit, name string, t reflect.Type) ([][]string, bool) {
	r := &reader{target: name, t: t, vars: map[string][]string{}, ok: true}
	for _, l := range lits {
		r.node(l)
	}
	return r.reads, r.ok
}

// reader finds the reads of one field in syntax.
type reader struct {
	target string
	t      reflect.Type // the field's Go type
	// vars maps the variables of the enclosing for clauses that range
	// over (part of) the field to the path they stand for.
	vars  map[string][]string
	reads [][]string
	ok    bool
}

// ref returns the path an expression stands for, when it is (part of) the
// field.
func (r *reader) ref(x ast.Expr) ([]string, bool) {
	switch x := x.(type) {
	case *ast.Ident:
		if p, ok := r.vars[x.Name]; ok {
			return p, true
		}
		if x.Name == r.target {
			return []string{}, true
		}
	case *ast.ParenExpr:
		return r.ref(x.X)
	case *ast.SelectorExpr:
		p, ok := r.ref(x.X)
		if !ok {
			return nil, false
		}
		l := labelName(x.Sel)
		if l == "" {
			r.read(p)
			return nil, false
		}
		return append(append([]string(nil), p...), l), true
	}
	return nil, false
}

func (r *reader) read(p []string) { r.reads = append(r.reads, append([]string(nil), p...)) }

// isList reports whether the path leads to a list in the field's Go type.
func (r *reader) isList(p []string) bool {
	t := r.t
	for _, step := range p {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case step == elemStep && t.Kind() == reflect.Slice:
			t = t.Elem()
		case t.Kind() == reflect.Struct:
			f, ok := irField(t, step)
			if !ok {
				return false
			}
			t = f
		default:
			return false
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Slice
}

// irField returns the type of the field of struct t named name in JSON.
func irField(t reflect.Type, name string) (reflect.Type, bool) {
	ti := types{}.info(t)
	i, ok := ti.byName[name]
	if !ok {
		return nil, false
	}
	return t.FieldByIndex(ti.fields[i].index).Type, true
}

// expr records the reads of an expression in a value position.
func (r *reader) expr(x ast.Expr) {
	if x == nil || !r.ok {
		return
	}
	if p, ok := r.ref(x); ok {
		r.read(p)
		return
	}
	switch x := x.(type) {
	case *ast.Ident:
		// Not the field.
	case *ast.SelectorExpr:
		r.expr(x.X)
	case *ast.BinaryExpr:
		if isBottom(x.X) {
			if _, ok := r.ref(x.Y); ok && (x.Op == token.EQL || x.Op == token.NEQ) {
				return // presence
			}
		}
		if isBottom(x.Y) {
			if _, ok := r.ref(x.X); ok && (x.Op == token.EQL || x.Op == token.NEQ) {
				return
			}
		}
		r.expr(x.X)
		r.expr(x.Y)
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "len" && id.Node == nil && id.Scope == nil && len(x.Args) == 1 {
			if p, ok := r.ref(x.Args[0]); ok {
				r.read(append(p, lenStep))
				return
			}
		}
		r.expr(x.Fun)
		for _, a := range x.Args {
			r.expr(a)
		}
	default:
		r.node(x)
	}
}

// node records the reads in any syntax.
func (r *reader) node(n ast.Node) {
	if n == nil || !r.ok {
		return
	}
	switch n := n.(type) {
	case *ast.StructLit:
		for _, d := range n.Elts {
			r.node(d)
		}
	case *ast.Field:
		if n.Alias != nil {
			r.ok = false
			return
		}
		switch l := n.Label.(type) {
		case *ast.Ident, *ast.BasicLit:
		case *ast.ParenExpr:
			r.expr(l.X)
		case *ast.Interpolation:
			r.expr(l)
		default:
			r.ok = false
			return
		}
		r.expr(n.Value)
	case *ast.EmbedDecl:
		r.expr(n.Expr)
	case *ast.LetClause:
		r.expr(n.Expr)
	case *ast.Comprehension:
		saved := r.vars
		r.vars = make(map[string][]string, len(saved))
		for k, v := range saved {
			r.vars[k] = v
		}
		for _, c := range n.Clauses {
			switch c := c.(type) {
			case *ast.ForClause:
				p, ok := r.ref(c.Source)
				if ok && r.isList(p) {
					if c.Key != nil {
						delete(r.vars, c.Key.Name)
					}
					r.vars[c.Value.Name] = append(append([]string(nil), p...), elemStep)
				} else {
					r.expr(c.Source)
					if c.Key != nil {
						delete(r.vars, c.Key.Name)
					}
					delete(r.vars, c.Value.Name)
				}
				if c.Key != nil && c.Key.Name == r.target || c.Value.Name == r.target {
					r.ok = false // shadowing: not followed
				}
			case *ast.IfClause:
				r.expr(c.Condition)
			case *ast.LetClause:
				r.expr(c.Expr)
				delete(r.vars, c.Ident.Name)
				if c.Ident.Name == r.target {
					r.ok = false
				}
			default:
				r.ok = false
			}
		}
		r.expr(n.Value)
		if n.Fallback != nil {
			r.ok = false
		}
		r.vars = saved
	case *ast.ListLit:
		for _, e := range n.Elts {
			r.expr(e)
		}
	case *ast.Ellipsis:
		r.expr(n.Type)
	case *ast.UnaryExpr:
		r.expr(n.X)
	case *ast.ParenExpr:
		r.expr(n.X)
	case *ast.IndexExpr:
		r.expr(n.X)
		r.expr(n.Index)
	case *ast.SliceExpr:
		r.expr(n.X)
		r.expr(n.Low)
		r.expr(n.High)
	case *ast.Interpolation:
		for _, e := range n.Elts {
			r.expr(e)
		}
	case *ast.BinaryExpr, *ast.CallExpr, *ast.SelectorExpr, *ast.Ident:
		r.expr(n.(ast.Expr))
	case *ast.BasicLit, *ast.BottomLit, *ast.CommentGroup, *ast.Attribute:
	default:
		r.ok = false
	}
}

func isBottom(x ast.Expr) bool {
	_, ok := x.(*ast.BottomLit)
	return ok
}
