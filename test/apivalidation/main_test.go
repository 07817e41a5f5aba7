package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kubelift/kubelift"
	"github.com/kubelift/kubelift/test/apivalidation/validate"
)

// Where the main module's golden cases and the shared corpus are, from
// this directory (CI clones main with shared/ beside it). The flags point
// the tests elsewhere: go test -run TestGoldens . -args -testdata=DIR
var (
	testdataDir = flag.String("testdata", filepath.Join("..", "..", "testdata"), "the main module's golden cases")
	corpusDir   = flag.String("corpus", filepath.Join("..", "..", "..", "shared", "corpus"), "the shared corpus of legacy configuration")
)

// expectedUnvalidated are the kinds kubelift may emit that no validator
// here covers: custom resources whose CRDs are not bundled. Any other
// unvalidated kind fails the tests, so that a new kind is either wired
// into package validate or consciously listed here.
var expectedUnvalidated = map[string]bool{
	"external-secrets.io/ExternalSecret": true,
}

// report checks one validation result in a test: every problem is an
// error, every unvalidated object is logged (an unexpected kind is an
// error), and the validated kinds are logged.
func report(t *testing.T, r validate.Result) {
	t.Helper()
	validate.SortProblems(r.Problems)
	for _, p := range r.Problems {
		t.Errorf("REJECTED %s", p)
	}
	kinds := map[string]int{}
	for _, u := range r.Unvalidated {
		gk := strings.SplitN(u.APIVersion, "/", 2)[0] + "/" + u.Kind
		if !strings.Contains(u.APIVersion, "/") {
			gk = "/" + u.Kind // core group
		}
		if !expectedUnvalidated[gk] {
			t.Errorf("NOT VALIDATED %s (kind not in expectedUnvalidated: wire it into package validate or list it)", u)
		}
		kinds[gk]++
	}
	for gk, n := range kinds {
		t.Logf("not validated (no schema): %s ×%d", gk, n)
	}
	var vk []string
	for k, n := range r.Kinds {
		vk = append(vk, k+": "+itoa(n))
	}
	sort.Strings(vk)
	t.Logf("%d objects, %d validated: %s", r.Objects, r.Validated, strings.Join(vk, "; "))
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// goldenFiles lists every golden manifest under dir: the *.yaml files below
// a want/ directory, diagnostics excepted.
func goldenFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, ".yaml") || strings.HasPrefix(d.Name(), "diagnostics") {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		for _, part := range strings.Split(filepath.ToSlash(filepath.Dir(rel)), "/") {
			if part == "want" {
				files = append(files, p)
				break
			}
		}
		return nil
	})
	return files, err
}

// TestGoldens validates every golden manifest of the main module.
func TestGoldens(t *testing.T) {
	if _, err := os.Stat(*testdataDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s does not exist", *testdataDir)
	}
	files, err := goldenFiles(*testdataDir)
	if err != nil {
		t.Fatal(err)
	}
	var total validate.Result
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(*testdataDir, f)
		total.Add(validate.Check(data, "testdata/"+filepath.ToSlash(rel)))
	}
	report(t, total)
	if total.Validated == 0 {
		t.Fatalf("validated no golden object (%d files under %s/**/want/)", len(files), *testdataDir)
	}
	t.Logf("%d golden files", len(files))
}

// corpusInputs is what a corpus case is converted from: the case directory
// (Convert picks its nginx.conf, or else every regular file directly in
// it) plus, for configuration kept in subdirectories, every file below it
// that kubelift detects as a format it reads, as a user converting a copied
// tree would pass them (files another input includes are translated once).
func corpusInputs(caseDir string) ([]string, error) {
	inputs := []string{caseDir}
	err := filepath.WalkDir(caseDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || filepath.Dir(p) == caseDir {
			return nil // the case directory's own files come with it
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(data)) > 0 && kubelift.Detect(p, data) != kubelift.FormatUnknown {
			inputs = append(inputs, p)
		}
		return nil
	})
	return inputs, err
}

// TestCorpus converts every case of the shared corpus with the library
// and validates every manifest it returns, with the default options and
// with ExternalSecrets.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(*corpusDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s does not exist (CI clones shared/ beside main/)", *corpusDir)
	}
	formats, err := os.ReadDir(*corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	variants := []struct {
		name string
		opts kubelift.Options
	}{
		{"default", kubelift.Options{}},
		{"external-secrets", kubelift.Options{ExternalSecrets: true}},
	}
	var all validate.Result
	for _, format := range formats {
		if !format.IsDir() {
			continue
		}
		cases, err := os.ReadDir(filepath.Join(*corpusDir, format.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if !c.IsDir() {
				continue
			}
			name := format.Name() + "/" + c.Name()
			inputs, err := corpusInputs(filepath.Join(*corpusDir, format.Name(), c.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range variants {
				t.Run(name+"/"+v.name, func(t *testing.T) {
					opts := v.opts
					opts.Inputs = inputs
					res, err := kubelift.Convert(context.Background(), opts)
					if err != nil {
						t.Fatalf("Convert: %v", err)
					}
					if len(res.Files) == 0 {
						codes := map[string]int{}
						for _, d := range res.Diagnostics {
							codes[d.Severity.String()+"["+string(d.Code)+"]"]++
						}
						t.Logf("no manifests (input errors: %v; diagnostics %v) from %v", res.InputErrors, codes, inputs)
						return
					}
					var r validate.Result
					for _, f := range res.Files {
						r.Add(validate.Check(f.Data, "corpus/"+name+"["+v.name+"]/"+f.Path))
					}
					report(t, r)
					all.Add(r)
				})
			}
		}
	}
	if all.Validated == 0 {
		t.Fatalf("validated no object from the corpus at %s", *corpusDir)
	}
	t.Logf("corpus total: %d objects, %d validated, %d not validated", all.Objects, all.Validated, len(all.Unvalidated))
}

// TestCLI runs the command on the fixtures of package validate.
func TestCLI(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"validate/testdata/good"}, 0, []string{"NOT VALIDATED", "ExternalSecret", "problems"}},
		{[]string{"-strict", "validate/testdata/good"}, 1, nil},
		{[]string{"validate/testdata/bad/ingress-relative-path.yaml"}, 1, []string{
			`validate/testdata/bad/ingress-relative-path.yaml: Ingress/web: spec.rules[0].http.paths[0].path: Invalid value: "api/v1": must be an absolute path`}},
		{[]string{"validate/testdata/bad"}, 1, []string{"8 objects in 8 files: 8 validated, 0 not validated"}},
		{nil, 2, nil},
		{[]string{"no/such/file.yaml"}, 2, nil},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tt.args, code, tt.code, out.String(), errOut.String())
		}
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out.String())
			}
		}
	}
	var out, errOut bytes.Buffer
	stdin := "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, name: HTTP}]\n"
	if code := run(context.Background(), []string{"-q", "-"}, strings.NewReader(stdin), &out, &errOut); code != 1 ||
		!strings.Contains(out.String(), "-: Service/s: spec.ports[0].name") {
		t.Errorf("stdin: exit %d\n%s%s", code, out.String(), errOut.String())
	}
}
