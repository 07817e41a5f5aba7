package ecs

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kubelift/kubelift/diag"
)

// Every input shape (JSON, CloudFormation YAML or JSON, Terraform HCL,
// `terraform show -json`) is first read into a tree of Values, each with its
// source position; one decoder then turns that tree into the typed syntax
// tree (TaskDefinition, Service, …) whatever the shape was.

// Kind is the kind of a Value.
type Kind uint8

const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindString
	KindMap
	KindSeq
	// KindUnknown is a value only AWS or Terraform can compute (a data
	// source, a module output, a resource attribute, a CloudFormation
	// pseudo parameter without a value). Unresolved names it.
	KindUnknown
)

func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "a boolean"
	case KindNumber:
		return "a number"
	case KindString:
		return "a string"
	case KindMap:
		return "an object"
	case KindSeq:
		return "a list"
	}
	return "an unresolved value"
}

// Value is one node of an input read into a generic tree.
type Value struct {
	Kind Kind
	Pos  diag.Pos
	// Str is the string, the number's text, or "true"/"false".
	Str string
	// Entries of a map, in source order.
	Entries []Entry
	// Items of a list.
	Items []*Value
	// Unresolved names the expressions that could not be evaluated: the
	// whole value for KindUnknown, the placeholders inside a string.
	Unresolved []string
	// Refs are the resources the value refers to ("aws_ecs_service.web",
	// a CloudFormation logical ID), sorted; they link services, targets and
	// policies to each other even when the value itself is unknown.
	Refs []string
	// locate maps a byte offset in Str to its position in the source, for
	// strings that are parsed again (a container_definitions JSON string);
	// nil means every byte is at Pos.
	locate func(int) diag.Pos
	// json is, for the result of Terraform's jsonencode, the value that was
	// encoded (Str holds its JSON text): read again as JSON, it keeps the
	// positions of the HCL it was written in.
	json *Value
	// reported: the value is unknown because of an error already reported.
	reported bool
}

// Entry is one key of a map.
type Entry struct {
	Key    string
	KeyPos diag.Pos
	Val    *Value
}

// Get returns the value of key k, or nil.
func (v *Value) Get(k string) *Value {
	if v == nil || v.Kind != KindMap {
		return nil
	}
	for i := range v.Entries {
		if v.Entries[i].Key == k {
			return v.Entries[i].Val
		}
	}
	return nil
}

// placeholder is the text left in the output where a value could not be
// evaluated: clearly not a real value, and naming what to fill in.
func placeholder(expr string) string { return "${unresolved:" + expr + "}" }

// unknown returns a KindUnknown value for the expression expr.
func unknown(pos diag.Pos, expr string, refs ...string) *Value {
	return &Value{Kind: KindUnknown, Pos: pos, Str: placeholder(expr), Unresolved: []string{expr}, Refs: sortedSet(refs)}
}

func str(pos diag.Pos, s string) *Value { return &Value{Kind: KindString, Pos: pos, Str: s} }

// at returns the position of byte i of a string value.
func (v *Value) at(i int) diag.Pos {
	if v.locate == nil {
		return v.Pos
	}
	return v.locate(i)
}

func sortedSet(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := append([]string(nil), ss...)
	sort.Strings(out)
	j := 0
	for i, s := range out {
		if i == 0 || s != out[j-1] {
			out[j] = s
			j++
		}
	}
	return out[:j]
}

// AllRefs returns the references (resource IDs, ARNs a value was built
// from) of v and everything under it, sorted, each once.
func (v *Value) AllRefs() []string {
	return sortedSet(gather(v, func(x *Value) []string { return x.Refs }))
}

// allUnresolved returns what v and everything under it left unresolved, in
// order.
func allUnresolved(v *Value) []string {
	return gather(v, func(x *Value) []string { return x.Unresolved })
}

// gather collects field of v and of every value under it, depth first.
func gather(v *Value, field func(*Value) []string) []string {
	var out []string
	var walk func(*Value)
	walk = func(v *Value) {
		if v == nil {
			return
		}
		out = append(out, field(v)...)
		for _, e := range v.Entries {
			walk(e.Val)
		}
		for _, it := range v.Items {
			walk(it)
		}
	}
	walk(v)
	return out
}

// source is one input text with its line index.
type source struct {
	path  string
	data  []byte
	lines []int // byte offset of each line start
}

func newSource(path string, data []byte) *source {
	s := &source{path: path, data: data, lines: []int{0}}
	for i, c := range data {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// pos turns a byte offset into a position (1-based line, 1-based byte column).
func (s *source) pos(off int) diag.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(s.data) {
		off = len(s.data)
	}
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return diag.Pos{File: s.path, Line: i + 1, Col: off - s.lines[i] + 1, Offset: off}
}

// offset turns a 1-based line and a 1-based column counted in characters
// (as go.yaml.in/yaml/v3 reports them) into a byte offset.
func (s *source) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(s.lines) {
		return len(s.data)
	}
	off := s.lines[line-1]
	for n := 1; n < col && off < len(s.data) && s.data[off] != '\n'; n++ {
		_, size := utf8.DecodeRune(s.data[off:])
		off += size
	}
	return off
}

// describe names a value for a message without quoting a value that may be
// a secret: "a string", "a number", "an object".
func describe(v *Value) string {
	if v == nil {
		return "nothing"
	}
	return v.Kind.String()
}

// quoteKey formats a key for messages.
func quoteKey(k string) string {
	if k == "" || strings.ContainsAny(k, " \t\n\"'") {
		return `"` + strings.ReplaceAll(k, `"`, `\"`) + `"`
	}
	return k
}
