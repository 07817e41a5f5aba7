package ecs

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/edit"
)

// dialect is the key spelling of an input shape.
type dialect uint8

const (
	// dAPI: the ECS API's JSON (camelCase; PascalCase for Auto Scaling).
	dAPI dialect = iota
	// dCFN: CloudFormation properties (PascalCase, with its own spellings).
	dCFN
	// dTF: Terraform attributes and blocks (snake_case; blocks are lists).
	dTF
)

type fieldInfo struct {
	index int
	names [3]string // per dialect; "" when the field does not exist there
	quiet bool
}

type structInfo struct {
	fields  []fieldInfo
	byName  [3]map[string]int // key -> index into fields
	ignore  [3]map[string]bool
	lenient bool
}

var structCache sync.Map // reflect.Type -> *structInfo

var (
	typStr   = reflect.TypeOf(Str{})
	typInt   = reflect.TypeOf(Int{})
	typFloat = reflect.TypeOf(Float{})
	typBool  = reflect.TypeOf(Bool{})
	typMap   = reflect.TypeOf(StrMap{})
	typRaw   = reflect.TypeOf(Raw{})
	typNode  = reflect.TypeOf(Node{})
)

func infoOf(t reflect.Type) *structInfo {
	if si, ok := structCache.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{}
	for d := range si.byName {
		si.byName[d] = map[string]int{}
		si.ignore[d] = map[string]bool{}
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "_" {
			for d, tag := range []string{"ignore", "ignorecfn", "ignoretf"} {
				for _, k := range strings.Split(f.Tag.Get(tag), ",") {
					if k != "" {
						si.ignore[d][k] = true
					}
				}
			}
			// API-shape read-only keys are also read-only in the others
			// when spelled the same way (Auto Scaling).
			for k := range si.ignore[dAPI] {
				si.ignore[dCFN][k] = true
			}
			if _, ok := f.Tag.Lookup("lenient"); ok {
				si.lenient = true
			}
			continue
		}
		tag, ok := f.Tag.Lookup("ecs")
		if !ok {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fi := fieldInfo{index: i, quiet: strings.Contains(opts, "quiet")}
		if name != "-" {
			fi.names[dAPI] = name
			fi.names[dCFN] = strings.ToUpper(name[:1]) + name[1:]
			fi.names[dTF] = snake(name)
		}
		if c, ok := f.Tag.Lookup("cfn"); ok {
			fi.names[dCFN] = c
		}
		if c, ok := f.Tag.Lookup("tf"); ok {
			fi.names[dTF] = c
		}
		for d := range fi.names {
			if fi.names[d] == "-" {
				fi.names[d] = ""
			}
			if fi.names[d] != "" {
				si.byName[d][fi.names[d]] = len(si.fields)
			}
		}
		si.fields = append(si.fields, fi)
	}
	structCache.Store(t, si)
	return si
}

func reflectValue(ptr any) reflect.Value { return reflect.ValueOf(ptr).Elem() }

// snake turns camelCase or PascalCase into snake_case.
func snake(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// decoder turns Values into the typed tree, reporting unknown keys, wrong
// types and unresolved values.
type decoder struct {
	rep *diag.Reporter
	d   dialect
}

func (dc *decoder) errorf(code diag.Code, pos diag.Pos, format string, args ...any) {
	dc.rep.Add(code, pos, format, args...)
}

// decodeStruct fills the struct ptr points to from v. path names v for messages.
func (dc *decoder) decodeStruct(v *Value, ptr any, path string) bool {
	rv := reflect.ValueOf(ptr).Elem()
	return dc.structValue(v, rv, path)
}

func (dc *decoder) structValue(v *Value, rv reflect.Value, path string) bool {
	if v == nil || v.Kind == KindNull {
		return false
	}
	if dc.d == dTF && v.Kind == KindSeq {
		// A Terraform block read from `terraform show -json` (or a block
		// given once) is a list of one object.
		switch len(v.Items) {
		case 0:
			return false
		case 1:
			v = v.Items[0]
		default:
			dc.errorf(diag.ECSWrongType, v.Items[1].Pos, "%s is given %d times; it may appear once", path, len(v.Items))
			v = v.Items[0]
		}
	}
	if v.Kind == KindUnknown {
		dc.unresolved(v, path, false)
		return false
	}
	if v.Kind != KindMap {
		dc.errorf(diag.ECSWrongType, v.Pos, "%s must be an object, not %s", path, describe(v))
		return false
	}
	si := infoOf(rv.Type())
	if nf, ok := rv.Type().FieldByName("Node"); ok && nf.Type == typNode {
		rv.FieldByIndex(nf.Index).Set(reflect.ValueOf(Node{Pos: v.Pos, Set: true}))
	}
	for _, e := range v.Entries {
		idx, ok := si.byName[dc.d][e.Key]
		if !ok {
			if si.ignore[dc.d][e.Key] {
				continue
			}
			if dc.d == dAPI {
				// Terraform's provider and Go's encoding/json match keys
				// case-insensitively; the AWS CLI does not.
				for k, i := range si.byName[dAPI] {
					if strings.EqualFold(k, e.Key) {
						idx, ok = i, true
						dc.errorf(diag.ECSKeyCase, e.KeyPos, "%s is spelled %s by the ECS API; Terraform accepts the other case, the AWS CLI and CloudFormation do not", joinPath(path, e.Key), k)
						break
					}
				}
			}
			if !ok {
				if si.lenient {
					continue
				}
				dc.unknownKey(si, e, path)
				continue
			}
		}
		fi := si.fields[idx]
		dc.field(e.Val, rv.Field(fi.index), joinPath(path, e.Key), fi.quiet)
	}
	return true
}

func (dc *decoder) unknownKey(si *structInfo, e Entry, path string) {
	best, bestD := "", 4
	for k := range si.byName[dc.d] {
		if d := edit.Distance(strings.ToLower(k), strings.ToLower(e.Key)); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if best != "" {
		dc.errorf(diag.ECSUnknownField, e.KeyPos, "unknown field %s%s (did you mean %s?)", quoteKey(e.Key), in(path), best)
		return
	}
	dc.errorf(diag.ECSUnknownField, e.KeyPos, "unknown field %s%s", quoteKey(e.Key), in(path))
}

func in(path string) string {
	if path == "" {
		return ""
	}
	return " in " + path
}

func (dc *decoder) field(v *Value, f reflect.Value, path string, quiet bool) {
	if v == nil || v.Kind == KindNull {
		return
	}
	switch f.Type() {
	case typStr:
		if s, ok := dc.str(v, path, quiet); ok {
			f.Set(reflect.ValueOf(s))
		}
		return
	case typInt:
		f.Set(reflect.ValueOf(dc.int(v, path, quiet)))
		return
	case typFloat:
		f.Set(reflect.ValueOf(dc.float(v, path, quiet)))
		return
	case typBool:
		f.Set(reflect.ValueOf(dc.bool(v, path, quiet)))
		return
	case typMap:
		f.Set(reflect.ValueOf(dc.strMap(v, path, quiet)))
		return
	case typRaw:
		f.Set(reflect.ValueOf(Raw{V: v, Pos: v.Pos, Set: true}))
		return
	}
	switch f.Kind() {
	case reflect.Slice:
		if v.Kind == KindUnknown {
			if !quiet {
				dc.unresolved(v, path, false)
			}
			return
		}
		if v.Kind != KindSeq {
			dc.errorf(diag.ECSWrongType, v.Pos, "%s must be a list, not %s", path, describe(v))
			return
		}
		out := reflect.MakeSlice(f.Type(), 0, len(v.Items))
		for i, it := range v.Items {
			el := reflect.New(f.Type().Elem()).Elem()
			p := path + "[" + strconv.Itoa(i) + "]"
			if el.Kind() == reflect.Pointer {
				sv := reflect.New(el.Type().Elem())
				if !dc.structValue(it, sv.Elem(), p) {
					continue
				}
				el.Set(sv)
			} else {
				if it == nil || it.Kind == KindNull {
					continue
				}
				dc.field(it, el, p, quiet)
			}
			out = reflect.Append(out, el)
		}
		f.Set(out)
	case reflect.Pointer:
		sv := reflect.New(f.Type().Elem())
		if dc.structValue(v, sv.Elem(), path) {
			f.Set(sv)
		}
	}
}

// unresolved reports a value that could not be evaluated.
func (dc *decoder) unresolved(v *Value, path string, keptAsText bool) {
	what := strings.Join(v.Unresolved, ", ")
	if what == "" {
		what = "an expression"
	}
	if keptAsText {
		dc.errorf(diag.ECSUnresolved, v.Pos, "%s depends on %s, which only AWS or Terraform can evaluate; left as the placeholder %s", path, what, placeholder(v.Unresolved[0]))
		return
	}
	dc.errorf(diag.ECSUnresolved, v.Pos, "%s depends on %s, which only AWS or Terraform can evaluate; left unset", path, what)
}

func (dc *decoder) str(v *Value, path string, quiet bool) (Str, bool) {
	s := Str{Pos: v.Pos, Set: true, Refs: v.Refs, val: v}
	switch v.Kind {
	case KindString:
		s.V = v.Str
		if len(v.Unresolved) > 0 {
			s.Unresolved = v.Unresolved
			if !quiet {
				dc.unresolved(v, path, true)
			}
		}
		return s, true
	case KindUnknown:
		s.V = v.Str
		s.Unresolved = v.Unresolved
		if !quiet {
			dc.unresolved(v, path, true)
		}
		return s, true
	case KindNumber, KindBool:
		if dc.d != dAPI {
			s.V = v.Str
			return s, true
		}
	}
	dc.errorf(diag.ECSWrongType, v.Pos, "%s must be a string, not %s", path, describe(v))
	return Str{}, false
}

func (dc *decoder) int(v *Value, path string, quiet bool) Int {
	switch v.Kind {
	case KindNumber:
		n, ok := parseInt(v.Str)
		if !ok {
			dc.errorf(diag.ECSWrongType, v.Pos, "%s must be a whole number", path)
			return Int{}
		}
		return Int{V: n, Pos: v.Pos, Set: true}
	case KindString:
		if dc.d != dAPI {
			if n, ok := parseInt(strings.TrimSpace(v.Str)); ok {
				return Int{V: n, Pos: v.Pos, Set: true}
			}
			if len(v.Unresolved) > 0 {
				if !quiet {
					dc.unresolved(v, path, false)
				}
				return Int{Unresolved: v.Unresolved, Pos: v.Pos}
			}
		}
	case KindUnknown:
		if !quiet {
			dc.unresolved(v, path, false)
		}
		return Int{Unresolved: v.Unresolved, Pos: v.Pos}
	}
	dc.errorf(diag.ECSWrongType, v.Pos, "%s must be a whole number, not %s", path, describe(v))
	return Int{}
}

func parseInt(s string) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

func (dc *decoder) float(v *Value, path string, quiet bool) Float {
	switch v.Kind {
	case KindNumber:
		if f, err := strconv.ParseFloat(v.Str, 64); err == nil && !math.IsInf(f, 0) {
			return Float{V: f, Pos: v.Pos, Set: true}
		}
	case KindString:
		if dc.d != dAPI {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return Float{V: f, Pos: v.Pos, Set: true}
			}
		}
	case KindUnknown:
		if !quiet {
			dc.unresolved(v, path, false)
		}
		return Float{Unresolved: v.Unresolved, Pos: v.Pos}
	}
	dc.errorf(diag.ECSWrongType, v.Pos, "%s must be a number, not %s", path, describe(v))
	return Float{}
}

func (dc *decoder) bool(v *Value, path string, quiet bool) Bool {
	switch v.Kind {
	case KindBool:
		return Bool{V: v.Str == "true", Pos: v.Pos, Set: true}
	case KindString:
		if dc.d != dAPI {
			switch strings.ToLower(strings.TrimSpace(v.Str)) {
			case "true":
				return Bool{V: true, Pos: v.Pos, Set: true}
			case "false":
				return Bool{V: false, Pos: v.Pos, Set: true}
			}
		}
	case KindUnknown:
		if !quiet {
			dc.unresolved(v, path, false)
		}
		return Bool{Unresolved: v.Unresolved, Pos: v.Pos}
	}
	dc.errorf(diag.ECSWrongType, v.Pos, "%s must be true or false, not %s", path, describe(v))
	return Bool{}
}

func (dc *decoder) strMap(v *Value, path string, quiet bool) StrMap {
	if v.Kind == KindUnknown {
		if !quiet {
			dc.unresolved(v, path, false)
		}
		return StrMap{}
	}
	if v.Kind != KindMap {
		dc.errorf(diag.ECSWrongType, v.Pos, "%s must be an object of strings, not %s", path, describe(v))
		return StrMap{}
	}
	m := StrMap{Pos: v.Pos, Set: true}
	for _, e := range v.Entries {
		if e.Val == nil || e.Val.Kind == KindNull {
			continue
		}
		s, ok := dc.str(e.Val, joinPath(path, e.Key), quiet)
		if ok {
			m.Entries = append(m.Entries, StrEntry{Key: e.Key, KeyPos: e.KeyPos, Val: s})
		}
	}
	return m
}
