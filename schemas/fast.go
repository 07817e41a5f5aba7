package schemas

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/token"
)

// This file is the fast path of the column checks (see plan): CUE costs
// some microseconds per value, and a fleet has tens of thousands of
// distinct names and hosts. The constraint of a column is read from the
// schema's syntax and, when it is made only of things Go can evaluate
// exactly, compiled into a predicate on the value as tree builds it:
//
//   - the types string, bool, int and the sized ints, and _;
//   - string, integer and boolean literals;
//   - =~ and !~ with a literal pattern (CUE's regular expressions are Go's,
//     and match unanchored, as MatchString does);
//   - the bounds >=, <=, >, < and != with a literal;
//   - & and | of those, lists ([A, ...B]) of those, and references to
//     definitions made of those;
//   - a closed definition whose fields are made of those, and whose checks
//     are hidden fields holding comprehensions `if guard ... {error(…)}`
//     with guards that compare fields to literals, test their presence
//     (x != _|_) or combine such tests with &&, || and !.
//
// A value the predicate accepts is valid; every other value, and every
// value of a column whose constraint is not understood, is sent to CUE as
// before, so the findings (messages, positions, rules) are CUE's own. The
// predicate is only ever trusted to say yes: anything it does not know
// makes it say no. A column is compiled only when the conjuncts CUE
// gathered for it are exactly the fields the predicate was built from,
// so a constraint added where the analysis does not look disables the
// fast path instead of being missed (TestFastSeesEveryConjunct).
// TestFastAgreesWithCUE checks every predicate against CUE on good and bad
// values. Patterns are matched by a DFA (dfa.go).

// pred reports whether a value (as types.tree builds it) certainly
// satisfies a constraint. False means "ask CUE".
type pred func(x any) bool

// fastCache holds the predicate of each column, by schema path, and
// modesCache the layout of each kind (see plan). The schema is embedded
// and never changes, so they are computed once per process.
var (
	fastCache  sync.Map // string -> pred (nil: no fast path)
	modesCache sync.Map // modesKey -> *layout (see nested.go)
)

// predicate returns the predicate of the column at path, field name of the
// parts of Go type name typeName at partPath, or nil.
func (p *pool) predicate(partPath, typeName, name string) pred {
	path := partPath + "." + name
	if f, ok := fastCache.Load(path); ok {
		return f.(pred)
	}
	f := p.schema(0).compileColumn(partPath, typeName, name)
	fastCache.Store(path, f)
	return f
}

// compileColumn builds the predicate of a column, or returns nil.
func (s *schema) compileColumn(partPath, typeName, name string) pred {
	lits := s.partLits(partPath, typeName)
	if lits == nil {
		return nil
	}
	var fields []*ast.Field
	for _, l := range lits {
		for _, d := range l.Elts {
			if f, ok := d.(*ast.Field); ok && labelName(f.Label) == name {
				fields = append(fields, f)
			}
		}
	}
	if len(fields) == 0 || !sameFields(s.conjuncts(s.constraint(partPath+"."+name)), fields) {
		return nil
	}
	c := &compiler{s: s}
	var ps []pred
	for _, f := range fields {
		if f.Alias != nil {
			return nil
		}
		p := c.expr(f.Value)
		if p == nil {
			return nil
		}
		ps = append(ps, p)
	}
	return and(ps)
}

// partLits returns the struct literals of the parts of Go type typeName at
// partPath: its definition's and those its parent adds where it declares
// the field, or nil when the schema has no #typeName.
func (s *schema) partLits(partPath, typeName string) []*ast.StructLit {
	seen := map[ast.Node]bool{}
	lits := s.structLits(&ast.Ident{Name: "#" + typeName}, nil, seen)
	if len(lits) == 0 {
		return nil
	}
	if i := strings.LastIndex(partPath, "."); i > 0 {
		parentPath, f := partPath[:i], partPath[i+1:]
		elem := strings.HasSuffix(f, "[]")
		f = strings.TrimSuffix(f, "[]")
		if pt := s.parentType(parentPath); pt != "" {
			plits := s.structLits(&ast.Ident{Name: pt}, nil, map[ast.Node]bool{})
			for _, v := range fieldValues(plits, f, elem) {
				lits = s.structLits(v, lits, seen)
			}
		}
	}
	return lits
}

// conjuncts returns the field declarations CUE unified into the value of
// a field, or nil when it cannot tell. The value's expression is an & of
// its conjuncts when it has several, each with its field as source.
func (s *schema) conjuncts(v cue.Value) []*ast.Field {
	f, single := v.Source().(*ast.Field)
	op, args := v.Expr()
	if op != cue.AndOp {
		if single {
			return []*ast.Field{f}
		}
		return nil
	}
	// Either every operand is a field (several conjuncts), or every
	// operand is part of the value of one field (one conjunct that is an
	// &); anything else is not understood.
	var out []*ast.Field
	for _, a := range args {
		if g, ok := a.Source().(*ast.Field); ok {
			out = append(out, g)
		}
	}
	if len(out) == len(args) {
		return out
	}
	if !single || len(out) > 0 {
		return nil
	}
	for _, a := range args {
		src := a.Source()
		switch {
		case src == nil:
			return nil
		case !src.Pos().IsValid():
			// A builtin the field's text names (int32 is an & of
			// bounds), not a text of the schema.
		case !within(src, f):
			return nil
		}
	}
	return []*ast.Field{f}
}

// within reports whether node n is in the text of field f.
func within(n ast.Node, f *ast.Field) bool {
	p, q, e := n.Pos(), f.Pos(), f.End()
	return p.IsValid() && q.IsValid() && e.IsValid() && p.Filename() == q.Filename() &&
		p.Offset() >= q.Offset() && n.End().Offset() <= e.Offset()
}

// sameFields reports whether a and b hold the same declarations.
func sameFields(a, b []*ast.Field) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	in := map[*ast.Field]bool{}
	for _, f := range a {
		in[f] = true
	}
	for _, f := range b {
		if !in[f] {
			return false
		}
	}
	return len(in) == len(b)
}

func and(ps []pred) pred {
	switch len(ps) {
	case 0:
		return nil
	case 1:
		return ps[0]
	case 2:
		a, b := ps[0], ps[1]
		return func(x any) bool { return a(x) && b(x) }
	}
	return func(x any) bool {
		for _, p := range ps {
			if !p(x) {
				return false
			}
		}
		return true
	}
}

// compiler compiles schema syntax into predicates.
type compiler struct {
	s     *schema
	depth int
}

// maxDepth bounds the references followed, against cycles.
const maxDepth = 16

// expr compiles a constraint, or returns nil.
func (c *compiler) expr(x ast.Expr) pred {
	if c.depth > maxDepth {
		return nil
	}
	c.depth++
	defer func() { c.depth-- }()
	switch x := x.(type) {
	case *ast.ParenExpr:
		return c.expr(x.X)
	case *ast.Ident:
		return c.ident(x)
	case *ast.BasicLit:
		v, ok := basicLit(x)
		if !ok {
			return nil
		}
		switch v := v.(type) {
		case string:
			return func(x any) bool { s, ok := x.(string); return ok && s == v }
		case int64:
			return func(x any) bool { n, ok := asInt(x); return ok && n == v }
		case bool:
			return func(x any) bool { b, ok := x.(bool); return ok && b == v }
		}
		return nil
	case *ast.UnaryExpr:
		return c.unary(x)
	case *ast.BinaryExpr:
		a, b := c.expr(x.X), c.expr(x.Y)
		if a == nil || b == nil {
			return nil
		}
		switch x.Op {
		case token.AND:
			return func(x any) bool { return a(x) && b(x) }
		case token.OR:
			return func(x any) bool { return a(x) || b(x) }
		}
		return nil
	case *ast.ListLit:
		return c.list(x)
	}
	return nil
}

// ident compiles a type name or a reference to a top-level definition.
// The parser resolved the identifiers: a type name is one that refers to
// nothing in the schema.
func (c *compiler) ident(id *ast.Ident) pred {
	if id.Node != nil {
		v := c.s.def(id)
		if v == nil {
			return nil
		}
		if st, ok := v.(*ast.StructLit); ok {
			return c.structDef(st)
		}
		return c.expr(v)
	}
	switch id.Name {
	case "_":
		return func(any) bool { return true }
	case "string":
		return func(x any) bool { _, ok := x.(string); return ok }
	case "bool":
		return func(x any) bool { _, ok := x.(bool); return ok }
	case "int", "int64":
		return intRange(math.MinInt64, math.MaxInt64)
	case "int32":
		return intRange(math.MinInt32, math.MaxInt32)
	case "int16":
		return intRange(math.MinInt16, math.MaxInt16)
	case "int8":
		return intRange(math.MinInt8, math.MaxInt8)
	case "uint", "uint64":
		return intRange(0, math.MaxInt64)
	case "uint32":
		return intRange(0, math.MaxUint32)
	case "uint16":
		return intRange(0, math.MaxUint16)
	case "uint8":
		return intRange(0, math.MaxUint8)
	}
	return nil
}

// def returns the value of the top-level definition an identifier refers
// to, or nil if it refers to something else.
func (s *schema) def(id *ast.Ident) ast.Expr {
	if !strings.HasPrefix(id.Name, "#") {
		return nil
	}
	if _, ok := id.Scope.(*ast.File); !ok {
		return nil
	}
	vs := s.defs[id.Name]
	if len(vs) != 1 || id.Node != vs[0] {
		return nil
	}
	return vs[0]
}

func intRange(lo, hi int64) pred {
	return func(x any) bool { n, ok := asInt(x); return ok && n >= lo && n <= hi }
}

// asInt returns an integer value (tree writes unsigned ones as uint64).
func asInt(x any) (int64, bool) {
	switch x := x.(type) {
	case int64:
		return x, true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	}
	return 0, false
}

// unary compiles =~, !~ and the bounds, with a literal operand.
func (c *compiler) unary(x *ast.UnaryExpr) pred {
	switch x.Op {
	case token.MAT, token.NMAT:
		pat, ok := c.pattern(x.X)
		if !ok {
			return nil
		}
		m := matcher(pat)
		if m == nil {
			return nil
		}
		want := x.Op == token.MAT
		return func(x any) bool { s, ok := x.(string); return ok && m(s) == want }
	case token.GEQ, token.LEQ, token.GTR, token.LSS, token.NEQ:
		v, ok := c.literal(x.X)
		if !ok {
			return nil
		}
		op := x.Op
		switch v := v.(type) {
		case int64:
			return func(x any) bool {
				n, ok := asInt(x)
				return ok && compareInts(op, n, v)
			}
		case string:
			if op != token.NEQ {
				return nil
			}
			return func(x any) bool { s, ok := x.(string); return ok && s != v }
		case bool:
			if op != token.NEQ {
				return nil
			}
			return func(x any) bool { b, ok := x.(bool); return ok && b != v }
		}
	}
	return nil
}

func compareInts(op token.Token, a, b int64) bool {
	switch op {
	case token.GEQ:
		return a >= b
	case token.LEQ:
		return a <= b
	case token.GTR:
		return a > b
	case token.LSS:
		return a < b
	case token.NEQ:
		return a != b
	case token.EQL:
		return a == b
	}
	return false
}

// literal returns the value of a literal operand: a string, integer or
// boolean literal, a negated integer literal.
func (c *compiler) literal(x ast.Expr) (any, bool) {
	switch x := x.(type) {
	case *ast.BasicLit:
		return basicLit(x)
	case *ast.ParenExpr:
		return c.literal(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.SUB {
			if v, ok := c.literal(x.X); ok {
				if n, ok := v.(int64); ok && n != math.MinInt64 {
					return -n, true
				}
			}
		}
	}
	return nil, false
}

// pattern returns a regular expression operand: a string literal, or a
// definition that is one (#credential).
func (c *compiler) pattern(x ast.Expr) (string, bool) {
	if id, ok := x.(*ast.Ident); ok {
		if x = c.s.def(id); x == nil {
			return "", false
		}
	}
	v, ok := c.literal(x)
	s, isStr := v.(string)
	return s, ok && isStr
}

// basicLit returns the Go value of a literal, when it is a plain string,
// integer or boolean.
func basicLit(x *ast.BasicLit) (any, bool) {
	switch x.Kind {
	case token.STRING:
		if strings.HasPrefix(x.Value, `"""`) || strings.HasPrefix(x.Value, "#") || strings.HasPrefix(x.Value, "'") {
			return nil, false
		}
		s, err := literal.Unquote(x.Value)
		if err != nil {
			return nil, false
		}
		return s, true
	case token.INT:
		n, err := strconv.ParseInt(x.Value, 10, 64)
		if err != nil {
			return nil, false
		}
		return n, true
	case token.TRUE:
		return true, true
	case token.FALSE:
		return false, true
	}
	return nil, false
}

// regexps caches compiled patterns; a *regexp.Regexp is safe for
// concurrent use.
var regexps sync.Map // string -> func(string) bool

// boundedLength matches the patterns ^.{m,n}$ (and ^.{0,n}$), which Go
// compiles into a long program: they count runes instead.
var boundedLength = regexp.MustCompile(`^\^\.\{([0-9]+),([0-9]+)\}\$$`)

// matcher returns a function that reports whether a string matches a
// pattern as CUE's =~ does, or nil if the pattern does not compile.
func matcher(pat string) func(string) bool {
	if m, ok := regexps.Load(pat); ok {
		return m.(func(string) bool)
	}
	var m func(string) bool
	if g := boundedLength.FindStringSubmatch(pat); g != nil {
		lo, err1 := strconv.Atoi(g[1])
		hi, err2 := strconv.Atoi(g[2])
		if err1 == nil && err2 == nil && lo <= hi && hi <= 1000 {
			// . is any character but a newline; an invalid byte is a
			// character (U+FFFD) for regexp as for RuneCountInString.
			m = func(s string) bool {
				if len(s) > 4*hi || strings.IndexByte(s, '\n') >= 0 {
					return false
				}
				n := utf8.RuneCountInString(s)
				return n >= lo && n <= hi
			}
		}
	}
	if m == nil {
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil
		}
		m = re.MatchString
		if d := newDFA(pat, re); d != nil {
			m = d.matchString
		}
	}
	regexps.Store(pat, m)
	return m
}

// list compiles a list literal: [A, B, ...C] or a closed [A, B].
func (c *compiler) list(x *ast.ListLit) pred {
	var heads []pred
	var tail pred
	for i, e := range x.Elts {
		if el, ok := e.(*ast.Ellipsis); ok {
			if i != len(x.Elts)-1 {
				return nil
			}
			tail = func(any) bool { return true }
			if el.Type != nil {
				if tail = c.expr(el.Type); tail == nil {
					return nil
				}
			}
			break
		}
		p := c.expr(e)
		if p == nil {
			return nil
		}
		heads = append(heads, p)
	}
	return func(x any) bool {
		l, ok := x.([]any)
		if !ok || len(l) < len(heads) || tail == nil && len(l) != len(heads) {
			return false
		}
		for i, e := range l {
			if i < len(heads) {
				if !heads[i](e) {
					return false
				}
			} else if !tail(e) {
				return false
			}
		}
		return true
	}
}

// structField is a regular field of a definition.
type structField struct {
	name     string
	required bool
	pred     pred
}

// structDef compiles a closed definition: its fields, and its checks.
func (c *compiler) structDef(st *ast.StructLit) pred {
	lits := c.s.structLits(st, nil, map[ast.Node]bool{})
	scopes := map[ast.Node]bool{}
	for _, l := range lits {
		scopes[l] = true
	}
	byName := map[string]*structField{}
	var fields []*structField
	var values = map[string][]ast.Expr{}
	var checks []*ast.StructLit
	for _, l := range lits {
		for _, d := range l.Elts {
			switch d := d.(type) {
			case *ast.Field:
				n := labelName(d.Label)
				if n == "" || d.Alias != nil || strings.HasPrefix(n, "#") {
					return nil
				}
				if strings.HasPrefix(n, "_") {
					v, ok := d.Value.(*ast.StructLit)
					if !ok {
						return nil
					}
					checks = append(checks, v)
					continue
				}
				f := byName[n]
				if f == nil {
					f = &structField{name: n}
					byName[n] = f
					fields = append(fields, f)
				}
				switch d.Constraint {
				case token.NOT:
					f.required = true
				case token.OPTION:
				default:
					return nil // a regular field: concrete or not, it is not simple
				}
				values[n] = append(values[n], d.Value)
			case *ast.EmbedDecl:
				// In lits already, if a struct.
				switch e := d.Expr.(type) {
				case *ast.StructLit:
				case *ast.Ident:
					if _, ok := c.s.def(e).(*ast.StructLit); !ok {
						return nil
					}
				default:
					return nil
				}
			case *ast.CommentGroup, *ast.Attribute:
			default:
				return nil
			}
		}
	}
	for _, f := range fields {
		var ps []pred
		for _, v := range values[f.name] {
			p := c.expr(v)
			if p == nil {
				return nil
			}
			ps = append(ps, p)
		}
		f.pred = and(ps)
	}
	var guards [][]guard
	for _, ch := range checks {
		for _, d := range ch.Elts {
			switch d := d.(type) {
			case *ast.Comprehension:
				g := c.check(d, byName, scopes)
				if g == nil {
					return nil
				}
				guards = append(guards, g)
			case *ast.CommentGroup:
			default:
				return nil
			}
		}
	}
	return func(x any) bool {
		m, ok := x.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range m {
			f := byName[k]
			if f == nil || !f.pred(v) {
				return false
			}
		}
		for _, f := range fields {
			if f.required {
				if _, ok := m[f.name]; !ok {
					return false
				}
			}
		}
		for _, g := range guards {
			if !passes(g, m) {
				return false
			}
		}
		return true
	}
}

// guard is a compiled if clause: it returns the condition, and whether it
// is known.
type guard func(m map[string]any) (v any, ok bool)

// check compiles `if a if b … {error(…)}`: the struct fails when all the
// guards hold.
func (c *compiler) check(x *ast.Comprehension, fields map[string]*structField, scopes map[ast.Node]bool) []guard {
	if x.Fallback != nil {
		return nil
	}
	body, ok := x.Value.(*ast.StructLit)
	if !ok {
		return nil
	}
	errs := 0
	for _, d := range body.Elts {
		switch d := d.(type) {
		case *ast.EmbedDecl:
			call, ok := d.Expr.(*ast.CallExpr)
			if !ok {
				return nil
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "error" {
				return nil
			}
			errs++
		case *ast.CommentGroup:
		default:
			return nil
		}
	}
	if errs != 1 {
		return nil
	}
	var gs []guard
	for _, cl := range x.Clauses {
		ic, ok := cl.(*ast.IfClause)
		if !ok {
			return nil
		}
		g := c.guard(ic.Condition, fields, scopes)
		if g == nil {
			return nil
		}
		gs = append(gs, g)
	}
	return gs
}

// passes reports whether a check certainly does not fail: a guard is
// known to be false before any is unknown.
func passes(gs []guard, m map[string]any) bool {
	for _, g := range gs {
		v, ok := g(m)
		b, isBool := v.(bool)
		if !ok || !isBool {
			return false
		}
		if !b {
			return true
		}
	}
	return false
}

// guard compiles a condition over the fields of a struct: its literals
// are scopes, where the identifiers must be declared.
func (c *compiler) guard(x ast.Expr, fields map[string]*structField, scopes map[ast.Node]bool) guard {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return c.guard(x.X, fields, scopes)
	case *ast.Ident:
		if fields[x.Name] == nil || !scopes[x.Scope] {
			return nil
		}
		name := x.Name
		return func(m map[string]any) (any, bool) {
			v, ok := m[name]
			switch v.(type) {
			case string, int64, bool:
				return v, ok
			}
			return nil, false
		}
	case *ast.BasicLit:
		v, ok := basicLit(x)
		if !ok {
			return nil
		}
		return func(map[string]any) (any, bool) { return v, true }
	case *ast.UnaryExpr:
		if x.Op != token.NOT {
			return nil
		}
		a := c.guard(x.X, fields, scopes)
		if a == nil {
			return nil
		}
		return func(m map[string]any) (any, bool) {
			v, ok := a(m)
			b, isBool := v.(bool)
			return !b, ok && isBool
		}
	case *ast.BinaryExpr:
		if presence(x) {
			id, _ := x.X.(*ast.Ident)
			if id == nil {
				id, _ = x.Y.(*ast.Ident)
			}
			if fields[id.Name] == nil || !scopes[id.Scope] {
				return nil
			}
			name, want := id.Name, x.Op == token.NEQ
			return func(m map[string]any) (any, bool) {
				_, ok := m[name]
				return ok == want, true
			}
		}
		if x.Op == token.MAT || x.Op == token.NMAT {
			pat, ok := c.pattern(x.Y)
			if !ok {
				return nil
			}
			re := matcher(pat)
			a := c.guard(x.X, fields, scopes)
			if re == nil || a == nil {
				return nil
			}
			want := x.Op == token.MAT
			return func(m map[string]any) (any, bool) {
				v, ok := a(m)
				s, isStr := v.(string)
				if !ok || !isStr {
					return nil, false
				}
				return re(s) == want, true
			}
		}
		a, b := c.guard(x.X, fields, scopes), c.guard(x.Y, fields, scopes)
		if a == nil || b == nil {
			return nil
		}
		op := x.Op
		switch op {
		case token.LAND, token.LOR:
			return func(m map[string]any) (any, bool) {
				u, ok1 := a(m)
				v, ok2 := b(m)
				p, b1 := u.(bool)
				q, b2 := v.(bool)
				if !ok1 || !ok2 || !b1 || !b2 {
					return nil, false
				}
				if op == token.LAND {
					return p && q, true
				}
				return p || q, true
			}
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return func(m map[string]any) (any, bool) {
				u, ok1 := a(m)
				v, ok2 := b(m)
				if !ok1 || !ok2 {
					return nil, false
				}
				return compare(op, u, v)
			}
		}
	}
	return nil
}

// compare compares two values of the same kind; other comparisons are
// unknown.
func compare(op token.Token, u, v any) (any, bool) {
	switch u := u.(type) {
	case int64:
		if v, ok := v.(int64); ok {
			return compareInts(op, u, v), true
		}
	case string:
		if v, ok := v.(string); ok {
			switch op {
			case token.EQL:
				return u == v, true
			case token.NEQ:
				return u != v, true
			}
		}
	case bool:
		if v, ok := v.(bool); ok {
			switch op {
			case token.EQL:
				return u == v, true
			case token.NEQ:
				return u != v, true
			}
		}
	}
	return nil, false
}
