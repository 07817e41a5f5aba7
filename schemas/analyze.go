package schemas

import (
	"reflect"
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/token"
)

// This file decides how each field of a part is sent to CUE (see plan).
// Most values of a large project are names, hosts and paths that occur
// once; a part that holds one is unique, so checking parts alone would not
// save much. But a field that no other constraint of its part reads can be
// checked on its own: its distinct values against its constraint, and the
// part with one valid value in its place. Then the parts of a fleet collapse
// into a few distinct ones. The analysis reads the schema's syntax, by the
// convention that IR type T has the definition #T.

// fieldMode says how a field of a part is sent to CUE.
type fieldMode uint8

const (
	// keep: the value is sent with the part.
	keep fieldMode = iota
	// blank: the field's constraint accepts every value of its Go type and
	// only its presence is read elsewhere: the part is sent with the zero
	// value in its place.
	blank
	// column: the distinct values of the field are checked against its
	// constraint on their own; the part is sent with a valid one in place.
	column
)

// structLits returns the struct literals that make up the value x at the
// level of its fields: x itself, the operands of &, embedded and referenced
// definitions.
func (s *schema) structLits(x ast.Expr, out []*ast.StructLit, seen map[ast.Node]bool) []*ast.StructLit {
	if x == nil || seen[x] {
		return out
	}
	seen[x] = true
	switch x := x.(type) {
	case *ast.StructLit:
		out = append(out, x)
		for _, d := range x.Elts {
			if e, ok := d.(*ast.EmbedDecl); ok {
				out = s.structLits(e.Expr, out, seen)
			}
		}
	case *ast.BinaryExpr:
		if x.Op == token.AND {
			out = s.structLits(x.X, out, seen)
			out = s.structLits(x.Y, out, seen)
		}
	case *ast.ParenExpr:
		out = s.structLits(x.X, out, seen)
	case *ast.Ident:
		for _, v := range s.defs[x.Name] {
			out = s.structLits(v, out, seen)
		}
	}
	return out
}

// fieldValues returns the values given to the field name in the literals,
// and, when elem, the element constraints of those values that are lists.
func fieldValues(lits []*ast.StructLit, name string, elem bool) []ast.Expr {
	vs := namedValues(lits, name)
	if !elem {
		return vs
	}
	var out []ast.Expr
	for _, v := range vs {
		out = append(out, listElems(v)...)
	}
	return out
}

// namedValues returns the values given to the field name in the literals.
func namedValues(lits []*ast.StructLit, name string) []ast.Expr {
	var out []ast.Expr
	for _, l := range lits {
		for _, d := range l.Elts {
			if f, ok := d.(*ast.Field); ok && labelName(f.Label) == name {
				out = append(out, f.Value)
			}
		}
	}
	return out
}

// listElems returns the element constraints of a list expression.
func listElems(x ast.Expr) []ast.Expr {
	switch x := x.(type) {
	case *ast.ListLit:
		var out []ast.Expr
		for _, e := range x.Elts {
			if el, ok := e.(*ast.Ellipsis); ok {
				if el.Type != nil {
					out = append(out, el.Type)
				}
				continue
			}
			out = append(out, e)
		}
		return out
	case *ast.BinaryExpr:
		if x.Op == token.AND {
			return append(listElems(x.X), listElems(x.Y)...)
		}
	case *ast.ParenExpr:
		return listElems(x.X)
	}
	return nil
}

// labelName returns the name of a static label, or "" for a dynamic one.
func labelName(l ast.Label) string {
	switch l := l.(type) {
	case *ast.Ident:
		return l.Name
	case *ast.BasicLit:
		if l.Kind == token.STRING {
			return strings.Trim(l.Value, `"`)
		}
	}
	return ""
}

// coupled returns the regular fields of the part of Go type t at schema
// path whose values some constraint of the part other than their own reads,
// or whose own constraint reads another field. all reports that the
// analysis gave up (an alias, an unusual embedding): every field is coupled.
func (s *schema) coupled(t reflect.Type, path string) (fields map[string]bool, all bool) {
	lits := s.partLits(path, t.Name())
	if len(lits) == 0 {
		return nil, true // no #T: nothing is known
	}
	regular := map[string]bool{}
	for _, l := range lits {
		for _, d := range l.Elts {
			if f, ok := d.(*ast.Field); ok {
				if n := labelName(f.Label); n != "" && !strings.HasPrefix(n, "_") && !strings.HasPrefix(n, "#") {
					regular[n] = true
				}
			}
		}
	}
	fields = map[string]bool{}
	read := readIdents
	for _, l := range lits {
		for _, d := range l.Elts {
			switch d := d.(type) {
			case *ast.Field:
				n := labelName(d.Label)
				if d.Alias != nil || n == "" {
					return nil, true
				}
				names, ok := read(d.Value)
				if !ok {
					return nil, true
				}
				for _, r := range names {
					if regular[r] && r != n {
						fields[r] = true
						if !strings.HasPrefix(n, "_") && !strings.HasPrefix(n, "#") {
							fields[n] = true
						}
					}
				}
			case *ast.EmbedDecl:
				switch d.Expr.(type) {
				case *ast.StructLit, *ast.Ident:
					// In lits already.
				default:
					return nil, true
				}
			case *ast.Comprehension:
				names, ok := read(d)
				if !ok {
					return nil, true
				}
				for _, r := range names {
					if regular[r] {
						fields[r] = true
					}
				}
				for _, b := range s.structLits(d.Value, nil, map[ast.Node]bool{}) {
					for _, e := range b.Elts {
						if f, ok := e.(*ast.Field); ok {
							fields[labelName(f.Label)] = true
						}
					}
				}
			case *ast.LetClause:
				names, ok := read(d.Expr)
				if !ok {
					return nil, true
				}
				for _, r := range names {
					if regular[r] {
						fields[r] = true
					}
				}
			case *ast.Attribute, *ast.CommentGroup, *ast.Ellipsis:
			default:
				return nil, true
			}
		}
	}
	return fields, false
}

// readIdents returns the identifiers x reads, leaving out presence tests
// (x == _|_, x != _|_) and the selected labels of selectors.
func readIdents(x ast.Node) (names []string, ok bool) {
	ok = true
	ast.Walk(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Alias, *ast.PostfixAlias:
			ok = false
		case *ast.Field:
			if n.Alias != nil {
				ok = false
			}
			if labelName(n.Label) == "" {
				more, ok2 := readIdents(n.Label)
				names = append(names, more...)
				ok = ok && ok2
			}
			if n.Value != nil {
				more, ok2 := readIdents(n.Value)
				names = append(names, more...)
				ok = ok && ok2
			}
			return false
		case *ast.BinaryExpr:
			if presence(n) {
				return false
			}
		case *ast.SelectorExpr:
			more, ok2 := readIdents(n.X)
			names = append(names, more...)
			ok = ok && ok2
			return false
		case *ast.Ident:
			names = append(names, n.Name)
		}
		return true
	}, nil)
	return names, ok
}

// presence reports whether b tests only whether an identifier is present
// (x == _|_ or x != _|_).
func presence(b *ast.BinaryExpr) bool {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return false
	}
	_, xb := b.X.(*ast.BottomLit)
	_, yb := b.Y.(*ast.BottomLit)
	_, xi := b.X.(*ast.Ident)
	_, yi := b.Y.(*ast.Ident)
	return xb && yi || yb && xi
}

// parentType returns the definition of the struct at a schema path: the
// definition the path's last field refers to, e.g. "#Site" for
// "#Project.sites[]".
func (s *schema) parentType(path string) string {
	if path == "#Project" {
		return "#Project"
	}
	i := strings.LastIndex(path, ".")
	if i < 0 {
		return ""
	}
	pt := s.parentType(path[:i])
	if pt == "" {
		return ""
	}
	f := path[i+1:]
	elem := strings.HasSuffix(f, "[]")
	f = strings.TrimSuffix(f, "[]")
	lits := s.structLits(&ast.Ident{Name: pt}, nil, map[ast.Node]bool{})
	for _, v := range fieldValues(lits, f, elem) {
		if d := defName(v); d != "" {
			return d
		}
	}
	return ""
}

// defName returns the definition an expression is or refines.
func defName(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		if strings.HasPrefix(x.Name, "#") {
			return x.Name
		}
	case *ast.BinaryExpr:
		if x.Op == token.AND {
			if d := defName(x.X); d != "" {
				return d
			}
			return defName(x.Y)
		}
	case *ast.ParenExpr:
		return defName(x.X)
	}
	return ""
}

// goType returns the CUE type of a scalar Go type, for the blank test.
func goType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int8:
		return "int8"
	case reflect.Int16:
		return "int16"
	case reflect.Int32:
		return "int32"
	case reflect.Int, reflect.Int64:
		return "int64"
	}
	return ""
}

// zero returns the value a blank field is sent with.
func zero(t reflect.Type) any {
	switch t.Kind() {
	case reflect.String:
		return ""
	case reflect.Bool:
		return false
	}
	return int64(0)
}

// modes decides how each field of the parts of Go type t at schema path is
// sent (indexed like types.info(t).fields).
func (s *schema) modes(ts types, t reflect.Type, path string) []fieldMode {
	ti := ts.info(t)
	out := make([]fieldMode, len(ti.fields))
	coupled, all := s.coupled(t, path)
	if all {
		return out
	}
	for i, f := range ti.fields {
		if f.origin || f.split || coupled[f.name] {
			continue
		}
		// Subsume does not look at list elements, so lists are columns.
		gt := goType(t.FieldByIndex(f.index).Type)
		if gt != "" && s.constraint(path+"."+f.name).Subsume(s.ctx.CompileString(gt)) == nil {
			out[i] = blank
		} else {
			out[i] = column
		}
	}
	return out
}
