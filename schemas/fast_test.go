package schemas

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// columnValues returns bad and good variants of a column value, as tree
// builds them.
func columnValues(x any) []any {
	strs := []any{"", "a", "A", "a-b", "-a", "a-", "a.b", "a..b", "*.a.b", "a b", " a", "a ", "x\n", "/", "/a/b", "a/b", "x=y",
		"http", "https", "TCP", "UDP", "tcp", "exact", "prefix", "regex", "ReadWriteOnce", "Memory", "round-robin", "hash",
		"10.0.0.1", "::1", "10.0.0.0/8", "all", "1", "25%", "0", "0%", "1.5", "NET_ADMIN", "X-Header", "GET", "basic", "s", "m",
		"héllo", "\xff", "\xffa", "é", strings.Repeat("a", 63), strings.Repeat("a", 64), strings.Repeat("a.", 126) + "a", strings.Repeat("a.", 127) + "a",
		strings.Repeat("é", 253), strings.Repeat("é", 254), "DB_PASSWORD", "MODE", "aws-ssm", "file", "runtime/default", "localhost/x", "localhost/"}
	ints := []any{int64(0), int64(-1), int64(1), int64(2), int64(100), int64(99), int64(301), int64(304), int64(308), int64(309), int64(599), int64(600),
		int64(3600), int64(3601), int64(65535), int64(65536), int64(2147483647), int64(2147483648), int64(-2147483649)}
	bools := []any{true, false}
	others := []any{nil, 1.5, uint64(3), []any{}, map[string]any{}}
	var out []any
	switch x := x.(type) {
	case string:
		out = append(append(append(out, x), strs...), ints[:3]...)
	case int64:
		out = append(append(append(out, x, x+1, x-1, -x), ints...), "1")
	case bool:
		out = append(append(out, x), bools...)
		out = append(out, "true", int64(1))
	case []any:
		out = append(out, x, []any{}, nil, append(append([]any{}, x...), x...))
		for i, e := range x {
			for _, v := range columnValues(e) {
				l := append([]any{}, x...)
				l[i] = v
				out = append(out, l)
			}
		}
		for _, v := range columnValues(firstOr(x)) {
			out = append(out, []any{v}, append(append([]any{}, x...), v))
		}
	case map[string]any:
		out = append(out, x, map[string]any{}, map[string]any{"unknown": "x"})
		for k, e := range x {
			m := copyMap(x)
			delete(m, k)
			out = append(out, m)
			for _, v := range columnValues(e) {
				m := copyMap(x)
				m[k] = v
				out = append(out, m)
			}
		}
		m := copyMap(x)
		m["unknown"] = "x"
		out = append(out, m)
	}
	return append(out, others...)
}

func firstOr(l []any) any {
	if len(l) > 0 {
		return l[0]
	}
	return "a"
}

func copyMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// TestFastAgreesWithCUE checks the fast path of every column of fully
// populated projects: on their values and on good and bad variants of
// them, a value the predicate accepts is one CUE accepts. The predicate
// may leave a valid value to CUE (an optional field a check reads is
// absent), but it never does so for a scalar. It also checks that the
// columns that have no fast path are the expected ones.
func TestFastAgreesWithCUE(t *testing.T) {
	s := mustCompile()
	byPath := map[string]*kind{}
	var paths []string
	for _, p := range []*ir.Project{fullProject(), synthProject(3, 2), synthApps(2)} {
		v := newValidation(p)
		v.walkProject()
		v.plan(&pool{schemas: []*schema{s}, once: make([]sync.Once, 1)})
		for _, c := range v.columns {
			if byPath[c.path] == nil {
				byPath[c.path] = &kind{path: c.path, pred: c.pred}
				paths = append(paths, c.path)
			}
			byPath[c.path].parts = append(byPath[c.path].parts, c.parts...)
		}
	}
	sort.Strings(paths)
	var slow []string
	checked := 0
	for _, path := range paths {
		c := byPath[path]
		if c.pred == nil {
			slow = append(slow, path)
			continue
		}
		seen := map[string]bool{}
		for _, pt := range c.parts {
			for _, x := range columnValues(pt.tree) {
				key := fmt.Sprintf("%#v", x)
				if seen[key] {
					continue
				}
				seen[key] = true
				fast := c.pred(x)
				fs := s.validate(job{kind: c, parts: []*part{{tree: x}}}, nil)
				checked++
				switch {
				case fast && len(fs) > 0:
					t.Errorf("%s: the fast path accepts %s, CUE does not: %s", path, key, fs[0].msg)
				case !fast && len(fs) == 0:
					if _, isMap := pt.tree.(map[string]any); !isMap {
						t.Errorf("%s: CUE accepts %s, the fast path does not", path, key)
					}
				}
			}
		}
	}
	t.Logf("%d values of %d columns checked; no fast path: %v", checked, len(paths)-len(slow), slow)
	// (The service account and the sysctls have none as wholes, so they
	// are nested: their fields are columns, which have one.)
	if want := []string{}; fmt.Sprint(slow) != fmt.Sprint(want) {
		t.Errorf("columns without a fast path: %v, want %v", slow, want)
	}
}

// TestReferencesModel checks that the Go model of #References follows the
// embedded schema, and that it finds a bucket clean exactly when CUE finds
// nothing in it.
func TestReferencesModel(t *testing.T) {
	if !refsModelHolds() {
		t.Fatalf("#References changed (digest %s): bring the model in references.go in step, then refsModelDigest", refsDigest())
	}
	s := mustCompile()
	cases := map[string]func(p *ir.Project){
		"clean":          func(p *ir.Project) {},
		"duplicate app":  func(p *ir.Project) { p.Apps[3].Name = p.Apps[1].Name },
		"duplicate site": func(p *ir.Project) { p.Sites[7].Name = p.Sites[2].Name },
		"missing app":    func(p *ir.Project) { p.Sites[4].Routes[0].Backend.App = "nope" },
		"missing port":   func(p *ir.Project) { p.Sites[5].Routes[1].Backend.Port = 9999 },
		"no ports":       func(p *ir.Project) { p.Apps[6].Ports = nil },
		"spaced name":    func(p *ir.Project) { p.Apps[0].Name = "a 1"; p.Sites[0].Routes[0].Backend.App = "a" },
	}
	for name, change := range cases {
		p := synthProject(600, 300)
		change(p)
		v := newValidation(p)
		v.slowRefs = true
		k := v.references()
		dirty := 0
		for _, pt := range k.parts {
			fs := s.validate(job{kind: k, parts: []*part{pt}}, nil)
			if clean := pt.refs.clean(p); clean != (len(fs) == 0) {
				t.Errorf("%s: the model finds a bucket clean=%v, CUE finds %d violations", name, clean, len(fs))
			}
			if len(fs) > 0 {
				dirty++
			}
		}
		if (name == "clean") != (dirty == 0) {
			t.Errorf("%s: %d buckets with violations", name, dirty)
		}
	}
}

// TestRepeatedBadValue checks that a bad value of a column is reported at
// every place it occurs, and a good one nowhere, with or without the fast
// path's help.
func TestRepeatedBadValue(t *testing.T) {
	p := synthProject(6, 3)
	p.Sites[1].Hosts[0].Name = "Bad_Host"
	p.Sites[4].Hosts[1].Name = "Bad_Host"
	p.Sites[5].Hosts[0].Name = "Bad_Host"
	p.Apps[2].Endpoints[1].Address = ""
	_, vs := validate(p, &diag.Reporter{}, Options{})
	want := []string{"apps[2].endpoints[1].address", "sites[1].hosts[0].name", "sites[4].hosts[1].name", "sites[5].hosts[0].name"}
	if got := paths(vs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("violations at %v, want %v\n%s", got, want, showViolations(vs))
	}
}

// TestFastSeesEveryConjunct checks that a column whose constraint gets a
// conjunct where the analysis does not look has no fast path, and that one
// its parent adds is in the predicate.
func TestFastSeesEveryConjunct(t *testing.T) {
	edit := func(t *testing.T, add string) *schema {
		var files []File
		for _, f := range Files() {
			if f.Name == "ir.cue" {
				f.Data = append(append([]byte(nil), f.Data...), add...)
			}
			files = append(files, f)
		}
		s, err := compileFiles(files)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	const part, typ, name = "#Project.sites[].hosts[]", "Host", "name"
	if p := mustCompile().compileColumn(part, typ, name); p == nil || !p("a.example.com") {
		t.Fatal("no fast path for the host names")
	}
	// From the project, two levels up: not where the analysis looks.
	s := edit(t, "\n#Project: sites?: [...{hosts?: [...{name!: =~\"^z\"}]}]\n")
	if p := s.compileColumn(part, typ, name); p != nil {
		t.Errorf("a fast path for the host names, which the project constrains: %v", p("a.example.com"))
	}
	// From the site, where the analysis looks.
	s = edit(t, "\n#Site: hosts?: [...{name!: =~\"^z\"}]\n")
	if p := s.compileColumn(part, typ, name); p == nil || p("a.example.com") || !p("z.example.com") {
		t.Errorf("the fast path for the host names misses the site's constraint")
	}
}
