package kubelift_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubelift/kubelift"
	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen"
)

var update = flag.Bool("update", false, "rewrite the want/ directories of the golden cases")

// A golden case is a directory testdata/<format>/<case>/. Every file in it,
// recursively, is an input, except want/ (the expected output) and
// SOURCE.md (where the inputs come from). want/ holds the manifests as
// `kubelift convert -o DIR` writes them, and diagnostics.txt with the
// findings in text form.
func goldenCases(t *testing.T) []string {
	t.Helper()
	var cases []string
	for _, format := range []string{"nginx", "ecs"} {
		ents, err := os.ReadDir(filepath.Join("testdata", format))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if e.IsDir() {
				cases = append(cases, filepath.Join("testdata", format, e.Name()))
			}
		}
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	return cases
}

// caseInputs lists the input files of a golden case, sorted.
func caseInputs(t testing.TB, dir string) []string {
	t.Helper()
	var ins []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "want" || p == filepath.Join(dir, "root")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() != "SOURCE.md" {
			ins = append(ins, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) == 0 {
		t.Fatalf("%s has no input files", dir)
	}
	return ins
}

func convert(t testing.TB, inputs []string) *kubelift.Result {
	t.Helper()
	opts := kubelift.Options{Inputs: inputs}
	// A case's root/ directory stands for the nginx host's file system
	// root: absolute includes are looked up there.
	if len(inputs) > 0 {
		if dir := caseDir(inputs[0]); dir != "" {
			if st, err := os.Stat(filepath.Join(dir, "root")); err == nil && st.IsDir() {
				opts.NginxRoot = filepath.Join(dir, "root")
			}
		}
	}
	res, err := kubelift.Convert(context.Background(), opts)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return res
}

// caseDir is the golden case directory an input belongs to, or "".
func caseDir(input string) string {
	parts := strings.Split(filepath.ToSlash(input), "/")
	if len(parts) >= 3 && parts[0] == "testdata" {
		return filepath.Join(parts[0], parts[1], parts[2])
	}
	return ""
}

// rendered is a conversion as the golden files hold it: path -> content.
func rendered(res *kubelift.Result) map[string]string {
	out := map[string]string{}
	for _, f := range res.Files {
		out[f.Path] = string(f.Data)
	}
	var b bytes.Buffer
	if err := diag.WriteText(&b, res.Diagnostics); err != nil {
		panic(err)
	}
	if res.InputErrors {
		b.WriteString("(input errors: nothing emitted)\n")
	}
	out["diagnostics.txt"] = b.String()
	return out
}

func readWant(t *testing.T, dir string) map[string]string {
	t.Helper()
	want := map[string]string{}
	root := filepath.Join(dir, "want")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		want[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return want
}

func writeWant(t *testing.T, dir string, got map[string]string) {
	t.Helper()
	root := filepath.Join(dir, "want")
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	for p, data := range got {
		f := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGolden(t *testing.T) {
	for _, dir := range goldenCases(t) {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			got := rendered(convert(t, caseInputs(t, dir)))
			if *update {
				writeWant(t, dir, got)
				return
			}
			want := readWant(t, dir)
			if len(want) == 0 {
				t.Fatalf("%s/want is missing; run go test -run TestGolden -update and review it", dir)
			}
			for _, p := range sortedKeys(want, got) {
				if d := cmp.Diff(want[p], got[p]); d != "" {
					t.Errorf("%s (-want +got):\n%s", p, d)
				}
			}
		})
	}
}

func sortedKeys(ms ...map[string]string) []string {
	set := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			set[k] = true
		}
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// newTyped returns an empty value of the k8s.io/api type for apiVersion/kind.
func newTyped(apiVersion, kind string) (any, bool) {
	switch apiVersion + "/" + kind {
	case "v1/Service":
		return &corev1.Service{}, true
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1/Secret":
		return &corev1.Secret{}, true
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}, true
	case "v1/PersistentVolumeClaim":
		return &corev1.PersistentVolumeClaim{}, true
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, true
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "networking.k8s.io/v1/Ingress":
		return &netv1.Ingress{}, true
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	}
	return nil, false
}

// strictDecode decodes one YAML object into its k8s.io/api type, refusing
// unknown and duplicate fields, and checks that it encodes back to the same
// JSON (nothing was lost or mistyped).
func strictDecode(data []byte) error {
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return err
	}
	var tm struct{ APIVersion, Kind string }
	if err := json.Unmarshal(js, &tm); err != nil {
		return err
	}
	obj, ok := newTyped(tm.APIVersion, tm.Kind)
	if !ok {
		return fmt.Errorf("no k8s.io/api type known for %s %s", tm.APIVersion, tm.Kind)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(obj); err != nil {
		return fmt.Errorf("%s: %w", tm.Kind, err)
	}
	back, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	var a, b any
	_ = json.Unmarshal(js, &a)
	_ = json.Unmarshal(back, &b)
	stripEmpty(b)
	if d := cmp.Diff(a, b); d != "" {
		return fmt.Errorf("%s does not round-trip through its Go type (-yaml +typed):\n%s", tm.Kind, d)
	}
	return nil
}

// stripEmpty drops what the emitter leaves out on purpose (the top-level
// status, empty resources: {}, creationTimestamp: null).
func stripEmpty(v any) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	if md, ok := m["metadata"].(map[string]any); ok && md["creationTimestamp"] == nil {
		delete(md, "creationTimestamp")
	}
	// The writer never writes a top-level status (the server's).
	delete(m, "status")
	var hollow func(any) bool
	hollow = func(x any) bool {
		mm, ok := x.(map[string]any)
		if !ok {
			return false
		}
		for _, y := range mm {
			if !hollow(y) {
				return false
			}
		}
		return true
	}
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case map[string]any:
			for k, y := range t {
				if (k == "status" || k == "resources" || k == "strategy" || k == "securityContext") && hollow(y) {
					delete(t, k)
					continue
				}
				walk(y)
			}
		case []any:
			for _, y := range t {
				walk(y)
			}
		}
	}
	walk(m)
}

// TestStrictDecode decodes every emitted object of every golden case and
// every corpus conversion into its k8s.io/api type, unknown fields refused.
func TestStrictDecode(t *testing.T) {
	n := 0
	check := func(name string, files []kubelift.File) {
		for _, f := range files {
			n++
			if err := strictDecode(f.Data); err != nil {
				t.Errorf("%s: %s: %v", name, f.Path, err)
			}
		}
	}
	for _, dir := range goldenCases(t) {
		check(dir, convert(t, caseInputs(t, dir)).Files)
	}
	for _, dir := range corpusCases(t) {
		check(dir, convert(t, []string{dir}).Files)
	}
	if n == 0 {
		t.Fatal("no object decoded")
	}
	t.Logf("%d objects decoded strictly", n)
}

const corpusRoot = "../shared/corpus"

// corpusCases lists the corpus case directories kubelift reads today.
func corpusCases(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, format := range []string{"nginx", "ecs"} {
		ents, err := os.ReadDir(filepath.Join(corpusRoot, format))
		if err != nil {
			t.Skipf("corpus not found beside the checkout: %v", err)
		}
		for _, e := range ents {
			if e.IsDir() {
				out = append(out, filepath.Join(corpusRoot, format, e.Name()))
			}
		}
	}
	return out
}

// TestDeterminism converts every golden case twice, once with its inputs
// in reverse order, and requires byte-identical output.
func TestDeterminism(t *testing.T) {
	for _, dir := range goldenCases(t) {
		ins := caseInputs(t, dir)
		a := rendered(convert(t, ins))
		rev := append([]string(nil), ins...)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		b := rendered(convert(t, rev))
		c := rendered(convert(t, ins))
		for _, other := range []map[string]string{b, c} {
			if d := cmp.Diff(a, other); d != "" {
				t.Errorf("%s: output differs between runs:\n%s", dir, d)
			}
		}
	}
}

// TestDeterminismCores converts a generated fleet of 1,000 servers, large
// enough for the parallel translation and marshalling, on two cores and
// on one, and requires the same manifests and findings.
func TestDeterminismCores(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	path := benchgen.File(t, 1000)
	run := func(procs int) (*kubelift.Result, string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		res, err := kubelift.Convert(context.Background(), kubelift.Options{Inputs: []string{path}, MaxFileSize: 1 << 30})
		if err != nil {
			t.Fatal(err)
		}
		var ds strings.Builder
		for _, d := range res.Diagnostics {
			fmt.Fprintf(&ds, "%s %v\n", d, d.Related)
		}
		return res, ds.String()
	}
	two, twoDiags := run(2)
	one, oneDiags := run(1)
	if len(two.Files) < 6000 {
		t.Fatalf("only %d files", len(two.Files))
	}
	if !bytes.Equal(two.Stream(), one.Stream()) {
		t.Error("the manifests differ between two cores and one")
	}
	if twoDiags != oneDiags {
		t.Errorf("the findings differ between two cores and one:\n%s", cmp.Diff(oneDiags, twoDiags))
	}
}
