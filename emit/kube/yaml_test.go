package kube

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kubelift/kubelift/diag"
	pn "github.com/kubelift/kubelift/parser/nginx"
	tn "github.com/kubelift/kubelift/translate/nginx"
)

// viaJSON is the reference Marshal: encoding/json, then JSONToYAML.
func viaJSON(obj any) ([]byte, error) {
	js, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	return JSONToYAML(js)
}

func checkSame(t *testing.T, name string, obj any) {
	t.Helper()
	want, werr := viaJSON(obj)
	got, gerr := Marshal(obj)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%s: error %v, want %v", name, gerr, werr)
	}
	if string(got) != string(want) {
		t.Fatalf("%s: Marshal differs from JSONToYAML(json.Marshal):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

type inner struct {
	A string `json:"a,omitempty"`
	B int    `json:"b"`
}

type Embedded struct {
	E1  string `json:"e1"`
	E2  string `json:"e2,omitempty"`
	Dup string
}

type embeddedPtr struct {
	P1 string `json:"p1"`
}

type zeroer struct{ X int }

func (z zeroer) IsZero() bool { return z.X < 0 }

type ptrZeroer struct{ X int }

func (z *ptrZeroer) IsZero() bool { return z.X == 7 }

type textKey string

type marshalText struct{ S string }

func (m marshalText) MarshalText() ([]byte, error) { return []byte("T:" + m.S), nil }

type ptrMarshaler struct{ S string }

func (m *ptrMarshaler) MarshalJSON() ([]byte, error) {
	return []byte(`{"pm":` + fmt.Sprintf("%q", m.S) + `}`), nil
}

type failing struct{}

func (failing) MarshalJSON() ([]byte, error) { return nil, fmt.Errorf("nope") }

type small struct {
	A int8
	B uint16
	C int32
	D uint8
	E bool
}

type odd struct {
	Embedded
	*embeddedPtr
	inner `json:"inner"`
	Dup   string
	Plain string
	Skip  string `json:"-"`
	//lint:ignore SA5008 "-," names the field "-": the case under test
	Dash         string `json:"-,"`
	unexported   string
	F32          float32            `json:"f32"`
	F64          float64            `json:"f64,omitempty"`
	Bytes        []byte             `json:"bytes"`
	NilBytes     []byte             `json:"nilBytes"`
	Arr          [2]uint8           `json:"arr"`
	Any          any                `json:"any"`
	AnyMap       map[string]any     `json:"anyMap"`
	IntMap       map[int]string     `json:"intMap"`
	TextKeyMap   map[textKey]int    `json:"textKeyMap"`
	Quoted       int                `json:"quoted,string"`
	Zero         zeroer             `json:"zero,omitzero"`
	PZero        ptrZeroer          `json:"pzero,omitzero"`
	OZ           inner              `json:"oz,omitzero"`
	MT           marshalText        `json:"mt"`
	PM           ptrMarshaler       `json:"pm"`
	PMp          *ptrMarshaler      `json:"pmp"`
	Status       map[string]any     `json:"status"`
	Resources    struct{ X *int }   `json:"resources"`
	Strategy     *inner             `json:"strategy,omitempty"`
	SecCtx       map[string]inner   `json:"securityContext"`
	Nested       [][]string         `json:"nested"`
	EmptyObjs    []map[string]int   `json:"emptyObjs"`
	Time         metav1.Time        `json:"time"`
	TimeP        *metav1.Time       `json:"timeP"`
	Q            resource.Quantity  `json:"q"`
	IOS          intstr.IntOrString `json:"ios"`
	Weird        string             `json:"weird"`
	CT           *string            `json:"creationTimestamp"`
	Unicode      string             `json:"ünï"`
	Uintptr      uintptr            `json:"uintptr"`
	StringPtrPtr **string           `json:"spp"`
	SliceOfPtr   []*inner           `json:"sliceOfPtr"`
	AllNoise     struct {
		Status struct{} `json:"status"`
	} `json:"allNoise"`
	PMMap       map[string]ptrMarshaler `json:"pmMap"`
	PMSlice     []ptrMarshaler          `json:"pmSlice"`
	PMArr       [1]ptrMarshaler         `json:"pmArr"`
	PMAny       any                     `json:"pmAny"`
	PMAnyPtr    any                     `json:"pmAnyPtr"`
	Small       small                   `json:"small"`
	Named       map[textKey]textKey     `json:"named"`
	Labels      map[string]string       `json:"labels,omitempty"`
	EmptyLabels map[string]string       `json:"emptyLabels,omitempty"`
	EmptyArr    [0]int                  `json:"emptyArr,omitempty"`
	NegZero     float64                 `json:"negZero,omitempty"`
}

func TestMarshalEdgeCases(t *testing.T) {
	s := "x"
	sp := &s
	seven := 7
	v := odd{
		Embedded:     Embedded{E1: "one", Dup: "hidden?"},
		embeddedPtr:  &embeddedPtr{P1: "p"},
		inner:        inner{A: "in", B: 2},
		Dup:          "dup",
		Plain:        "true",
		Dash:         "dash",
		unexported:   "no",
		F32:          1.5e-7,
		F64:          1e21,
		Bytes:        []byte("hello\x00"),
		Arr:          [2]uint8{1, 2},
		Any:          map[string]any{"k": []any{1.5, "s", nil, true, map[string]any{}}},
		AnyMap:       map[string]any{"b": nil, "a": []int{}, "status": map[string]any{"x": map[string]any{}}},
		IntMap:       map[int]string{10: "ten", 2: "two", -1: "minus"},
		TextKeyMap:   map[textKey]int{"z": 1, "a": 2},
		Quoted:       42,
		Zero:         zeroer{X: -1},
		PZero:        ptrZeroer{X: 7},
		MT:           marshalText{"m"},
		PM:           ptrMarshaler{"p"},
		PMp:          &ptrMarshaler{"q"},
		Status:       map[string]any{},
		SecCtx:       map[string]inner{"status": {}},
		Nested:       [][]string{{}, nil, {"a", "b"}},
		EmptyObjs:    []map[string]int{{}, nil, {"x": 1}},
		TimeP:        &metav1.Time{Time: time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))},
		Q:            resource.MustParse("100m"),
		IOS:          intstr.FromString("http"),
		Weird:        "a\xffb\u2028<&>\"\n\t é",
		Unicode:      "ü",
		Uintptr:      9,
		StringPtrPtr: &sp,
		PMMap:        map[string]ptrMarshaler{"b": {"x"}, "a": {"y"}},
		PMSlice:      []ptrMarshaler{{"s"}},
		PMArr:        [1]ptrMarshaler{{"arr"}},
		PMAny:        ptrMarshaler{"v"},
		PMAnyPtr:     &ptrMarshaler{"p"},
		Small:        small{-3, 65535, -1 << 31, 255, true},
		Named:        map[textKey]textKey{"k": "v", "status": "x"},
		Labels:       map[string]string{"z": "1", "a": "true", "m": ""},
		EmptyLabels:  map[string]string{},
		NegZero:      math.Copysign(0, -1),
		SliceOfPtr:   []*inner{nil, {}, {A: "a"}},
	}
	_ = seven
	checkSame(t, "odd", v)
	checkSame(t, "&odd", &v)
	checkSame(t, "odd{}", odd{})
	checkSame(t, "nil", nil)
	checkSame(t, "string", "yes")
	checkSame(t, "int", 3)
	checkSame(t, "slice", []any{map[string]any{}, []int{}, 1, "a", map[string]int{"b": 1}, [][]int{{1}}})
	checkSame(t, "map", map[string]any{"kind": "K", "apiVersion": "v"})
	checkSame(t, "empty map", map[string]any{})
	checkSame(t, "hollow top", struct {
		Status struct{} `json:"status"`
	}{})
	checkSame(t, "kind first", struct {
		Kind       string   `json:"kind"`
		APIVersion string   `json:"apiVersion"`
		Status     struct{} `json:"status"`
	}{"K", "v", struct{}{}})
	checkSame(t, "kind first marshaler", json.RawMessage(`{"kind":"K","apiVersion":"v","x":[{}]}`))
	if _, err := Marshal(struct{ F failing }{}); err == nil {
		t.Error("Marshaler error not returned")
	}
	if _, err := Marshal(struct{ C chan int }{}); err == nil {
		t.Error("unsupported type accepted")
	}
	checkSame(t, "nan", struct{ F float64 }{})
}

// TestMarshalRandom compares Marshal with the JSON route on randomly filled
// Kubernetes objects.
func TestMarshalRandom(t *testing.T) {
	protos := []any{
		&appsv1.Deployment{}, &appsv1.StatefulSet{}, &corev1.Service{}, &corev1.ConfigMap{},
		&corev1.Secret{}, &corev1.PersistentVolumeClaim{}, &corev1.ServiceAccount{}, &corev1.Namespace{},
		&netv1.Ingress{}, &autoscalingv2.HorizontalPodAutoscaler{}, &policyv1.PodDisruptionBudget{},
		&externalSecret{},
	}
	n := 300
	if testing.Short() {
		n = 30
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		for _, p := range protos {
			v := reflect.New(reflect.TypeOf(p).Elem())
			f := &filler{r: r, density: 0.3 + 0.6*r.Float64()}
			f.fill(v.Elem(), 0)
			checkSame(t, fmt.Sprintf("%T #%d", p, i), v.Interface())
		}
	}
}

type filler struct {
	r       *rand.Rand
	density float64 // chance that a struct field is set
}

var fillStrings = []string{
	"", "a", "app", "true", "no", "1.5", "0x1F", "-", "- a", "a: b", "a:b", "x #c", "trail ", "ä", "a\xffb",
	"<html>&", "status", "resources", "strategy", "securityContext", "creationTimestamp", "kind", "apiVersion",
	"line\nbreak", "tab\t", "quote\"", `back\slash`, "~", ".inf", ".5", "/path/x", "$var", "{}", "[]", "*",
}

func (f *filler) str() string { return fillStrings[f.r.IntN(len(fillStrings))] }

func (f *filler) fill(v reflect.Value, depth int) {
	if depth > 14 {
		return
	}
	switch v.Type() {
	case reflect.TypeFor[metav1.Time]():
		if f.r.IntN(2) == 0 {
			v.Set(reflect.ValueOf(metav1.Time{Time: time.Unix(f.r.Int64N(1<<31), 0)}))
		}
		return
	case reflect.TypeFor[resource.Quantity]():
		qs := []string{"0", "100m", "1Gi", "2", "1.5"}
		v.Set(reflect.ValueOf(resource.MustParse(qs[f.r.IntN(len(qs))])))
		return
	case reflect.TypeFor[intstr.IntOrString]():
		switch f.r.IntN(3) {
		case 0:
			v.Set(reflect.ValueOf(intstr.FromInt32(f.r.Int32N(100))))
		case 1:
			v.Set(reflect.ValueOf(intstr.FromString(f.str())))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if f.r.IntN(3) == 0 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem(), depth+1)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() && f.r.Float64() < f.density {
				f.fill(v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		switch f.r.IntN(4) {
		case 0:
			return
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			return
		}
		n := 1 + f.r.IntN(2)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			f.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		switch f.r.IntN(4) {
		case 0:
			return
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := 0; i < 1+f.r.IntN(3); i++ {
			k := reflect.New(v.Type().Key()).Elem()
			f.fill(k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.String:
		v.SetString(f.str())
	case reflect.Bool:
		v.SetBool(f.r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.r.Int64N(200) - 100)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(f.r.Uint64N(200))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f.r.Float64() * 1e3)
	}
}

// TestMarshalSharedPlans marshals concurrently: plans are built once and
// shared, encoders are pooled.
func TestMarshalSharedPlans(t *testing.T) {
	obj := &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{Name: "s", Labels: map[string]string{"b": "2", "a": "1"}},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}}},
	}
	want, err := viaJSON(obj)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			var b strings.Builder
			for j := 0; j < 50; j++ {
				got, err := Marshal(obj)
				if err != nil || string(got) != string(want) {
					b.WriteString(fmt.Sprintf("got %q, %v\n", got, err))
				}
			}
			done <- b.String()
		}()
	}
	for i := 0; i < 8; i++ {
		if s := <-done; s != "" {
			t.Error(s)
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	obj := &netv1.Ingress{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
		ObjectMeta: metav1.ObjectMeta{Name: "site", Labels: map[string]string{"app.kubernetes.io/name": "site", "app.kubernetes.io/managed-by": "kubelift"}, Annotations: map[string]string{ann + "use-regex": "true"}},
	}
	pt := netv1.PathTypePrefix
	paths := []netv1.HTTPIngressPath{{Path: "/", PathType: &pt, Backend: netv1.IngressBackend{Service: &netv1.IngressServiceBackend{Name: "app", Port: netv1.ServiceBackendPort{Number: 80}}}}}
	obj.Spec.Rules = []netv1.IngressRule{{Host: "a.example.com", IngressRuleValue: netv1.IngressRuleValue{HTTP: &netv1.HTTPIngressRuleValue{Paths: paths}}}}
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for range b.N {
			buf, _ = AppendYAML(buf[:0], obj)
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			viaJSON(obj)
		}
	})
}

// TestEmitMarshalOption emits the golden nginx cases with and without
// Options.Marshal: the YAML and the diagnostics must be the same.
func TestEmitMarshalOption(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/nginx/*")
	corpus, _ := filepath.Glob("../../../shared/corpus/nginx/*")
	dirs = append(dirs, corpus...)
	n := 0
	for _, dir := range dirs {
		src, err := os.ReadFile(filepath.Join(dir, "nginx.conf"))
		if err != nil {
			continue
		}
		emit := func(marshal bool) (string, []diag.Diagnostic) {
			var rep diag.Reporter
			cfg := pn.ParseBytes(filepath.Join(dir, "nginx.conf"), src, pn.Options{NoIncludes: true}, &rep)
			p := tn.Translate([]*pn.Config{cfg}, tn.Options{Name: "t"}, &rep)
			objs := Emit(p, Options{Namespace: "ns", IngressClassName: "nginx", Marshal: marshal}, &rep)
			var b strings.Builder
			for _, o := range objs {
				y, err := o.YAML, o.Err
				if !marshal {
					y, err = Marshal(o.Obj)
				} else if o.Obj != nil {
					t.Errorf("%s: Obj kept with Options.Marshal", dir)
				}
				fmt.Fprintf(&b, "--- %s %s %s %s %v\n%s", o.Kind, o.Namespace, o.Name, o.Owner, err, y)
			}
			return b.String(), rep.Diagnostics()
		}
		y1, d1 := emit(false)
		y2, d2 := emit(true)
		if y1 != y2 {
			t.Errorf("%s: YAML differs with Options.Marshal:\n%s\n---- vs\n%s", dir, y1, y2)
		}
		if !reflect.DeepEqual(d1, d2) {
			t.Errorf("%s: diagnostics differ with Options.Marshal:\n%v\n---- vs\n%v", dir, d1, d2)
		}
		n++
	}
	if n == 0 {
		t.Skip("no nginx cases found")
	}
}

// TestSortCheckNames compares Sort and checkNames with the plain
// definitions: a stable sort by kind order, namespace and name, and the
// first of each kind, namespace and name kept.
func TestSortCheckNames(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	kinds := []string{"Ingress", "Service", "ConfigMap", "Widget", "Gadget", "Deployment"}
	for iter := 0; iter < 200; iter++ {
		var objs []Object
		for i := 0; i < r.IntN(60); i++ {
			objs = append(objs, Object{Kind: kinds[r.IntN(len(kinds))], Namespace: []string{"", "a"}[r.IntN(2)],
				Name: fmt.Sprint(r.IntN(5)), Owner: fmt.Sprint(i)})
		}
		want := slices.Clone(objs)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if ka, kb := kindRank(a.Kind), kindRank(b.Kind); ka != kb {
				return ka < kb
			}
			if a.Kind != b.Kind {
				return a.Kind < b.Kind
			}
			if a.Namespace != b.Namespace {
				return a.Namespace < b.Namespace
			}
			return a.Name < b.Name
		})
		seen := map[string]bool{}
		var kept []Object
		var wantRep diag.Reporter
		for _, o := range want {
			k := o.Kind + "/" + o.Namespace + "/" + o.Name
			if seen[k] {
				wantRep.Add(diag.OutputNameCollision, diag.Pos{}, "two %s objects named %q; only the first is emitted", o.Kind, o.Name)
				continue
			}
			seen[k] = true
			kept = append(kept, o)
		}
		var rep diag.Reporter
		e := &emitter{rep: &rep, objs: objs}
		Sort(e.objs)
		if !reflect.DeepEqual(e.objs, want) {
			t.Fatalf("Sort:\n%v\nwant\n%v", e.objs, want)
		}
		e.checkNames()
		if len(e.objs) != len(kept) || len(kept) > 0 && !reflect.DeepEqual(e.objs, kept) {
			t.Fatalf("checkNames:\n%v\nwant\n%v", e.objs, kept)
		}
		if got, want := rep.Diagnostics(), wantRep.Diagnostics(); !reflect.DeepEqual(got, want) {
			t.Fatalf("checkNames reported\n%v\nwant\n%v", got, want)
		}
	}
}

// refPlainSafe is plainSafe as first written (a switch per byte).
func refPlainSafe(s string) bool {
	if s == "" {
		return false
	}
	switch s {
	case "true", "false", "yes", "no", "on", "off", "null", "True", "False", "Yes", "No", "On", "Off",
		"Null", "NULL", "TRUE", "FALSE", "YES", "NO", "ON", "OFF", "~", "y", "n", "Y", "N", "<<":
		return false
	}
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '_' || c == '.' && len(s) > 1 && !(s[1] >= '0' && s[1] <= '9')) {
		if c >= '0' && c <= '9' || c == '-' || c == '+' {
			// numbers and things YAML may read as numbers, dates or times
			return false
		}
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == '/' || c == '=' || c == '(' || c == ')' || c == '+' || c == '$' || c == '^' || c == '?' || c == '|' || c == '\\' || c == '*':
		case c == ':':
			if i+1 < len(s) && s[i+1] != ' ' {
				continue
			}
			return false
		case c == ' ':
			if i+1 < len(s) && s[i+1] == '#' || i == len(s)-1 {
				return false
			}
		default:
			return false
		}
	}
	// Numbers like 1e3 or 0x1F start with a digit and are excluded above;
	// ".inf"/".nan" start with '.' followed by a letter.
	switch s {
	case ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN":
		return false
	}
	return true
}

func TestPlainSafe(t *testing.T) {
	cases := []string{"", "a", "true", "True", "<<", "~", ".inf", ".Inf", ".nan", ".5", ".a", "a: b", "a:b", "a:",
		"a #b", "a#b", "a ", " a", "-a", "+a", "1a", "_a", "/a/b", "a\\b", "a*b", "é", "a\x00", "a\tb", "a,b", "a[b]",
		"truex", "yes!", "Off", "OFF.", "a\"b", "a'b", "a%b", "a&b", "a@b", "a`b", "a{b}", "a>b", "a<b", "a;b", "a!b"}
	r := rand.New(rand.NewPCG(9, 9))
	alphabet := []byte("aZ09-_./=()+$^?|\\*: #,\"'%&@!{}[]<>~;\t\x80")
	for i := 0; i < 20000; i++ {
		b := make([]byte, r.IntN(7))
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			cases = append(cases, string([]byte{'a', byte(a), byte(b)}), string([]byte{byte(a), byte(b)}))
		}
	}
	for _, s := range cases {
		if got, want := plainSafe(s), refPlainSafe(s); got != want {
			t.Errorf("plainSafe(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestNoTopLevelStatus: an HPA's status has fields without omitempty; no
// status is written, by Marshal or by JSONToYAML, while a status field
// deeper in an object is kept.
func TestNoTopLevelStatus(t *testing.T) {
	min := int32(2)
	hpa := &autoscalingv2.HorizontalPodAutoscaler{
		TypeMeta:   metav1.TypeMeta{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler"},
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"},
			MinReplicas:    &min,
			MaxReplicas:    5,
		},
	}
	want := "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n    apiVersion: apps/v1\n  minReplicas: 2\n  maxReplicas: 5\n"
	got, err := Marshal(hpa)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("Marshal:\n%s\nwant:\n%s", got, want)
	}
	js, _ := json.Marshal(hpa)
	if !strings.Contains(string(js), `"status"`) {
		t.Fatal("the test needs a type whose status encoding/json writes")
	}
	got, err = JSONToYAML(js)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("JSONToYAML:\n%s\nwant:\n%s", got, want)
	}
	nested, err := JSONToYAML([]byte(`{"kind":"X","spec":{"status":"kept"}}`))
	if err != nil || !strings.Contains(string(nested), "status: kept") {
		t.Errorf("a nested status is dropped: %s %v", nested, err)
	}
}
