package kube

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	netv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// noiseKeys are object fields whose empty value ({}) carries no meaning and
// is dropped from the output (`status: {}`, `resources: {}`, …). Empty
// values that do mean something, such as `emptyDir: {}`, are kept.
var noiseKeys = map[string]bool{
	"status": true, "resources": true, "strategy": true, "securityContext": true,
}

// Marshal renders a typed Kubernetes object as YAML: fields in the order of
// the Go type (apiVersion, kind, metadata, spec), block style, strings quoted
// only where YAML would misread them, noise fields dropped.
//
// The result is exactly JSONToYAML(json.Marshal(obj)), written without the
// JSON detour: the value is walked with reflection, following encoding/json's
// rules (json tags, omitempty and omitzero, embedded structs, sorted map
// keys, Marshaler types).
func Marshal(obj any) ([]byte, error) {
	// Written in a pooled buffer, then copied once at its final size.
	bp := marshalBufs.Get().(*[]byte)
	defer marshalBufs.Put(bp)
	b, err := AppendYAML((*bp)[:0], obj)
	if err != nil {
		return nil, err
	}
	if cap(b) <= maxPooledBuf {
		*bp = b
	}
	return append(make([]byte, 0, len(b)), b...), nil
}

// marshalBufs holds Marshal's buffers (*[]byte) up to maxPooledBuf bytes.
var marshalBufs = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBuf = 1 << 20

// AppendYAML appends the YAML of obj (see Marshal) to dst. On error dst is
// returned unchanged in length.
func AppendYAML(dst []byte, obj any) (out []byte, err error) {
	if ing, ok := obj.(*netv1.Ingress); ok && ing != nil {
		if b, ok := appendIngress(dst, ing); ok {
			return b, nil
		}
	}
	return appendYAML(dst, obj)
}

// appendYAML is AppendYAML with the general encoder only.
func appendYAML(dst []byte, obj any) (out []byte, err error) {
	e := encPool.Get().(*encoder)
	e.b = dst
	start := len(dst)
	defer func() {
		if r := recover(); r != nil {
			ee, ok := r.(encError)
			if !ok {
				panic(r)
			}
			out, err = dst[:start], ee.err
		}
		e.release()
	}()
	e.top(obj)
	return e.b, nil
}

// JSONToYAML converts one JSON value (an object) to block-style YAML,
// keeping key order.
func JSONToYAML(js []byte) ([]byte, error) {
	v, err := parseJSON(js)
	if err != nil {
		return nil, err
	}
	swapKindFirst(v)
	dropStatus(v)
	e := &encoder{b: make([]byte, 0, len(js)+len(js)/2)}
	e.node(v, 0, false)
	return e.b, nil
}

// A top-level status is never written, empty or not: it is what the API
// server reports about the object, not part of a manifest, and some types
// have status fields without omitempty (an HPA's desiredReplicas: 0,
// currentMetrics: null) that would otherwise appear.

// dropStatus removes the top-level status of an object node.
func dropStatus(v *jnode) {
	if v.kind != 'o' {
		return
	}
	for i, k := range v.keys {
		if k == "status" {
			v.keys = append(v.keys[:i:i], v.keys[i+1:]...)
			v.vals = append(v.vals[:i:i], v.vals[i+1:]...)
			return
		}
	}
}

// swapKindFirst puts apiVersion before kind, as kubectl and every manifest
// writer do.
func swapKindFirst(v *jnode) {
	if v.kind == 'o' && len(v.keys) >= 2 && v.keys[0] == "kind" && v.keys[1] == "apiVersion" {
		v.keys[0], v.keys[1] = v.keys[1], v.keys[0]
		v.vals[0], v.vals[1] = v.vals[1], v.vals[0]
	}
}

// --- JSON node trees (JSONToYAML, and values of Marshaler types) ---

// jnode is a parsed JSON value. Scalars keep their JSON text.
type jnode struct {
	kind byte // 'o' object, 'a' array, 's' string, 'l' literal (number, bool, null)
	keys []string
	vals []*jnode
	text string // raw JSON text for s (quoted) and l
	str  string // decoded string for s
}

func parseJSON(js []byte) (*jnode, error) {
	p := &jparser{s: js}
	return p.value()
}

type jparser struct {
	s []byte
	i int
}

func (p *jparser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

// next reads what follows a member of an object or array: a ',' before
// the next one, or the closing byte (done).
func (p *jparser) next(closing byte) (done bool, err error) {
	p.ws()
	if p.i < len(p.s) {
		switch p.s[p.i] {
		case ',':
			p.i++
			return false, nil
		case closing:
			p.i++
			return true, nil
		}
	}
	return false, fmt.Errorf("expected ',' or '%c'", closing)
}

func (p *jparser) value() (*jnode, error) {
	p.ws()
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("unexpected end of JSON")
	}
	switch c := p.s[p.i]; c {
	case '{':
		p.i++
		n := &jnode{kind: 'o'}
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return n, nil
		}
		for {
			p.ws()
			k, err := p.value()
			if err != nil {
				return nil, err
			}
			if k.kind != 's' {
				return nil, fmt.Errorf("object key is not a string")
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("expected ':'")
			}
			p.i++
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k.str)
			n.vals = append(n.vals, v)
			done, err := p.next('}')
			if err != nil {
				return nil, err
			}
			if done {
				return n, nil
			}
		}
	case '[':
		p.i++
		n := &jnode{kind: 'a'}
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return n, nil
		}
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
			done, err := p.next(']')
			if err != nil {
				return nil, err
			}
			if done {
				return n, nil
			}
		}
	case '"':
		start := p.i
		p.i++
		esc := false
		for p.i < len(p.s) {
			c := p.s[p.i]
			if c == '\\' {
				esc = true
				p.i += 2
				continue
			}
			if c == '"' {
				break
			}
			p.i++
		}
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("unterminated string")
		}
		p.i++
		raw := string(p.s[start:p.i])
		n := &jnode{kind: 's', text: raw}
		if esc {
			if err := json.Unmarshal([]byte(raw), &n.str); err != nil {
				return nil, err
			}
		} else {
			n.str = raw[1 : len(raw)-1]
		}
		return n, nil
	default:
		start := p.i
		for p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != '}' && p.s[p.i] != ']' && p.s[p.i] != ' ' && p.s[p.i] != '\n' {
			p.i++
		}
		return &jnode{kind: 'l', text: string(p.s[start:p.i])}, nil
	}
}

// isHollow reports whether n is an object holding only hollow objects, such
// as `status: {loadBalancer: {}}`.
func isHollow(n *jnode) bool {
	if n.kind != 'o' {
		return false
	}
	for _, v := range n.vals {
		if !isHollow(v) {
			return false
		}
	}
	return true
}

// isNoise reports whether the field k: v is an empty default the API server
// fills in itself.
func isNoise(k string, v *jnode) bool {
	if noiseKeys[k] && isHollow(v) {
		return true
	}
	return k == "creationTimestamp" && v.kind == 'l' && v.text == "null"
}

// node writes n at the given indentation. inSeq is true when n is an
// item of a sequence and its first line follows "- ".
func (e *encoder) node(n *jnode, level int, inSeq bool) {
	switch n.kind {
	case 'o':
		first := true
		for i, k := range n.keys {
			v := n.vals[i]
			if isNoise(k, v) {
				continue
			}
			if !(first && inSeq) {
				e.indent(level)
			}
			first = false
			e.b = appendScalarString(e.b, k)
			e.b = append(e.b, ':')
			e.nodeValue(v, level+1)
		}
		if first {
			// every key was noise, or the object is empty
			e.b = append(e.b, "{}\n"...)
		}
	case 'a':
		for i, v := range n.vals {
			if !(i == 0 && inSeq) {
				e.indent(level)
			}
			e.b = append(e.b, "- "...)
			switch v.kind {
			case 'o':
				if len(v.keys) == 0 {
					e.b = append(e.b, "{}\n"...)
				} else {
					e.node(v, level+1, true)
				}
			case 'a':
				if len(v.vals) == 0 {
					e.b = append(e.b, "[]\n"...)
				} else {
					e.node(v, level+1, true)
				}
			default:
				e.nodeScalar(v)
				e.b = append(e.b, '\n')
			}
		}
	default:
		e.nodeScalar(n)
		e.b = append(e.b, '\n')
	}
}

// nodeValue writes the value after "key:".
func (e *encoder) nodeValue(v *jnode, level int) {
	switch v.kind {
	case 'o':
		if len(v.keys) == 0 {
			e.b = append(e.b, " {}\n"...)
			return
		}
		e.b = append(e.b, '\n')
		e.node(v, level, false)
	case 'a':
		if len(v.vals) == 0 {
			e.b = append(e.b, " []\n"...)
			return
		}
		e.b = append(e.b, '\n')
		// sequences under a key are indented one level less (kubectl style)
		e.node(v, level-1, false)
	default:
		e.b = append(e.b, ' ')
		e.nodeScalar(v)
		e.b = append(e.b, '\n')
	}
}

func (e *encoder) nodeScalar(n *jnode) {
	if n.kind == 's' {
		e.b = appendScalarString(e.b, n.str)
		return
	}
	e.b = append(e.b, n.text...)
}

// --- the direct encoder ---

// encoder writes YAML straight from Go values. It is not safe for
// concurrent use; encoders are pooled.
//
// Values are reached through unsafe pointers with offsets computed from
// reflect (see plan): the encoder only reads, and only memory of the type
// its plan describes. Values whose encoding needs methods (Marshaler types,
// interfaces, maps of anything but strings) go through package reflect.
type encoder struct {
	b     []byte
	depth int
	// Stacks of map entries being written (maps nest).
	strKV []strKV
	valKV []valKV
}

type strKV struct{ k, v string }

type valKV struct {
	k string
	v unsafe.Pointer // a copy of the map value
}

var encPool = sync.Pool{New: func() any { return new(encoder) }}

func (e *encoder) release() {
	e.b = nil
	e.depth = 0
	clear(e.strKV)
	e.strKV = e.strKV[:0]
	clear(e.valKV)
	e.valKV = e.valKV[:0]
	encPool.Put(e)
}

// encError carries an error out of the encoder's recursion.
type encError struct{ err error }

func (e *encoder) fail(err error) { panic(encError{err}) }

// maxDepth bounds nesting: encoding/json reports a cycle instead of
// recursing forever.
const maxDepth = 10000

const indentSpaces = "                                                                "

func (e *encoder) indent(level int) {
	n := 2 * level
	for n > len(indentSpaces) {
		e.b = append(e.b, indentSpaces...)
		n -= len(indentSpaces)
	}
	e.b = append(e.b, indentSpaces[:n]...)
}

// value is a Go value resolved to the JSON value encoding/json writes for
// it: pointers and interfaces followed, Marshaler types marshalled.
type value struct {
	kind byte // 'o' object, 'a' array, 's' string, 'l' literal text, 'i' int, 'u' uint
	// addr says that ptr points into memory encoding/json would see as
	// addressable (reached through a pointer), which decides whether
	// Marshaler methods with pointer receivers are called.
	addr bool
	ptr  unsafe.Pointer // 'o', 'a': the struct, map variable, slice header or array
	p    *plan
	s    string // 's': the string (see appendScalarString); 'l': the JSON text
	i    int64  // 'i'; 'u' holds a uint64
	n    *jnode // set when the value came from JSON text (a Marshaler)
}

var nullValue = value{kind: 'l', s: "null"}

func nodeValue(n *jnode) value {
	v := value{kind: n.kind, n: n}
	switch n.kind {
	case 's':
		v.s = n.str
	case 'l':
		v.s = n.text
	}
	return v
}

// sliceHeader is the layout of a slice.
type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

// resolve follows the value of plan p at ptr to the JSON value it encodes
// as.
func (e *encoder) resolve(ptr unsafe.Pointer, p *plan, addr bool) value {
	for {
		switch p.kind {
		case pPtr:
			q := *(*unsafe.Pointer)(ptr)
			if q == nil {
				return nullValue
			}
			ptr, p, addr = q, p.elem, true
		case pIface:
			rv := reflect.NewAt(p.typ, ptr).Elem()
			if rv.IsNil() {
				return nullValue
			}
			dyn := rv.Elem()
			tmp := reflect.New(dyn.Type())
			tmp.Elem().Set(dyn)
			ptr, p, addr = tmp.UnsafePointer(), planOf(dyn.Type()), false
		case pStruct:
			return value{kind: 'o', ptr: ptr, p: p, addr: addr}
		case pMap:
			if *(*unsafe.Pointer)(ptr) == nil {
				return nullValue
			}
			return value{kind: 'o', ptr: ptr, p: p, addr: addr}
		case pSlice:
			if (*sliceHeader)(ptr).data == nil {
				return nullValue
			}
			return value{kind: 'a', ptr: ptr, p: p, addr: addr}
		case pArray:
			return value{kind: 'a', ptr: ptr, p: p, addr: addr}
		case pString:
			return value{kind: 's', s: *(*string)(ptr)}
		case pBool:
			if *(*bool)(ptr) {
				return value{kind: 'l', s: "true"}
			}
			return value{kind: 'l', s: "false"}
		case pInt:
			var i int64
			switch p.size {
			case 1:
				i = int64(*(*int8)(ptr))
			case 2:
				i = int64(*(*int16)(ptr))
			case 4:
				i = int64(*(*int32)(ptr))
			default:
				i = *(*int64)(ptr)
			}
			return value{kind: 'i', i: i}
		case pUint:
			var u uint64
			switch p.size {
			case 1:
				u = uint64(*(*uint8)(ptr))
			case 2:
				u = uint64(*(*uint16)(ptr))
			case 4:
				u = uint64(*(*uint32)(ptr))
			default:
				u = *(*uint64)(ptr)
			}
			return value{kind: 'u', i: int64(u)}
		case pBytes:
			b := *(*[]byte)(ptr)
			if b == nil {
				return nullValue
			}
			return value{kind: 's', s: base64.StdEncoding.EncodeToString(b)}
		case pTime:
			if t := (*metav1.Time)(ptr); t.IsZero() {
				return nullValue
			}
			return e.viaJSON(ptr, p, addr)
		case pIntOrString:
			switch ios := (*intstr.IntOrString)(ptr); ios.Type {
			case intstr.Int:
				return value{kind: 'i', i: int64(ios.IntVal)}
			case intstr.String:
				return value{kind: 's', s: ios.StrVal}
			}
			return e.viaJSON(ptr, p, addr)
		default: // pJSON
			return e.viaJSON(ptr, p, addr)
		}
	}
}

// viaJSON marshals the value with encoding/json (Marshaler types, floats
// and other rarities) and parses the result.
func (e *encoder) viaJSON(ptr unsafe.Pointer, p *plan, addr bool) value {
	rv := reflect.NewAt(p.typ, ptr)
	var x any
	if addr {
		x = rv.Interface()
	} else {
		x = rv.Elem().Interface()
	}
	js, err := json.Marshal(x)
	if err != nil {
		e.fail(err)
	}
	n, err := parseJSON(js)
	if err != nil {
		e.fail(err)
	}
	return nodeValue(n)
}

// jsonString is s as a JSON round trip returns it: encoding/json replaces
// each byte of invalid UTF-8 with U+FFFD.
func jsonString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for j := 0; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[j : j+size])
		}
		j += size
	}
	return b.String()
}

// fieldPtr returns the address of f in the struct at base; ok is false when
// f lies behind a nil embedded pointer.
func fieldPtr(base unsafe.Pointer, f *field) (unsafe.Pointer, bool) {
	if f.steps == nil {
		return unsafe.Add(base, f.off), true
	}
	p := base
	for _, st := range f.steps {
		if st.deref {
			p = *(*unsafe.Pointer)(p)
			if p == nil {
				return nil, false
			}
		}
		p = unsafe.Add(p, st.off)
	}
	return p, true
}

// omitted reports whether encoding/json leaves out field f with its value
// at ptr.
func omitted(f *field, ptr unsafe.Pointer) bool {
	if f.omitEmpty && isEmpty(f.p, ptr) {
		return true
	}
	if f.omitZero {
		v := reflect.NewAt(f.p.typ, ptr).Elem()
		if f.isZero != nil {
			return f.isZero(v)
		}
		return v.IsZero()
	}
	return false
}

// isEmpty is encoding/json's isEmptyValue.
func isEmpty(p *plan, ptr unsafe.Pointer) bool {
	switch p.empty {
	case emptyLen:
		// The length of a slice or a string, its second word (a string is
		// not read as a whole slice header: that would overrun it).
		return *(*int)(unsafe.Add(ptr, unsafe.Sizeof(uintptr(0)))) == 0
	case emptyMap:
		if *(*unsafe.Pointer)(ptr) == nil {
			return true
		}
		return reflect.NewAt(p.typ, ptr).Elem().Len() == 0
	case emptyBytes:
		for i := uintptr(0); i < p.size; i++ {
			if *(*byte)(unsafe.Add(ptr, i)) != 0 {
				return false
			}
		}
		return true
	case emptyFirstWord:
		return *(*unsafe.Pointer)(ptr) == nil
	case emptyAlways:
		return true
	}
	return false
}

func emptyArray(v value) bool {
	if v.n != nil {
		return len(v.n.vals) == 0
	}
	if v.p.kind == pArray {
		return v.p.length == 0
	}
	return (*sliceHeader)(v.ptr).len == 0
}

// hollow reports whether v is an object holding only hollow objects.
func (e *encoder) hollow(v value) bool {
	if v.kind != 'o' {
		return false
	}
	if v.n != nil {
		return isHollow(v.n)
	}
	if v.p.kind == pMap {
		start := e.mapEntries(v)
		defer e.dropEntries(start)
		for i := start; i < len(e.valKV); i++ {
			if !e.hollow(e.resolve(e.valKV[i].v, v.p.elem, false)) {
				return false
			}
		}
		return true
	}
	for i := range v.p.fields {
		f := &v.p.fields[i]
		fp, ok := fieldPtr(v.ptr, f)
		if !ok || omitted(f, fp) {
			continue
		}
		if !e.hollow(e.resolve(fp, f.p, v.addr)) {
			return false
		}
	}
	return true
}

func (e *encoder) noise(noiseKey, ctKey bool, v value) bool {
	if noiseKey && e.hollow(v) {
		return true
	}
	return ctKey && v.kind == 'l' && v.s == "null"
}

func (e *encoder) scalar(v value) {
	switch v.kind {
	case 's':
		e.b = appendScalarString(e.b, v.s)
	case 'i':
		e.b = strconv.AppendInt(e.b, v.i, 10)
	case 'u':
		e.b = strconv.AppendUint(e.b, uint64(v.i), 10)
	default:
		e.b = append(e.b, v.s...)
	}
}

// top writes a whole document.
func (e *encoder) top(obj any) {
	if obj == nil {
		e.b = append(e.b, "null\n"...)
		return
	}
	rv := reflect.ValueOf(obj)
	var v value
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			v = nullValue
		} else {
			v = e.resolve(rv.UnsafePointer(), planOf(rv.Type()).elem, true)
		}
	} else {
		// encoding/json sees a copy: not addressable
		tmp := reflect.New(rv.Type())
		tmp.Elem().Set(rv)
		v = e.resolve(tmp.UnsafePointer(), planOf(rv.Type()), false)
	}
	if v.n != nil {
		swapKindFirst(v.n)
		dropStatus(v.n)
		e.node(v.n, 0, false)
		return
	}
	switch v.kind {
	case 'o':
		if v.p.kind == pStruct {
			e.topStruct(v)
			return
		}
		e.object(v, 0, false)
	case 'a':
		e.array(v, 0, false)
	default:
		e.scalar(v)
		e.b = append(e.b, '\n')
	}
}

// topStruct writes a top-level struct, apiVersion before kind.
func (e *encoder) topStruct(v value) {
	// The first two fields written, if they are kind and apiVersion, are
	// swapped.
	var firstTwo [2]int
	n := 0
	for i := range v.p.fields {
		f := &v.p.fields[i]
		fp, ok := fieldPtr(v.ptr, f)
		if !ok || omitted(f, fp) {
			continue
		}
		firstTwo[n] = i
		if n++; n == 2 {
			break
		}
	}
	swap := n == 2 && v.p.fields[firstTwo[0]].name == "kind" && v.p.fields[firstTwo[1]].name == "apiVersion"
	first := true
	write := func(f *field, fp unsafe.Pointer) {
		if f.name == "status" {
			return // the server's, never the manifest's (see dropStatus)
		}
		cv := e.resolve(fp, f.p, v.addr)
		if (f.noise || f.ctime) && e.noise(f.noise, f.ctime, cv) {
			return
		}
		first = false
		e.b = append(e.b, f.key...)
		e.b = append(e.b, ':')
		e.value(cv, 1)
	}
	if swap {
		for _, i := range []int{firstTwo[1], firstTwo[0]} {
			f := &v.p.fields[i]
			fp, _ := fieldPtr(v.ptr, f)
			write(f, fp)
		}
	}
	for i := range v.p.fields {
		if swap && (i == firstTwo[0] || i == firstTwo[1]) {
			continue
		}
		f := &v.p.fields[i]
		fp, ok := fieldPtr(v.ptr, f)
		if !ok || omitted(f, fp) {
			continue
		}
		write(f, fp)
	}
	if first {
		e.b = append(e.b, "{}\n"...)
	}
}

// mapEntries pushes the entries of the map v on e.valKV, sorted by key,
// and returns where they start.
func (e *encoder) mapEntries(v value) int {
	start := len(e.valKV)
	rv := reflect.NewAt(v.p.typ, v.ptr).Elem()
	et := v.p.elem.typ
	it := rv.MapRange()
	for it.Next() {
		tmp := reflect.New(et)
		tmp.Elem().Set(it.Value())
		e.valKV = append(e.valKV, valKV{it.Key().String(), tmp.UnsafePointer()})
	}
	slices.SortFunc(e.valKV[start:], func(a, b valKV) int { return strings.Compare(a.k, b.k) })
	return start
}

func (e *encoder) dropEntries(start int) {
	clear(e.valKV[start:])
	e.valKV = e.valKV[:start]
}

// object writes the keys of object v at the given indentation; inSeq is
// true when its first line follows "- ". When no key is written, because
// the object has none or all are noise, it writes "{}". It returns whether
// the object had keys.
func (e *encoder) object(v value, level int, inSeq bool) (keys bool) {
	if v.n != nil {
		e.node(v.n, level, inSeq)
		return len(v.n.keys) > 0
	}
	if e.depth++; e.depth > maxDepth {
		e.fail(fmt.Errorf("json: unsupported value: encountered a cycle via %s", v.p.typ))
	}
	first := true
	switch v.p.kind {
	case pStruct:
		for i := range v.p.fields {
			f := &v.p.fields[i]
			fp, ok := fieldPtr(v.ptr, f)
			if !ok || omitted(f, fp) {
				continue
			}
			keys = true
			cv := e.resolve(fp, f.p, v.addr)
			if (f.noise || f.ctime) && e.noise(f.noise, f.ctime, cv) {
				continue
			}
			if !(first && inSeq) {
				e.indent(level)
			}
			first = false
			e.b = append(e.b, f.key...)
			e.b = append(e.b, ':')
			e.value(cv, level+1)
		}
	case pMap:
		if v.p.strMap {
			first = e.stringMap(*(*map[string]string)(v.ptr), level, inSeq)
			keys = !first
			break
		}
		start := e.mapEntries(v)
		keys = len(e.valKV) > start
		for i := start; i < len(e.valKV); i++ {
			kv := e.valKV[i]
			k := kv.k
			cv := e.resolve(kv.v, v.p.elem, false)
			if nk, ck := noiseKeys[k], k == "creationTimestamp"; (nk || ck) && e.noise(nk, ck, cv) {
				continue
			}
			if !(first && inSeq) {
				e.indent(level)
			}
			first = false
			e.b = appendScalarString(e.b, k)
			e.b = append(e.b, ':')
			e.value(cv, level+1)
		}
		e.dropEntries(start)
	}
	if first {
		// every key was noise, or the object is empty
		e.b = append(e.b, "{}\n"...)
	}
	e.depth--
	return keys
}

// stringMap writes a map whose keys and values are plain strings (labels,
// annotations, ConfigMap data). It returns whether the map was empty.
func (e *encoder) stringMap(m map[string]string, level int, inSeq bool) bool {
	start := len(e.strKV)
	for k, v := range m {
		e.strKV = append(e.strKV, strKV{k, v})
	}
	kvs := e.strKV[start:]
	slices.SortFunc(kvs, func(a, b strKV) int { return strings.Compare(a.k, b.k) })
	for i, kv := range kvs {
		if !(i == 0 && inSeq) {
			e.indent(level)
		}
		e.b = appendScalarString(e.b, kv.k)
		e.b = append(e.b, ':', ' ')
		e.b = appendScalarString(e.b, kv.v)
		e.b = append(e.b, '\n')
	}
	empty := len(kvs) == 0
	clear(kvs)
	e.strKV = e.strKV[:start]
	return empty
}

// array writes the items of array v at the given indentation.
func (e *encoder) array(v value, level int, inSeq bool) {
	if v.n != nil {
		e.node(v.n, level, inSeq)
		return
	}
	if e.depth++; e.depth > maxDepth {
		e.fail(fmt.Errorf("json: unsupported value: encountered a cycle via %s", v.p.typ))
	}
	base, n, addr := v.ptr, v.p.length, v.addr
	if v.p.kind == pSlice {
		h := (*sliceHeader)(v.ptr)
		base, n, addr = h.data, h.len, true // slice elements are addressable
	}
	size := v.p.elem.size
	for i := 0; i < n; i++ {
		cv := e.resolve(unsafe.Add(base, uintptr(i)*size), v.p.elem, addr)
		if !(i == 0 && inSeq) {
			e.indent(level)
		}
		e.b = append(e.b, "- "...)
		switch cv.kind {
		case 'o':
			// an empty object is written "{}" as one whose keys are all
			// noise
			e.object(cv, level+1, true)
		case 'a':
			if emptyArray(cv) {
				e.b = append(e.b, "[]\n"...)
			} else {
				e.array(cv, level+1, true)
			}
		default:
			e.scalar(cv)
			e.b = append(e.b, '\n')
		}
	}
	e.depth--
}

// value writes the value after "key:".
func (e *encoder) value(v value, level int) {
	switch v.kind {
	case 'o':
		// Write the keys on the next lines; with none, " {}" instead.
		mark := len(e.b)
		e.b = append(e.b, '\n')
		if !e.object(v, level, false) {
			e.b = append(e.b[:mark], " {}\n"...)
		}
	case 'a':
		if emptyArray(v) {
			e.b = append(e.b, " []\n"...)
			return
		}
		e.b = append(e.b, '\n')
		// sequences under a key are indented one level less (kubectl style)
		e.array(v, level-1, false)
	default:
		e.b = append(e.b, ' ')
		e.scalar(v)
		e.b = append(e.b, '\n')
	}
}

// --- encoding plans, one per type, cached ---

type planKind uint8

const (
	pJSON planKind = iota // through encoding/json
	pBool
	pInt
	pUint
	pString
	pBytes
	pStruct
	pMap
	pSlice
	pArray
	pPtr
	pIface
	pTime
	pIntOrString
)

// plan says how values of one type are encoded. Plans are immutable once
// built.
type plan struct {
	kind   planKind
	typ    reflect.Type
	size   uintptr   // typ.Size()
	empty  emptyKind // how encoding/json's omitempty tests it
	elem   *plan     // pPtr, pSlice, pArray, pMap (the value)
	length int       // pArray
	fields []field   // pStruct, in encoding/json's order
	// strMap: a map with string keys and string values.
	strMap bool
}

type emptyKind uint8

const (
	emptyNever     emptyKind = iota // structs
	emptyLen                        // strings and slices: length 0
	emptyMap                        // maps: nil or length 0
	emptyBytes                      // bools and numbers: all bytes zero
	emptyFirstWord                  // pointers and interfaces: nil
	emptyAlways                     // arrays of length 0
)

// field is a struct field as encoding/json sees it.
type field struct {
	name      string
	key       string // name as a YAML key
	index     []int
	off       uintptr     // offset in the struct, when steps is nil
	steps     []fieldStep // the path to a field of an embedded struct
	p         *plan
	omitEmpty bool
	omitZero  bool
	isZero    func(reflect.Value) bool
	noise     bool // a noise key (see noiseKeys)
	ctime     bool // creationTimestamp
	quoted    bool // the ",string" option: left to encoding/json
	tag       bool
}

// fieldStep is one step to a promoted field: dereference (for an embedded
// pointer), then add the offset.
type fieldStep struct {
	deref bool
	off   uintptr
}

var plans sync.Map // reflect.Type -> *plan

func planOf(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	b := &planBuilder{building: map[reflect.Type]*plan{}}
	p := b.build(t)
	for t, bp := range b.building {
		plans.LoadOrStore(t, bp)
	}
	if q, ok := plans.Load(t); ok {
		return q.(*plan)
	}
	return p
}

type planBuilder struct {
	building map[reflect.Type]*plan
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	timeType          = reflect.TypeFor[metav1.Time]()
	intOrStringType   = reflect.TypeFor[intstr.IntOrString]()
)

func implementsMarshaler(t reflect.Type) bool {
	return t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(marshalerType) || reflect.PointerTo(t).Implements(textMarshalerType))
}

func (b *planBuilder) build(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := b.building[t]; ok {
		return p
	}
	p := &plan{typ: t, size: t.Size(), empty: emptyOf(t)}
	b.building[t] = p
	switch {
	case t == timeType:
		p.kind = pTime
		return p
	case t == intOrStringType:
		p.kind = pIntOrString
		return p
	case t.Kind() == reflect.Pointer:
		p.kind = pPtr
		p.elem = b.build(t.Elem())
		return p
	case t.Kind() == reflect.Interface:
		p.kind = pIface
		return p
	case implementsMarshaler(t):
		p.kind = pJSON
		return p
	}
	switch t.Kind() {
	case reflect.Bool:
		p.kind = pBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind = pInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.kind = pUint
	case reflect.String:
		p.kind = pString
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			// []byte is base64; byte types with marshalers are left
			// to encoding/json.
			if !implementsMarshaler(t.Elem()) {
				p.kind = pBytes
			}
			return p
		}
		p.kind = pSlice
		p.elem = b.build(t.Elem())
	case reflect.Array:
		p.kind = pArray
		p.elem = b.build(t.Elem())
		p.length = t.Len()
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return p // pJSON: integer and TextMarshaler keys
		}
		p.kind = pMap
		p.elem = b.build(t.Elem())
		p.strMap = t.Elem().Kind() == reflect.String && p.elem.kind == pString
	case reflect.Struct:
		fields := typeFields(t)
		for _, f := range fields {
			if f.quoted {
				return p // pJSON
			}
		}
		p.kind = pStruct
		for i := range fields {
			f := &fields[i]
			f.p = b.build(typeByIndex(t, f.index))
			f.off, f.steps = fieldOffset(t, f.index)
		}
		p.fields = fields
	}
	return p
}

func emptyOf(t reflect.Type) emptyKind {
	switch t.Kind() {
	case reflect.String, reflect.Slice:
		return emptyLen
	case reflect.Map:
		return emptyMap
	case reflect.Array:
		if t.Len() == 0 {
			return emptyAlways
		}
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return emptyBytes
	case reflect.Interface, reflect.Pointer:
		return emptyFirstWord
	}
	return emptyNever
}

// fieldOffset returns the offset of the field at index in struct t, or the
// steps to it when it is promoted from an embedded struct.
func fieldOffset(t reflect.Type, index []int) (uintptr, []fieldStep) {
	if len(index) == 1 {
		return t.Field(index[0]).Offset, nil
	}
	var steps []fieldStep
	for _, i := range index {
		deref := false
		if t.Kind() == reflect.Pointer {
			deref, t = true, t.Elem()
		}
		sf := t.Field(i)
		steps = append(steps, fieldStep{deref, sf.Offset})
		t = sf.Type
	}
	return 0, steps
}

func typeByIndex(t reflect.Type, index []int) reflect.Type {
	for _, i := range index {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		t = t.Field(i).Type
	}
	return t
}

type isZeroer interface{ IsZero() bool }

var isZeroerType = reflect.TypeFor[isZeroer]()

// typeFields returns the fields encoding/json encodes for struct type t, in
// its order (see encoding/json's typeFields, which this follows).
func typeFields(t reflect.Type) []field {
	current := []field{}
	next := []field{{}}
	nextTypes := []reflect.Type{t}
	var curTypes []reflect.Type
	var count, nextCount map[reflect.Type]int
	visited := map[reflect.Type]bool{}
	var fields []field

	for len(next) > 0 {
		current, next = next, current[:0]
		curTypes, nextTypes = nextTypes, curTypes[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}

		for fi, f := range current {
			ft0 := curTypes[fi]
			if visited[ft0] {
				continue
			}
			visited[ft0] = true
			for i := 0; i < ft0.NumField(); i++ {
				sf := ft0.Field(i)
				if sf.Anonymous {
					t := sf.Type
					if t.Kind() == reflect.Pointer {
						t = t.Elem()
					}
					if !sf.IsExported() && t.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !isValidTag(name) {
					name = ""
				}
				index := make([]int, len(f.index)+1)
				copy(index, f.index)
				index[len(f.index)] = i

				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				quoted := false
				if hasOpt(opts, "string") {
					switch ft.Kind() {
					case reflect.Bool,
						reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
						reflect.Float32, reflect.Float64,
						reflect.String:
						quoted = true
					}
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					tagged := name != ""
					if name == "" {
						name = sf.Name
					}
					fd := field{
						name:      name,
						tag:       tagged,
						index:     index,
						omitEmpty: hasOpt(opts, "omitempty"),
						omitZero:  hasOpt(opts, "omitzero"),
						quoted:    quoted,
					}
					if fd.omitZero {
						fd.isZero = zeroFunc(sf.Type)
					}
					fields = append(fields, fd)
					if count[ft0] > 1 {
						fields = append(fields, fields[len(fields)-1])
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, field{name: ft.Name(), index: index})
					nextTypes = append(nextTypes, ft)
				}
			}
		}
	}

	slices.SortFunc(fields, func(a, b field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := len(a.index) - len(b.index); c != 0 {
			return c
		}
		if a.tag != b.tag {
			if a.tag {
				return -1
			}
			return +1
		}
		return slices.Compare(a.index, b.index)
	})
	out := fields[:0]
	for advance, i := 0, 0; i < len(fields); i += advance {
		fi := fields[i]
		for advance = 1; i+advance < len(fields); advance++ {
			if fields[i+advance].name != fi.name {
				break
			}
		}
		if advance == 1 {
			out = append(out, fi)
			continue
		}
		// The first is dominant unless two are at the same depth with the
		// same taggedness: then none is encoded.
		if fs := fields[i : i+advance]; len(fs[0].index) == len(fs[1].index) && fs[0].tag == fs[1].tag {
			continue
		}
		out = append(out, fi)
	}
	fields = out
	slices.SortFunc(fields, func(a, b field) int { return slices.Compare(a.index, b.index) })
	for i := range fields {
		f := &fields[i]
		f.key = string(appendScalarString(nil, f.name))
		f.noise = noiseKeys[f.name]
		f.ctime = f.name == "creationTimestamp"
	}
	return fields
}

func hasOpt(opts, name string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == name {
			return true
		}
	}
	return false
}

func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// zeroFunc is encoding/json's IsZero for omitzero fields of type t (nil
// means reflect.Value.IsZero).
func zeroFunc(t reflect.Type) func(reflect.Value) bool {
	switch {
	case t.Kind() == reflect.Interface && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.IsNil() ||
				(v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil()) ||
				v.Interface().(isZeroer).IsZero()
		}
	case t.Kind() == reflect.Pointer && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.IsNil() || v.Interface().(isZeroer).IsZero()
		}
	case t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.Interface().(isZeroer).IsZero()
		}
	case reflect.PointerTo(t).Implements(isZeroerType):
		return func(v reflect.Value) bool {
			if !v.CanAddr() {
				v2 := reflect.New(v.Type()).Elem()
				v2.Set(v)
				v = v2
			}
			return v.Addr().Interface().(isZeroer).IsZero()
		}
	}
	return nil
}

// --- scalars ---

// appendScalarString appends s plain when YAML reads it back as the same
// string, and as a JSON (= YAML double-quoted) string otherwise; invalid
// UTF-8 is replaced as a JSON round trip does (plain strings are ASCII).
func appendScalarString(b []byte, s string) []byte {
	if plainSafe(s) {
		return append(b, s...)
	}
	return strconv.AppendQuote(b, jsonString(s))
}

// plainClass classifies the bytes of plain scalars: 1 always allowed,
// 2 ':' (not before a space or at the end), 3 ' ' (not before '#' or at the
// end), 0 never.
var plainClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = 1, 1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	for _, c := range []byte("-_./=()+$^?|\\*") {
		t[c] = 1
	}
	t[':'], t[' '] = 2, 3
	return t
}()

func plainSafe(s string) bool {
	if s == "" {
		return false
	}
	if len(s) <= 5 {
		switch s {
		case "true", "false", "yes", "no", "on", "off", "null", "True", "False", "Yes", "No", "On", "Off",
			"Null", "NULL", "TRUE", "FALSE", "YES", "NO", "ON", "OFF", "~", "y", "n", "Y", "N", "<<":
			return false
		}
	}
	// Numbers, and things YAML may read as numbers, dates or times, start
	// with a digit, '-' or '+'; indicators with other punctuation.
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '_' || c == '.' && len(s) > 1 && !(s[1] >= '0' && s[1] <= '9')) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch plainClass[s[i]] {
		case 1:
		case 2: // ':'
			if i+1 < len(s) && s[i+1] != ' ' {
				continue
			}
			return false
		case 3: // ' '
			if i+1 < len(s) && s[i+1] == '#' || i == len(s)-1 {
				return false
			}
		default:
			return false
		}
	}
	// Numbers like 1e3 or 0x1F start with a digit and are excluded above;
	// ".inf"/".nan" start with '.' followed by a letter.
	if len(s) == 4 {
		switch s {
		case ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN":
			return false
		}
	}
	return true
}
