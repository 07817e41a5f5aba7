package nginx

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
)

// fuzzCorpusDir holds the nginx configurations of the shared corpus, used as
// seeds; relative to this package's directory.
const fuzzCorpusDir = "../../../shared/corpus/nginx"

// Paths of the in-memory file system FuzzParse parses.
const (
	fuzzMain = "/etc/nginx/nginx.conf" // the first fuzz input
	fuzzInc  = "/etc/nginx/inc.conf"   // the second fuzz input, reached by "include inc.conf"
)

// fuzzSeeds are tricky snippets beyond the corpus.
var fuzzSeeds = []string{
	"",
	"\xef\xbb\xbfevents {}\n",
	"http { server { listen 80; }",
	"http { server { listen 80; } } }",
	"}",
	"{",
	";",
	"server {\n  location / { return 200 \"a\\\\\"; }\n}\n",
	`set $a "x\"y"; set $b 'it\'s'; set $c a\\b; set $d a\;b;`,
	"set $a \"unterminated;\n",
	`set $a "x"y;`,
	"return 200 \"line\\\nnext\";",
	"map $uri $x { ~^/a${b}c 1; default 0; }",
	"rewrite ^/(.*)$ ${scheme}://$host/${1}x last;",
	"location ~ ^/a{2,3}$ { }",
	"content_by_lua_block { ngx.say(\"}\") -- }\n local t = { a = '}' } --[==[ } ]==] [[ } ]] }",
	"access_by_lua_block { if x then",
	"init_by_lua_block {}\nevents {}",
	"server { # comment }\n listen 80; # trailing\n}",
	"a#b c#d;",
	"include inc.conf;\ninclude nginx.conf;",
	"http { include conf.d/*.conf; include mime.types; include missing.conf; include /abs/[; }",
	"listen 80\r\n;\r\nserver_name a\\\r\nb;",
	"\x00binary",
	"\xff\xfe\xfd\xfc",
	"server{listen 80;location /{proxy_pass http://u;}}",
	"if ($http_x = \"a b\") { return 403; }",
	"'\\",
	"\"\\",
	"a \\",
}

// fuzzInclude are seeds for the included file.
var fuzzInclude = []string{
	"",
	"server { listen 81; }\n",
	"include inc.conf;\n",
	"include nginx.conf;\n",
	"location / { proxy_pass http://127.0.0.1:8080; }",
	"}",
}

// FuzzParse parses fuzzed main and included files from memory and checks
// that the parser does not panic, that every position it records is inside
// its file and agrees with the file's lines, and that parsing is
// deterministic.
func FuzzParse(f *testing.F) {
	err := filepath.WalkDir(fuzzCorpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f.Add(b, []byte(nil))
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		f.Fatal(err)
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), []byte(nil))
	}
	for _, s := range fuzzInclude {
		f.Add([]byte("http { include inc.conf; }\n"), []byte(s))
	}

	f.Fuzz(func(t *testing.T, main, inc []byte) {
		fsys := memFS{
			fuzzMain:                    main,
			fuzzInc:                     inc,
			"/etc/nginx/mime.types":     []byte("types { text/html html; }\n"),
			"/etc/nginx/conf.d/a.conf":  []byte("upstream u { server 127.0.0.1:80; }\n"),
			"/etc/nginx/conf.d/b.conf":  []byte("server { listen 80; include inc.conf; }\n"),
			"/etc/nginx/conf.d/dir/x.c": []byte("# a directory for \"include conf.d/dir\"\n"),
		}
		if main == nil {
			fsys[fuzzMain] = []byte{} // nil means unreadable in memFS
		}
		if inc == nil {
			fsys[fuzzInc] = []byte{}
		}
		parse := func() (*Config, []diag.Diagnostic) {
			var rep diag.Reporter
			cfg := Parse(fuzzMain, Options{FS: fsys}, &rep)
			return cfg, rep.Diagnostics()
		}
		cfg, ds := parse()
		if cfg == nil || cfg.Main == nil || len(cfg.Files) == 0 || cfg.Files[0] != cfg.Main {
			t.Fatalf("bad config: %+v", cfg)
		}
		for _, file := range cfg.Files {
			src, ok := fsys[file.Path]
			if !ok {
				t.Fatalf("file %q was not read from the FS", file.Path)
			}
			if file.Size != len(src) {
				t.Errorf("%s: Size %d, want %d", file.Path, file.Size, len(src))
			}
			Walk(file.Directives, func(d *Directive) bool {
				checkDirective(t, fsys, d)
				return true
			})
		}
		for _, d := range ds {
			checkDiagPos(t, fsys, d)
		}

		cfg2, ds2 := parse()
		if a, b := dumpConfig(cfg, ds), dumpConfig(cfg2, ds2); a != b {
			t.Fatalf("parse is not deterministic:\nfirst:\n%s\nsecond:\n%s", a, b)
		}
	})
}

// checkDirective checks the positions of d, its arguments and its block.
func checkDirective(t *testing.T, fsys memFS, d *Directive) {
	t.Helper()
	src := checkPos(t, fsys, d.Pos, "directive "+d.Name, false)
	if src == "" {
		return
	}
	if c := src[d.Pos.Offset]; strings.IndexByte(" \t\r\n;{}#", c) >= 0 {
		t.Errorf("directive %q at %v starts at %q", d.Name, d.Pos, c)
	}
	if d.Name == "" && src[d.Pos.Offset] != '"' && src[d.Pos.Offset] != '\'' {
		t.Errorf("directive with an empty unquoted name at %v", d.Pos)
	}
	for i, a := range d.Args {
		what := fmt.Sprintf("argument %d of %q", i, d.Name)
		if a.Pos.File != d.Pos.File {
			t.Errorf("%s: file %q, directive's %q", what, a.Pos.File, d.Pos.File)
		}
		if a.Pos.Offset <= d.Pos.Offset {
			t.Errorf("%s at offset %d, not after the name at %d", what, a.Pos.Offset, d.Pos.Offset)
		}
		if i > 0 && a.Pos.Offset <= d.Args[i-1].Pos.Offset {
			t.Errorf("%s at offset %d, not after the previous one", what, a.Pos.Offset)
		}
		asrc := checkPos(t, fsys, a.Pos, what, false)
		if asrc == "" {
			continue
		}
		off := a.Pos.Offset
		switch a.Quote {
		case 0:
			if c := asrc[off]; strings.IndexByte(" \t\r\n;{}#\"'", c) >= 0 {
				t.Errorf("%s at %v starts at %q", what, a.Pos, c)
			}
		case '"', '\'':
			if asrc[off] != a.Quote {
				t.Errorf("%s at %v: quote %q, source has %q", what, a.Pos, a.Quote, asrc[off])
			}
			off++
		default:
			t.Errorf("%s: bad quote %q", what, a.Quote)
		}
		// The value is the source text up to the first escape, which is
		// at most len(Value) bytes in.
		if !strings.HasPrefix(asrc[off:], a.Value) {
			end := min(off+len(a.Value)+1, len(asrc))
			if !strings.Contains(asrc[off:end], `\`) {
				t.Errorf("%s at %v: value %q is not the source text %q", what, a.Pos, a.Value, asrc[off:end])
			}
		}
	}
	if d.Block != nil {
		if s := checkPos(t, fsys, d.Block.Open, "block open of "+d.Name, false); s != "" && s[d.Block.Open.Offset] != '{' {
			t.Errorf("block of %q opens at %v on %q", d.Name, d.Block.Open, s[d.Block.Open.Offset])
		}
		if d.Block.Close != (diag.Pos{}) {
			if s := checkPos(t, fsys, d.Block.Close, "block close of "+d.Name, false); s != "" && s[d.Block.Close.Offset] != '}' {
				t.Errorf("block of %q closes at %v on %q", d.Name, d.Block.Close, s[d.Block.Close.Offset])
			}
			if d.Block.Close.File == d.Block.Open.File && d.Block.Close.Offset <= d.Block.Open.Offset {
				t.Errorf("block of %q closes at %v, before it opens at %v", d.Name, d.Block.Close, d.Block.Open)
			}
		}
	}
	if raw, rawPos, ok := d.Raw(); ok {
		if s := checkPos(t, fsys, rawPos, "lua body of "+d.Name, true); s != "" && !strings.HasPrefix(s[rawPos.Offset:], raw) {
			t.Errorf("lua body of %q at %v is not the source text", d.Name, rawPos)
		}
		if d.Block == nil {
			t.Errorf("lua directive %q without a block", d.Name)
		}
	}
}

// checkDiagPos checks a diagnostic's position: no position, a file alone,
// or a line and column inside the file (end of file included).
func checkDiagPos(t *testing.T, fsys memFS, d diag.Diagnostic) {
	t.Helper()
	p := d.Pos
	if p.File == "" || p.Line == 0 && p.Col == 0 {
		return
	}
	src, ok := fsys[p.File]
	if !ok {
		// Diagnostics about missing files name them.
		if p.Line != 0 {
			t.Errorf("diagnostic %s at %v: a line in a file that was not read", d.Code, p)
		}
		return
	}
	if p.Line < 1 || p.Col < 1 {
		t.Errorf("diagnostic %s at %v: line and column must be >= 1", d.Code, p)
		return
	}
	lines := 1 + strings.Count(string(src), "\n")
	if p.Line > lines {
		t.Errorf("diagnostic %s at %v: the file has %d lines", d.Code, p, lines)
	}
	if p.Offset != 0 || p.Line != 1 || p.Col != 1 {
		checkPos(t, fsys, p, "diagnostic "+string(d.Code), true)
	}
}

// checkPos checks that p is in a file of fsys, at an offset inside it (or at
// its end when atEnd), with the line and column of that offset. It returns
// the file's text, or "" when p is bad or at the end.
func checkPos(t *testing.T, fsys memFS, p diag.Pos, what string, atEnd bool) string {
	t.Helper()
	b, ok := fsys[p.File]
	if !ok {
		t.Errorf("%s at %v: no such file", what, p)
		return ""
	}
	src := string(b)
	if p.Line < 1 || p.Col < 1 {
		t.Errorf("%s at %v: line and column must be >= 1", what, p)
		return ""
	}
	if p.Offset < 0 || p.Offset > len(src) || p.Offset == len(src) && !atEnd {
		t.Errorf("%s at %v: offset %d outside the file (%d bytes)", what, p, p.Offset, len(src))
		return ""
	}
	line := 1 + strings.Count(src[:p.Offset], "\n")
	ls := strings.LastIndexByte(src[:p.Offset], '\n') + 1
	if ls == 0 && strings.HasPrefix(src, "\xef\xbb\xbf") {
		ls = 3 // a BOM does not count as a column
	}
	col := p.Offset - ls + 1
	if p.Line != line || p.Col != col {
		t.Errorf("%s at %v: offset %d is %d:%d", what, p, p.Offset, line, col)
	}
	if p.Offset == len(src) {
		return ""
	}
	return src
}

// dumpConfig prints everything a parse produced, positions included.
func dumpConfig(cfg *Config, ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, f := range cfg.Files {
		fmt.Fprintf(&b, "file %s %d\n", f.Path, f.Size)
	}
	var dump func(ds []*Directive, depth int)
	dump = func(ds []*Directive, depth int) {
		for _, d := range ds {
			fmt.Fprintf(&b, "%s%q @%v/%d", strings.Repeat("  ", depth), d.Name, d.Pos, d.Pos.Offset)
			for _, a := range d.Args {
				fmt.Fprintf(&b, " [%q %q @%v/%d]", a.Quote, a.Value, a.Pos, a.Pos.Offset)
			}
			if c := d.Comment(); c != "" {
				fmt.Fprintf(&b, " #%q", c)
			}
			if from := d.FromInclude(); from != nil {
				fmt.Fprintf(&b, " from %v", from.Pos)
			}
			for _, f := range d.Included() {
				fmt.Fprintf(&b, " incl %s", f.Path)
			}
			if raw, rawPos, ok := d.Raw(); ok {
				fmt.Fprintf(&b, " raw %q @%v/%d", raw, rawPos, rawPos.Offset)
			}
			if d.Block != nil {
				fmt.Fprintf(&b, " { %v/%d %v/%d\n", d.Block.Open, d.Block.Open.Offset, d.Block.Close, d.Block.Close.Offset)
				dump(d.Block.Directives, depth+1)
			}
			b.WriteByte('\n')
		}
	}
	dump(cfg.Main.Directives, 0)
	for _, d := range ds {
		fmt.Fprintf(&b, "diag %v/%d %s %s %s %v\n", d.Pos, d.Pos.Offset, d.Severity, d.Code, d.Message, d.Related)
	}
	return b.String()
}

// TestIncludeNotRegular: an include of a device is refused rather than
// read until memory runs out (found while writing FuzzConvert), and so is a
// main file that is a device.
func TestIncludeNotRegular(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	main := filepath.Join(t.TempDir(), "nginx.conf")
	if err := os.WriteFile(main, []byte("events {}\nhttp { include /dev/zero; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var rep diag.Reporter
	Parse(main, Options{}, &rep)
	if got := diagStrings(rep.Diagnostics(), false); len(got) != 1 || got[0] != "2:16 "+string(diag.NginxIncludeUnreadable) {
		t.Errorf("include /dev/zero: diagnostics %v", got)
	}
	rep = diag.Reporter{}
	Parse("/dev/zero", Options{}, &rep)
	if got := diagStrings(rep.Diagnostics(), false); len(got) != 1 || got[0] != "1:1 "+string(diag.InputUnreadable) {
		t.Errorf("Parse(/dev/zero): diagnostics %v", got)
	}
}

// TestReadFileLimit: OSFS reads no more than the limit and one byte.
func TestReadFileLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.conf")
	if err := os.WriteFile(p, make([]byte, 5000), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{0, 1, 511, 512, 4999, 5000, 5001, 1 << 20} {
		b, err := OSFS{}.readFileLimit(p, limit)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(limit+1, 5000); int64(len(b)) != want {
			t.Errorf("limit %d: read %d bytes, want %d", limit, len(b), want)
		}
	}
}
