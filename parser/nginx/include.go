package nginx

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"unsafe"

	"github.com/kubelift/kubelift/diag"
)

// stockFiles are the files nginx installs beside nginx.conf. A missing one
// is not worth an error: they hold MIME types and CGI parameters only.
var stockFiles = map[string]bool{
	"mime.types":     true,
	"fastcgi_params": true,
	"fastcgi.conf":   true,
	"uwsgi_params":   true,
	"scgi_params":    true,
	"proxy_params":   true,
	"koi-utf":        true,
	"koi-win":        true,
	"win-utf":        true,
}

// isStock reports whether path names a file nginx ships.
func isStock(path string) bool {
	p := filepath.ToSlash(path)
	return stockFiles[filepath.Base(path)] || p == "snippets/fastcgi-php.conf" || strings.HasSuffix(p, "/snippets/fastcgi-php.conf")
}

// hasGlob reports whether an include pattern has wildcards, as nginx's
// strpbrk(name, "*?[") test does.
func hasGlob(s string) bool { return strings.ContainsAny(s, "*?[") }

// dirOf is the directory of path, "." for a bare file name.
func dirOf(path string) string { return filepath.Dir(path) }

// fileKey identifies a file for cycle detection and for listing each file
// once: its absolute, cleaned path when that can be known.
func fileKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// include expands the include directive d, which has just been appended to
// the open block in st.stk: the included files' top-level directives are
// appended after it.
func (st *state) include(d *Directive) {
	if len(d.Args) != 1 {
		return // Check reports the argument count
	}
	pattern := d.Args[0].Value
	if pattern == "" {
		return
	}
	name := pattern
	switch {
	case !filepath.IsAbs(name):
		name = filepath.Join(st.prefix, name)
	case st.opts.Root != "":
		name = filepath.Join(st.opts.Root, name)
	default:
		name = filepath.Clean(name)
	}

	var names []string
	if hasGlob(pattern) {
		m, err := st.fs.Glob(name)
		if err != nil {
			st.rep.Add(diag.NginxSyntax, d.Args[0].Pos, "bad include pattern %q: %v", pattern, err)
			return
		}
		if len(m) == 0 {
			st.rep.Add(diag.NginxIncludeNoMatch, d.Args[0].Pos, "include %q matched no file (looked for %s)", pattern, name)
			return
		}
		names = m
	} else {
		names = []string{name}
	}

	included := make([]*File, 0, len(names))
	for _, nm := range names {
		nm = filepath.Clean(nm)
		f := st.readInclude(d, pattern, nm)
		if f == nil {
			continue
		}
		included = append(included, f)
		for _, c := range f.Directives {
			if c.FromInclude() == nil {
				c.more().fromInclude = d
			}
			st.stk = append(st.stk, c)
		}
	}
	if len(included) > 0 {
		d.more().included = included
	}
}

// readInclude reads and parses one included file. It returns nil when the
// file could not be read (a diagnostic says why).
func (st *state) readInclude(d *Directive, pattern, name string) *File {
	at := d.Args[0].Pos
	key := fileKey(name)
	for i, a := range st.active {
		if a.key != key {
			continue
		}
		chain := make([]string, 0, len(st.active)-i+1)
		related := make([]diag.Pos, 0, len(st.active)-i)
		for j, b := range st.active[i:] {
			chain = append(chain, b.path)
			if j > 0 { // the include that entered the first file is not part of the cycle
				related = append(related, b.via.Pos)
			}
		}
		chain = append(chain, name)
		related = append(related, d.Pos)
		dg := diag.New(diag.NginxIncludeCycle, d.Pos, "include cycle: %s", strings.Join(chain, " -> "))
		dg.Related = related
		st.rep.Report(dg)
		return nil
	}

	fi, err := st.fs.Stat(name)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist) && isStock(pattern):
			st.rep.Add(diag.NginxIncludeStock, at, "include %q: %s is not among the inputs (a file nginx ships; its content does not affect the conversion)", pattern, name)
		case errors.Is(err, fs.ErrNotExist):
			st.rep.Add(diag.NginxIncludeMissing, at, "include %q: %s does not exist", pattern, name)
		default:
			st.rep.Add(diag.NginxIncludeUnreadable, at, "include %q: cannot read %s: %v", pattern, name, err)
		}
		return nil
	}
	if fi.IsDir() {
		st.rep.Add(diag.NginxIncludeUnreadable, at, "include %q: %s is a directory", pattern, name)
		return nil
	}
	if !fi.Mode().IsRegular() {
		// A device or a pipe: /dev/zero would be read until memory runs
		// out, a FIFO would block.
		st.rep.Add(diag.NginxIncludeUnreadable, at, "include %q: %s is not a regular file", pattern, name)
		return nil
	}
	if fi.Size() > st.max {
		st.rep.Add(diag.InputTooLarge, at, "include %q: %s is %d bytes, larger than the limit of %d bytes", pattern, name, fi.Size(), st.max)
		return nil
	}
	b, err := st.readFile(name)
	if err != nil {
		st.rep.Add(diag.NginxIncludeUnreadable, at, "include %q: cannot read %s: %v", pattern, name, err)
		return nil
	}
	if int64(len(b)) > st.max {
		st.rep.Add(diag.InputTooLarge, at, "include %q: %s is %d bytes, larger than the limit of %d bytes", pattern, name, len(b), st.max)
		return nil
	}

	f := &File{Path: name, Size: len(b)}
	if !st.listed[key] {
		st.listed[key] = true
		st.cfg.Files = append(st.cfg.Files, f)
	}
	st.active = append(st.active, activeFile{key: key, path: name, via: d})
	// The bytes are ours and never modified: share them instead of copying.
	st.parseFile(f, unsafe.String(unsafe.SliceData(b), len(b)), false)
	st.active = st.active[:len(st.active)-1]
	return f
}
