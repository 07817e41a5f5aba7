package nginx

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kubelift/kubelift/diag"
)

func parseFS(t *testing.T, fsys memFS, main string, opts Options) (*Config, []diag.Diagnostic) {
	t.Helper()
	var rep diag.Reporter
	opts.FS = fsys
	cfg := Parse(main, opts, &rep)
	return cfg, rep.Diagnostics()
}

func filePaths(cfg *Config) []string {
	var out []string
	for _, f := range cfg.Files {
		out = append(out, f.Path)
	}
	return out
}

func TestIncludeExpansion(t *testing.T) {
	fsys := memFS{
		"/etc/nginx/nginx.conf":    []byte("events {}\nhttp {\n  include mime.types;\n  include conf.d/*.conf;\n  server { include snip.conf; }\n}\n"),
		"/etc/nginx/mime.types":    []byte("types { text/html html; }\n"),
		"/etc/nginx/conf.d/b.conf": []byte("server { listen 81; }\n"),
		"/etc/nginx/conf.d/a.conf": []byte("upstream u { server 127.0.0.1; }\nserver { listen 80; include snip.conf; }\n"),
		"/etc/nginx/snip.conf":     []byte("proxy_set_header Host $host;\n"),
	}
	cfg, ds := parseFS(t, fsys, "/etc/nginx/nginx.conf", Options{})
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	want := "events{} http{include(mime.types) types{text/html(html)} include(conf.d/*.conf) " +
		"upstream(u){server(127.0.0.1)} server{listen(80) include(snip.conf) proxy_set_header(Host,$host)} " +
		"server{listen(81)} server{include(snip.conf) proxy_set_header(Host,$host)}}"
	if got := render(cfg.Main.Directives); got != want {
		t.Errorf("tree:\n got %s\nwant %s", got, want)
	}
	wantFiles := []string{"/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/conf.d/a.conf", "/etc/nginx/snip.conf", "/etc/nginx/conf.d/b.conf"}
	if diff := cmp.Diff(wantFiles, filePaths(cfg)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	http := cfg.Main.Directives[1]
	inc := http.Block.Directives[2]
	if len(inc.Included()) != 2 || inc.Included()[0].Path != "/etc/nginx/conf.d/a.conf" {
		t.Errorf("Included = %v", inc.Included())
	}
	up := http.Block.Directives[3]
	if up.FromInclude() != inc || up.Pos.File != "/etc/nginx/conf.d/a.conf" || up.Pos.Line != 1 {
		t.Errorf("upstream from include: %p %v", up.FromInclude(), up.Pos)
	}
	// The nested include keeps its own include as origin.
	psh := http.Block.Directives[4].Block.Directives[2]
	if psh.FromInclude() == nil || psh.FromInclude().Pos.File != "/etc/nginx/conf.d/a.conf" || psh.Pos.File != "/etc/nginx/snip.conf" {
		t.Errorf("nested include: %+v", psh)
	}
	// Written in the block's own file: no FromInclude.
	if http.Block.Directives[0].FromInclude() != nil {
		t.Error("FromInclude set on a directive of the main file")
	}
}

func TestIncludeNoIncludes(t *testing.T) {
	fsys := memFS{"/a/nginx.conf": []byte("http { include x.conf; }")}
	cfg, ds := parseFS(t, fsys, "/a/nginx.conf", Options{NoIncludes: true})
	if len(ds) != 0 || render(cfg.Main.Directives) != "http{include(x.conf)}" {
		t.Errorf("%s %v", render(cfg.Main.Directives), ds)
	}
}

func TestIncludePrefix(t *testing.T) {
	fsys := memFS{
		"/src/nginx.conf":         []byte("http { include sites/*.conf; }"),
		"/etc/nginx/sites/x.conf": []byte("server { listen 1; }"),
	}
	cfg, ds := parseFS(t, fsys, "/src/nginx.conf", Options{Prefix: "/etc/nginx"})
	if len(ds) != 0 || render(cfg.Main.Directives) != "http{include(sites/*.conf) server{listen(1)}}" {
		t.Errorf("%s %v", render(cfg.Main.Directives), ds)
	}
}

func TestIncludeRelativeToPrefixNotIncluder(t *testing.T) {
	// nginx resolves includes against its prefix, not the including file.
	fsys := memFS{
		"/p/nginx.conf": []byte("http { include sub/a.conf; }"),
		"/p/sub/a.conf": []byte("include b.conf;"),
		"/p/b.conf":     []byte("server { listen 2; }"),
		"/p/sub/b.conf": []byte("server { listen 3; }"),
	}
	cfg, ds := parseFS(t, fsys, "/p/nginx.conf", Options{})
	if len(ds) != 0 || render(cfg.Main.Directives) != "http{include(sub/a.conf) include(b.conf) server{listen(2)}}" {
		t.Errorf("%s %v", render(cfg.Main.Directives), ds)
	}
}

func TestIncludeProblems(t *testing.T) {
	fsys := memFS{
		"/n/nginx.conf": []byte("http {\n" +
			"  include missing.conf;\n" + // 2
			"  include fastcgi_params;\n" + // 3
			"  include /etc/nginx/snippets/fastcgi-php.conf;\n" + // 4
			"  include none/*.conf;\n" + // 5
			"  include secret.conf;\n" + // 6
			"  include a.conf;\n" + // 7
			"  include a.conf;\n" + // 8: twice: parsed twice, listed once
			"}\n"),
		"/n/secret.conf": nil,
		"/n/a.conf":      []byte("server {\n  include b.conf;\n}\n"),
		"/n/b.conf":      []byte("\n  include a.conf;\n"),
	}
	cfg, ds := parseFS(t, fsys, "/n/nginx.conf", Options{})
	want := []string{
		"/n/b.conf:2:3 nginx-include-cycle",
		"/n/nginx.conf:2:11 nginx-include-missing",
		"/n/nginx.conf:3:11 nginx-include-stock",
		"/n/nginx.conf:4:11 nginx-include-stock",
		"/n/nginx.conf:5:11 nginx-include-no-match",
		"/n/nginx.conf:6:11 nginx-include-unreadable",
	}
	if diff := cmp.Diff(want, diagStrings(ds, true)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s\n%v", diff, ds)
	}
	for _, d := range ds {
		if d.Code == diag.NginxIncludeCycle && d.Pos.File == "/n/b.conf" {
			if d.Message != "include cycle: /n/a.conf -> /n/b.conf -> /n/a.conf" {
				t.Errorf("cycle message: %s", d.Message)
			}
			wantRel := []diag.Pos{
				{File: "/n/a.conf", Line: 2, Col: 3, Offset: 11},
				{File: "/n/b.conf", Line: 2, Col: 3, Offset: 3},
			}
			if diff := cmp.Diff(wantRel, d.Related); diff != "" {
				t.Errorf("related: %s", diff)
			}
		}
	}
	if diff := cmp.Diff([]string{"/n/nginx.conf", "/n/a.conf", "/n/b.conf"}, filePaths(cfg)); diff != "" {
		t.Errorf("files: %s", diff)
	}
	// Both includes of a.conf are expanded, each with its own directives.
	http := cfg.Main.Directives[0].Block.Directives
	if got := render(http); got != "include(missing.conf) include(fastcgi_params) include(/etc/nginx/snippets/fastcgi-php.conf) "+
		"include(none/*.conf) include(secret.conf) include(a.conf) server{include(b.conf) include(a.conf)} include(a.conf) server{include(b.conf) include(a.conf)}" {
		t.Errorf("tree: %s", got)
	}
	if http[6] == http[8] {
		t.Error("a file included twice must be parsed twice")
	}
}

func TestIncludeSelfCycle(t *testing.T) {
	fsys := memFS{"/x/nginx.conf": []byte("include nginx.conf;\n")}
	_, ds := parseFS(t, fsys, "/x/nginx.conf", Options{})
	if diff := cmp.Diff([]string{"/x/nginx.conf:1:1 nginx-include-cycle"}, diagStrings(ds, true)); diff != "" {
		t.Error(diff)
	}
}

func TestMainUnreadable(t *testing.T) {
	cfg, ds := parseFS(t, memFS{}, "/nope.conf", Options{})
	if cfg == nil || cfg.Main == nil || len(cfg.Files) != 1 {
		t.Fatalf("cfg = %+v", cfg)
	}
	if diff := cmp.Diff([]string{"/nope.conf:1:1 input-unreadable"}, diagStrings(ds, true)); diff != "" {
		t.Error(diff)
	}
}
