package schemas

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/parser"
)

//go:embed *.cue
var embedded embed.FS

// Dir is the directory the schema files are named in, in diagnostics.
const Dir = "schemas"

// File is one embedded schema file.
type File struct {
	// Name is the file's name, e.g. "ir.cue".
	Name string
	Data []byte
}

// Files returns the embedded schema files, sorted by name. They form one
// CUE package, kubelift; #Project in ir.cue is the schema of the IR.
func Files() []File {
	ents, err := fs.ReadDir(embedded, ".")
	if err != nil {
		panic(err) // embedded
	}
	var out []File
	for _, e := range ents {
		data, err := embedded.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, File{Name: e.Name(), Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Source returns the text of the embedded schema files, each preceded by a
// line "// ==> schemas/NAME <==", for `kubelift schema`. Line numbers in
// findings refer to the files themselves (see Files).
func Source() string {
	var b strings.Builder
	for i, f := range Files() {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "// ==> %s/%s <==\n", Dir, f.Name)
		b.Write(f.Data)
	}
	return b.String()
}

// schema is the compiled package in one cue.Context. A cue.Context is not
// safe for concurrent use, so each worker compiles its own.
type schema struct {
	ctx     *cue.Context
	root    cue.Value
	project cue.Value
	refs    cue.Value
	// byPath caches the constraint at a schema path (see constraint), and
	// lists a list of it.
	byPath, lists map[string]cue.Value
	// lines holds each file's lines, for the rule comments.
	lines map[string][]string
	// defs holds the values of the package's top-level fields by label,
	// for the analysis in analyze.go.
	defs map[string][]ast.Expr
}

// compile builds the embedded package in a new context.
func compile() (*schema, error) {
	return compileFiles(Files())
}

// compileFiles builds a package of schema files in a new context.
func compileFiles(files []File) (*schema, error) {
	ctx := cuecontext.New()
	inst := build.NewContext().NewInstance("", nil)
	lines := map[string][]string{}
	defs := map[string][]ast.Expr{}
	for _, f := range files {
		name := Dir + "/" + f.Name
		file, err := parser.ParseFile(name, f.Data, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		if err := inst.AddSyntax(file); err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.Field); ok {
				if n := labelName(fd.Label); n != "" {
					defs[n] = append(defs[n], fd.Value)
				}
			}
		}
		lines[name] = strings.Split(string(f.Data), "\n")
	}
	root := ctx.BuildInstance(inst)
	if err := root.Err(); err != nil {
		return nil, fmt.Errorf("%s", errors.Details(err, nil))
	}
	s := &schema{ctx: ctx, root: root, byPath: map[string]cue.Value{}, lists: map[string]cue.Value{}, lines: lines, defs: defs}
	s.project = root.LookupPath(cue.MakePath(cue.Def("#Project")))
	s.refs = root.LookupPath(cue.MakePath(cue.Def("#References")))
	if !s.project.Exists() || !s.refs.Exists() {
		return nil, fmt.Errorf("schemas: #Project or #References missing")
	}
	return s, nil
}

// mustCompile compiles the embedded schema; failing is a bug in the
// schema, which the package's tests catch.
func mustCompile() *schema {
	s, err := compile()
	if err != nil {
		panic("schemas: the embedded schema does not compile: " + err.Error())
	}
	return s
}

// constraint returns the constraint at a schema path: "#Project", then
// field names, with "[]" for "any element of this list", e.g.
// "#Project.sites[].routes[].redirect".
func (s *schema) constraint(path string) cue.Value {
	if v, ok := s.byPath[path]; ok {
		return v
	}
	v := s.project
	rest := strings.TrimPrefix(path, "#Project")
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "[]"):
			v = v.LookupPath(cue.MakePath(cue.AnyIndex))
			rest = rest[2:]
		case strings.HasPrefix(rest, "."):
			rest = rest[1:]
			n := strings.IndexAny(rest, ".[")
			if n < 0 {
				n = len(rest)
			}
			f := rest[:n]
			rest = rest[n:]
			w := v.LookupPath(cue.MakePath(cue.Str(f).Optional()))
			if !w.Exists() {
				w = v.LookupPath(cue.MakePath(cue.Str(f).Required()))
			}
			if !w.Exists() {
				w = v.LookupPath(cue.MakePath(cue.Str(f)))
			}
			v = w
		default:
			panic("schemas: bad schema path " + path)
		}
		if !v.Exists() {
			panic("schemas: no constraint at " + path)
		}
	}
	s.byPath[path] = v
	return v
}

// rule returns the comment just above line (1-based) of a schema file:
// the rule a constraint states.
func (s *schema) rule(file string, line int) string {
	ls := s.lines[file]
	if line < 2 || line > len(ls) {
		return ""
	}
	var parts []string
	for i := line - 2; i >= 0; i-- {
		l := strings.TrimSpace(ls[i])
		if !strings.HasPrefix(l, "//") {
			break
		}
		parts = append([]string{strings.TrimSpace(strings.TrimPrefix(l, "//"))}, parts...)
	}
	r := strings.Join(parts, " ")
	if strings.HasPrefix(r, "(") {
		return ""
	}
	return r
}
