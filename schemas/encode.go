package schemas

import (
	"encoding/binary"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// This file writes IR values as JSON the way encoding/json does (field
// names, omitempty, embedded structs promoted), with two differences for
// Validate: origins are left out (they locate findings; they are not
// validated), and so are the fields Validate checks as parts of their own
// (see splitTypes). tree builds the same value as Go maps and slices for
// cue.Context.Encode, which is several times faster than having CUE parse
// the JSON. The key that finds equal parts is a binary form of the same
// value (see key), cheaper to write than JSON.

var originType = reflect.TypeOf(ir.Origin{})

// field is one JSON field of a struct type.
type field struct {
	name      string
	index     []int
	omitEmpty bool
	// origin: the field is an ir.Origin.
	origin bool
	// split: the field is validated as a part of its own.
	split bool
}

// typeInfo describes a struct type's JSON fields.
type typeInfo struct {
	fields []field
	byName map[string]int
	// origin is the index of the struct's own Origin field, if it has one.
	origin []int
	// splits: the type is in splitTypes.
	splits bool
}

// splitTypes are the IR types whose struct-valued fields (pointers to
// structs, slices of structs) Validate checks as parts of their own: the
// project's apps and sites, an app's workload, ports and intents, a site's
// hosts, listeners, TLS and routes, a route's intents. Their definitions in
// the schema must not relate those fields (see ir.cue).
var splitTypes = map[reflect.Type]bool{
	reflect.TypeOf(ir.Project{}): true,
	reflect.TypeOf(ir.App{}):     true,
	reflect.TypeOf(ir.Site{}):    true,
	reflect.TypeOf(ir.Route{}):   true,
}

// types caches typeInfo for one Validate call.
type types map[reflect.Type]*typeInfo

func (ts types) info(t reflect.Type) *typeInfo {
	if ti, ok := ts[t]; ok {
		return ti
	}
	ti := &typeInfo{byName: map[string]int{}}
	ts[t] = ti
	var add func(t reflect.Type, index []int)
	add = func(t reflect.Type, index []int) {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			idx := append(append([]int(nil), index...), i)
			name, opts, _ := strings.Cut(tag, ",")
			if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
				add(sf.Type, idx)
				continue
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			f := field{name: name, index: idx, omitEmpty: strings.Contains(","+opts+",", ",omitempty,"), origin: sf.Type == originType}
			if f.origin && name == "origin" && ti.origin == nil {
				ti.origin = idx
			}
			ti.byName[name] = len(ti.fields)
			ti.fields = append(ti.fields, f)
		}
	}
	add(t, nil)
	ti.splits = splitTypes[t]
	if splitTypes[t] {
		for i := range ti.fields {
			sf := t.FieldByIndex(ti.fields[i].index)
			ti.fields[i].split = !ti.fields[i].origin && isPart(sf.Type)
		}
	}
	return ti
}

// warm adds the struct types a value of type t may hold, so that
// goroutines can then read ts concurrently.
func (ts types) warm(t reflect.Type, seen map[reflect.Type]bool) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		ts.warm(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return
		}
		seen[t] = true
		for _, f := range ts.info(t).fields {
			ts.warm(t.FieldByIndex(f.index).Type, seen)
		}
	}
}

// isPart reports whether a field of this type is validated as a part of its
// own when its struct is in splitTypes: a pointer to a struct or a slice of
// structs or of pointers to structs.
func isPart(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer:
		return t.Elem().Kind() == reflect.Struct
	case reflect.Slice:
		e := t.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		return e.Kind() == reflect.Struct
	}
	return false
}

// The fields of diag.Pos, for pos.
var posFile, posLine, posCol, posOffset = fieldIndex(diag.Pos{}, "File"), fieldIndex(diag.Pos{}, "Line"), fieldIndex(diag.Pos{}, "Col"), fieldIndex(diag.Pos{}, "Offset")

func fieldIndex(x any, name string) int {
	f, ok := reflect.TypeOf(x).FieldByName(name)
	if !ok || len(f.Index) != 1 {
		panic("schemas: no field " + name)
	}
	return f.Index[0]
}

// pos returns the position of the Origin of a struct value, if it has a
// valid one. It reads the fields one by one: Interface would allocate.
func (ts types) pos(v reflect.Value) (diag.Pos, bool) {
	if v.Kind() != reflect.Struct {
		return diag.Pos{}, false
	}
	return ts.info(v.Type()).pos(v)
}

// pos is types.pos for a value of this type.
func (ti *typeInfo) pos(v reflect.Value) (diag.Pos, bool) {
	if ti.origin == nil {
		return diag.Pos{}, false
	}
	p := v.FieldByIndex(ti.origin).Field(0) // Origin embeds diag.Pos first
	file := p.Field(posFile).String()
	if file == "" {
		return diag.Pos{}, false
	}
	return diag.Pos{File: file, Line: int(p.Field(posLine).Int()), Col: int(p.Field(posCol).Int()), Offset: int(p.Field(posOffset).Int())}, true
}

// encoder appends JSON to buf.
type encoder struct {
	types types
	buf   []byte
	// full writes origins and split fields too (encoding/json's output).
	full bool
	// mask, when set, marks the fields of the struct shellKey writes whose
	// values are replaced (where its fillKeys are set), and its nested
	// fields' (see nested.go).
	mask *mask
	// scratch is another encoder, for the keys of the values shellKey
	// looks up (see mask.bad).
	scr *encoder
}

// scratch returns e's scratch encoder.
func (e *encoder) scratch() *encoder {
	if e.scr == nil {
		e.scr = &encoder{types: e.types}
	}
	return e.scr
}

func (e *encoder) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.value(v.Elem())
	case reflect.Struct:
		e.structValue(v)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.buf = append(e.buf, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.value(v.Index(i))
		}
		e.buf = append(e.buf, ']')
	case reflect.String:
		e.buf = appendString(e.buf, v.String())
	case reflect.Bool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		e.buf = strconv.AppendFloat(e.buf, v.Float(), 'g', -1, 64)
	default:
		panic("schemas: cannot encode " + v.Type().String())
	}
}

func (e *encoder) structValue(v reflect.Value) {
	ti := e.types.info(v.Type())
	e.buf = append(e.buf, '{')
	first := true
	for i := range ti.fields {
		f := &ti.fields[i]
		if f.origin && !e.full {
			continue
		}
		fv := v.FieldByIndex(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
		e.buf = appendString(e.buf, f.name)
		e.buf = append(e.buf, ':')
		e.value(fv)
	}
	e.buf = append(e.buf, '}')
}

// The keys that find equal parts need not be JSON: key and shellKey
// write a value in a binary form that is cheaper to write (strings are
// copied, not escaped) and that determines the value tree builds: two
// values of one Go type with the same key have the same tree. (The
// converse need not hold: equal parts with different keys are only
// checked twice.)

// key appends the binary key of v.
func (e *encoder) key(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, 0)
			return
		}
		e.buf = append(e.buf, 1)
		if v.Kind() == reflect.Interface {
			// The dynamic type is part of the value.
			e.buf = appendKeyString(e.buf, v.Elem().Type().String())
		}
		e.key(v.Elem())
	case reflect.Struct:
		e.structKey(v, nil, false)
	case reflect.Slice:
		if v.IsNil() {
			e.buf = append(e.buf, 0)
			return
		}
		e.buf = append(e.buf, 1)
		e.buf = binary.AppendUvarint(e.buf, uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			e.key(v.Index(i))
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			e.key(v.Index(i))
		}
	case reflect.String:
		e.buf = appendKeyString(e.buf, v.String())
	case reflect.Bool:
		if v.Bool() {
			e.buf = append(e.buf, 1)
		} else {
			e.buf = append(e.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = binary.AppendVarint(e.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.buf = binary.AppendUvarint(e.buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v.Float()))
	default:
		panic("schemas: cannot encode " + v.Type().String())
	}
}

// shellKey appends the binary key of a struct without its split fields,
// with e.fills in place of the fields they are set for (only their
// presence is written: the value put in place is the same for all the
// parts of a kind).
func (e *encoder) shellKey(v reflect.Value) {
	e.structKey(v, e.mask, true)
}

// maskedKey appends the key of the value of a nested field, whose struct
// (or elements') mask is m.
func (e *encoder) maskedKey(v reflect.Value, m *mask) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			e.buf = append(e.buf, 0)
			return
		}
		e.buf = append(e.buf, 1)
		e.maskedKey(v.Elem(), m)
	case reflect.Slice:
		if v.IsNil() {
			e.buf = append(e.buf, 0)
			return
		}
		e.buf = append(e.buf, 1)
		e.buf = binary.AppendUvarint(e.buf, uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			e.maskedKey(v.Index(i), m)
		}
	case reflect.Struct:
		e.structKey(v, m, false)
	default:
		panic("schemas: cannot mask " + v.Type().String())
	}
}

// structKey appends the key of a struct, without its split fields if
// shell, with only the presence of the fields m replaces (nil: none).
func (e *encoder) structKey(v reflect.Value, m *mask, shell bool) {
	ti := e.types.info(v.Type())
	for i := range ti.fields {
		f := &ti.fields[i]
		if f.origin || shell && f.split {
			continue
		}
		fv := v.Field(f.index[0])
		if len(f.index) > 1 {
			fv = v.FieldByIndex(f.index)
		}
		if f.omitEmpty && isEmpty(fv) {
			e.buf = append(e.buf, 0)
			continue
		}
		e.buf = append(e.buf, 1)
		if m != nil {
			if m.modes[i] == nested {
				e.maskedKey(fv, m.subs[i])
				continue
			}
			if m.fillKeys[i] != nil {
				if m.bad[i] && m.gath[i].failed(e.scratch(), fv) {
					// Sent as it is.
					e.buf = append(e.buf, 2)
					e.key(fv)
				}
				continue
			}
		}
		e.key(fv)
	}
}

func appendKeyString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// tree returns the value encode writes (origins left out; split fields too
// when shell), as maps, slices and scalars for cue.Context.Encode.
func (ts types) tree(v reflect.Value, shell bool) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return ts.tree(v.Elem(), false)
	case reflect.Struct:
		ti := ts.info(v.Type())
		m := make(map[string]any, len(ti.fields))
		for i := range ti.fields {
			f := &ti.fields[i]
			if f.origin || shell && f.split {
				continue
			}
			fv := v.FieldByIndex(f.index)
			if f.omitEmpty && isEmpty(fv) {
				continue
			}
			m[f.name] = ts.tree(fv, false)
		}
		return m
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		l := make([]any, v.Len())
		for i := range l {
			l[i] = ts.tree(v.Index(i), false)
		}
		return l
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	panic("schemas: cannot encode " + v.Type().String())
}

// isEmpty is encoding/json's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// appendString appends s as a JSON (and CUE) string literal.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// locate follows labels (a CUE error path relative to a part) from the
// Go value v, whose IR path is path and nearest origin pos. It returns the
// IR path of the place the labels name and the nearest origin enclosing it.
// A hidden label "_x" is a check about the field x, if the struct has one,
// and ends the path; so does a definition label.
func (ts types) locate(v reflect.Value, path string, pos diag.Pos, labels []string) (string, diag.Pos) {
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if p, ok := ts.pos(v); ok {
		pos = p
	}
	for _, l := range labels {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return path, pos
			}
			v = v.Elem()
		}
		if strings.HasPrefix(l, "_") || strings.HasPrefix(l, "#") {
			if name := strings.TrimPrefix(l, "_"); v.Kind() == reflect.Struct && name != l {
				ti := ts.info(v.Type())
				if i, ok := ti.byName[name]; ok {
					path = join(path, name)
					f := v.FieldByIndex(ti.fields[i].index)
					for f.Kind() == reflect.Pointer && !f.IsNil() {
						f = f.Elem()
					}
					if p, ok := ts.pos(f); ok {
						pos = p
					}
				}
			}
			return path, pos
		}
		switch v.Kind() {
		case reflect.Struct:
			ti := ts.info(v.Type())
			i, ok := ti.byName[l]
			path = join(path, l)
			if !ok {
				return path, pos
			}
			v = v.FieldByIndex(ti.fields[i].index)
		case reflect.Slice, reflect.Array:
			n, err := strconv.Atoi(l)
			if err != nil || n < 0 || n >= v.Len() {
				return path + "." + l, pos
			}
			path += "[" + l + "]"
			v = v.Index(n)
		default:
			return path + "." + l, pos
		}
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if p, ok := ts.pos(v); ok {
			pos = p
		}
	}
	return path, pos
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
