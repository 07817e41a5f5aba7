package schemas

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/errors"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// validateWhole validates p the simple way, for comparison: the whole
// project as JSON (origins included) against #Project in one CUE value,
// and #References on the names, ports and backends read from that JSON.
// (#Project checks references too, through _references; but CUE cannot
// iterate a list with an invalid element, so one invalid app makes every
// backend look unknown there. Validate reads the references from the Go
// values and does not cascade; so does this.)
func validateWhole(t testing.TB, s *schema, p *ir.Project) []violation {
	t.Helper()
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	ts := types{}
	var out []violation
	for _, e := range wholeErrors(t, s, data) {
		labels := unquote(e.Path()[1:])
		if len(labels) > 0 && labels[0] == "_references" {
			continue
		}
		format, args := e.Msg()
		v := violation{msg: fmt.Sprintf(format, args...)}
		v.path, v.pos = ts.locate(reflect.ValueOf(p).Elem(), "", diag.Pos{}, labels)
		out = append(out, v)
	}
	// The projection, from the JSON.
	var tree struct {
		Apps []struct {
			Name  string
			Ports []struct{ Port int }
		}
		Sites []struct {
			Name   string
			Routes []struct {
				Backend *struct {
					App  string
					Port int
				}
			}
		}
	}
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	refs := map[string]any{}
	var apps, ports, sites, backends []any
	for _, a := range tree.Apps {
		apps = append(apps, a.Name)
		for _, p := range a.Ports {
			ports = append(ports, fmt.Sprintf("%s %d", a.Name, p.Port))
		}
	}
	for _, s := range tree.Sites {
		sites = append(sites, s.Name)
		for _, r := range s.Routes {
			if r.Backend != nil {
				backends = append(backends, map[string]any{"app": r.Backend.App, "port": int64(r.Backend.Port)})
			}
		}
	}
	refs["apps"], refs["ports"], refs["sites"], refs["backends"] = apps, ports, sites, backends
	for _, e := range errors.Errors(s.refs.Unify(s.ctx.Encode(refs)).Validate(cue.Concrete(true), cue.Hidden(true))) {
		labels := unquote(e.Path())
		format, args := e.Msg()
		v := violation{msg: fmt.Sprintf(format, args...)}
		v.path, v.pos = wholeRef(p, labels[len(labels)-2], labels[len(labels)-1])
		out = append(out, v)
	}
	return out
}

// wholeErrors validates JSON data against #Project.
func wholeErrors(t testing.TB, s *schema, data []byte) []errors.Error {
	t.Helper()
	list := s.ctx.CompileBytes(append(append([]byte("["), data...), ']'))
	if err := list.Err(); err != nil {
		t.Fatal(err)
	}
	lc := s.ctx.CompileString("[...]").FillPath(cue.MakePath(cue.AnyIndex), s.project)
	return errors.Errors(lc.Unify(list).Validate(cue.Concrete(true), cue.Hidden(true)))
}

func unquote(labels []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		if u, err := strconv.Unquote(l); err == nil {
			l = u
		}
		out[i] = l
	}
	return out
}

// wholeRef locates a #References finding of #Project._references.
func wholeRef(p *ir.Project, check, index string) (string, diag.Pos) {
	i, _ := strconv.Atoi(index)
	switch check {
	case "_appName":
		return fmt.Sprintf("apps[%d].name", i), p.Apps[i].Origin.Pos
	case "_siteName":
		return fmt.Sprintf("sites[%d].name", i), p.Sites[i].Origin.Pos
	}
	n := 0
	for si, s := range p.Sites {
		for ri, r := range s.Routes {
			if r.Backend == nil {
				continue
			}
			if n == i {
				f := "app"
				if check == "_backendPort" {
					f = "port"
				}
				return fmt.Sprintf("sites[%d].routes[%d].backend.%s", si, ri, f), r.Backend.Origin.Pos
			}
			n++
		}
	}
	return "?", diag.Pos{}
}

// paths returns the sorted, distinct IR paths of violations.
func paths(vs []violation) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v.path] {
			seen[v.path] = true
			out = append(out, v.path)
		}
	}
	sort.Strings(out)
	return out
}

// TestFullProjectCoversIR: fullProject sets every field of every IR struct
// type (reachable from ir.Project) somewhere, so that TestSchemaCoversIR
// sees every field. A field added to the IR fails here until fullProject
// sets it, and then TestSchemaCoversIR until the schema has it.
func TestFullProjectCoversIR(t *testing.T) {
	set := map[string]bool{}
	var all []string
	seenType := map[reflect.Type]bool{}
	var types func(t reflect.Type)
	types = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seenType[t] {
			return
		}
		seenType[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			all = append(all, t.Name()+"."+f.Name)
			types(f.Type)
		}
	}
	types(reflect.TypeOf(ir.Project{}))
	var values func(v reflect.Value)
	values = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				values(v.Elem())
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				values(v.Index(i))
			}
		case reflect.Struct:
			t := v.Type()
			for i := 0; i < t.NumField(); i++ {
				if !t.Field(i).IsExported() {
					continue
				}
				if !v.Field(i).IsZero() {
					set[t.Name()+"."+t.Field(i).Name] = true
				}
				values(v.Field(i))
			}
		}
	}
	values(reflect.ValueOf(fullProject()))
	for _, f := range all {
		if !set[f] {
			t.Errorf("fullProject leaves %s zero everywhere: set it (and check the schema has it)", f)
		}
	}
}

// TestSchemaCoversIR: the fully populated project, as encoding/json writes
// it, is valid against #Project. The definitions are closed, so a Go field
// missing from the schema fails here. Validate agrees.
func TestSchemaCoversIR(t *testing.T) {
	s := mustCompile()
	p := fullProject()
	if vs := validateWhole(t, s, p); len(vs) > 0 {
		t.Errorf("the full project is invalid as JSON:\n%s", showViolations(vs))
	}
	rep := &diag.Reporter{}
	inv, vs := validate(p, rep, Options{})
	if len(vs) > 0 || !inv.Empty() {
		t.Errorf("Validate finds the full project invalid:\n%s", dump(rep.Diagnostics()))
	}
}

func showViolations(vs []violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%s: %s: %s\n", v.pos, v.path, v.msg)
	}
	return b.String()
}

// TestEncoderMatchesJSON: the encoder writes what encoding/json writes.
func TestEncoderMatchesJSON(t *testing.T) {
	p := fullProject()
	want, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	e := encoder{types: types{}, full: true}
	e.value(reflect.ValueOf(p))
	var a, b any
	if err := json.Unmarshal(e.buf, &a); err != nil {
		t.Fatalf("encoder output is not JSON: %v\n%s", err, e.buf)
	}
	if err := json.Unmarshal(want, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("encoder output differs from encoding/json:\n got %s\nwant %s", e.buf, want)
	}
	// Strings with every kind of escape survive.
	for _, s := range []string{"a\"b\\c", "tab\there\nnew", "\x00\x1f", "é ∑ 🙂", "bad \xff utf8", "</script>"} {
		got := appendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("appendString(%q) = %s: %v", s, got, err)
			continue
		}
		wantS := strings.ToValidUTF8(s, "\ufffd")
		if back != wantS {
			t.Errorf("appendString(%q) decodes to %q", s, back)
		}
	}
}

// TestDefinitionsNamedAfterTypes: every IR struct type T has a definition
// #T, which the analysis of analyze.go relies on.
func TestDefinitionsNamedAfterTypes(t *testing.T) {
	s := mustCompile()
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeOf(ir.Project{}).PkgPath() {
			return
		}
		seen[typ] = true
		if !s.root.LookupPath(cue.MakePath(cue.Def("#" + typ.Name()))).Exists() {
			t.Errorf("ir.%s has no definition #%s in the schema", typ.Name(), typ.Name())
		}
		for i := 0; i < typ.NumField(); i++ {
			walk(typ.Field(i).Type)
		}
	}
	walk(reflect.TypeOf(ir.Project{}))
}

// TestSchemaClosed: a field the schema does not know, at any level of the
// project, is refused.
func TestSchemaClosed(t *testing.T) {
	s := mustCompile()
	data, err := json.Marshal(fullProject())
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	// Every distinct place an object occurs, with indexes as [].
	type place struct {
		pattern string
		labels  []string
	}
	var places []place
	seen := map[string]bool{}
	var walk func(v any, labels []string, pattern string)
	walk = func(v any, labels []string, pattern string) {
		switch x := v.(type) {
		case map[string]any:
			if !seen[pattern] {
				seen[pattern] = true
				places = append(places, place{pattern, append([]string(nil), labels...)})
			}
			for k, e := range x {
				walk(e, append(labels, k), pattern+"."+k)
			}
		case []any:
			for i, e := range x {
				walk(e, append(labels, strconv.Itoa(i)), pattern+"[]")
			}
		}
	}
	walk(tree, nil, "")
	if len(places) < 40 {
		t.Fatalf("only %d places to test", len(places))
	}
	for _, pl := range places {
		var copyTree any
		json.Unmarshal(data, &copyTree)
		node := copyTree
		for _, l := range pl.labels {
			switch x := node.(type) {
			case map[string]any:
				node = x[l]
			case []any:
				i, _ := strconv.Atoi(l)
				node = x[i]
			}
		}
		node.(map[string]any)["secretValue"] = "hunter2"
		bad, _ := json.Marshal(copyTree)
		errs := wholeErrors(t, s, bad)
		want := strings.Join(append(append([]string{"0"}, pl.labels...), "secretValue"), ".")
		found := false
		for _, e := range errs {
			if strings.Join(unquote(e.Path()), ".") == want && strings.Contains(e.Error(), "not allowed") {
				found = true
			}
		}
		if !found {
			t.Errorf("an unknown field at %s is not refused; errors: %v", pl.pattern, errs)
		}
	}
}

// TestSource: the embedded files compile as one package, and Source holds
// each with a header.
func TestSource(t *testing.T) {
	if _, err := compile(); err != nil {
		t.Fatal(err)
	}
	src := Source()
	for _, f := range Files() {
		if !strings.Contains(src, "// ==> schemas/"+f.Name+" <==\n"+string(f.Data)) {
			t.Errorf("Source lacks %s", f.Name)
		}
	}
	if !strings.Contains(src, "#Project: {") || !strings.Contains(src, "#References: {") {
		t.Error("Source lacks #Project or #References")
	}
}

// TestPrune: Prune drops the invalid apps and sites, and only them.
func TestPrune(t *testing.T) {
	p := fullProject()
	p.Apps[1].Ports[0].Port = 0
	p.Sites[0].Listeners[0].Port = 0
	inv := Validate(p, &diag.Reporter{})
	if !inv.Apps["worker"] || inv.Apps["api"] || !inv.Sites["shop"] || inv.Project || inv.Empty() {
		t.Fatalf("invalid %+v", inv)
	}
	q := inv.Prune(p)
	if len(q.Apps) != 1 || q.Apps[0].Name != "api" || len(q.Sites) != 0 || len(p.Apps) != 2 || len(p.Sites) != 1 {
		t.Errorf("pruned to %d apps, %d sites; the original has %d, %d", len(q.Apps), len(q.Sites), len(p.Apps), len(p.Sites))
	}
}

// TestDiagnosticText shows a finding as printed.
func TestDiagnosticText(t *testing.T) {
	p := fullProject()
	p.Apps[1].Ports[0].Port = 70000
	rep := &diag.Reporter{}
	Validate(p, rep)
	ds := rep.Diagnostics()
	if len(ds) != 1 {
		t.Fatalf("got %d findings:\n%s", len(ds), dump(ds))
	}
	want := `legacy.conf:42:3: error[schema-violation]: app "worker", apps[1].ports[0].port: invalid value 70000 (out of bound <=65535): a port number is 1-65535 (schemas/common.cue:`
	if got := ds[0].String(); !strings.HasPrefix(got, want) {
		t.Errorf("got  %s\nwant %s…", got, want)
	}
	if ds[0].Hint == "" || len(ds[0].Related) != 1 || ds[0].Related[0].File != "schemas/common.cue" {
		t.Errorf("hint %q, related %v", ds[0].Hint, ds[0].Related)
	}
}

// TestEmptyProject: a project with nothing but a name is valid.
func TestEmptyProject(t *testing.T) {
	if inv := Validate(&ir.Project{Name: "x"}, &diag.Reporter{}); !inv.Empty() {
		t.Errorf("invalid: %+v", inv)
	}
	rep := &diag.Reporter{}
	if inv := Validate(&ir.Project{}, rep); !inv.Project {
		t.Errorf("a project without a name is valid: %+v", inv)
	}
}
