package nginx

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubelift/kubelift/diag"
)

// memFS is an in-memory FS for tests. A file whose content is nil exists but
// cannot be read.
type memFS map[string][]byte

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string       { return filepath.Base(i.name) }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

func (m memFS) ReadFile(name string) ([]byte, error) {
	b, ok := m[filepath.Clean(name)]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if b == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return b, nil
}

func (m memFS) Stat(name string) (fs.FileInfo, error) {
	name = filepath.Clean(name)
	if b, ok := m[name]; ok {
		return memInfo{name: name, size: int64(len(b))}, nil
	}
	for k := range m {
		if strings.HasPrefix(k, name+"/") {
			return memInfo{name: name, dir: true}, nil
		}
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (m memFS) Glob(pattern string) ([]string, error) {
	var out []string
	for k := range m {
		ok, err := filepath.Match(pattern, k)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

// render prints a directive tree compactly: name(arg,arg){…};
func render(ds []*Directive) string {
	var b strings.Builder
	renderTo(&b, ds)
	return b.String()
}

func renderTo(b *strings.Builder, ds []*Directive) {
	for i, d := range ds {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d.Name)
		if len(d.Args) > 0 {
			b.WriteByte('(')
			for j, a := range d.Args {
				if j > 0 {
					b.WriteByte(',')
				}
				if a.Quote != 0 {
					b.WriteByte(a.Quote)
				}
				b.WriteString(a.Value)
				if a.Quote != 0 {
					b.WriteByte(a.Quote)
				}
			}
			b.WriteByte(')')
		}
		raw, _, isRaw := d.Raw()
		switch {
		case isRaw:
			b.WriteString("{" + strconv.Quote(raw) + "}")
		case d.Block != nil:
			b.WriteByte('{')
			renderTo(b, d.Block.Directives)
			b.WriteByte('}')
		}
	}
}

// diagStrings renders diagnostics as "line:col code" (file omitted) or with
// the file when withFile.
func diagStrings(ds []diag.Diagnostic, withFile bool) []string {
	var out []string
	for _, d := range ds {
		if withFile {
			out = append(out, fmt.Sprintf("%s %s", d.Pos, d.Code))
		} else {
			out = append(out, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Code))
		}
	}
	return out
}

// parseString parses src as "test.conf" without includes and without the
// directive check (lexing tests use made-up directive names).
func parseString(t testing.TB, src string) (*Config, []diag.Diagnostic) {
	t.Helper()
	var rep diag.Reporter
	cfg := parseNoCheck("test.conf", []byte(src), Options{NoIncludes: true}, &rep)
	return cfg, rep.Diagnostics()
}
