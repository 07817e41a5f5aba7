package nginx

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// TestChunkedSameAsSequential translates configurations sequentially and in
// chunks of several sizes, and requires the same project and the same
// findings: the chunked translation (parallel.go) must be invisible.
func TestChunkedSameAsSequential(t *testing.T) {
	type input struct {
		name  string
		files map[string][]byte // path -> content, translated together
	}
	var ins []input
	// Every golden case and every corpus configuration.
	for _, root := range []string{"../../testdata/nginx", "../../../shared/corpus/nginx"} {
		cases, _ := filepath.Glob(filepath.Join(root, "*"))
		for _, dir := range cases {
			files := map[string][]byte{}
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() && d.Name() == "want" {
					return filepath.SkipDir
				}
				if b, err := os.ReadFile(p); err == nil && !d.IsDir() && strings.Contains(string(b), "server") {
					files[p] = b
				}
				return nil
			})
			if len(files) > 0 {
				ins = append(ins, input{dir, files})
			}
		}
	}
	if len(ins) < 20 {
		t.Fatalf("only %d cases found", len(ins))
	}
	// What a chunk boundary could change, many times over.
	ins = append(ins, input{"stress", map[string][]byte{"stress.conf": stressConfig(300)}},
		input{"stress vhosts", map[string][]byte{"a.conf": vhosts(0, 40), "b.conf": vhosts(40, 80)}})
	if !testing.Short() {
		ins = append(ins, input{"generated", map[string][]byte{"gen.conf": benchgen.Bytes(t, 1000)}})
	}

	for _, in := range ins {
		want := translateWith(t, in.files, -1)
		for _, size := range []int{0, 1, 3, 64} { // 0: as Translate chooses
			got := translateWith(t, in.files, size)
			if got != want {
				t.Errorf("%s: chunks of %d servers differ from the sequential translation:\n%s", in.name, size, firstDiff(want, got))
			}
		}
	}
}

// translateWith parses and translates the files (chunk -1: sequentially,
// 0: as Translate chooses) and returns the project's JSON and the
// findings, one per line.
func translateWith(t *testing.T, files map[string][]byte, chunk int) string {
	t.Helper()
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	rep := &diag.Reporter{}
	var cfgs []*pn.Config
	for _, p := range paths {
		cfgs = append(cfgs, pn.ParseBytes(p, files[p], pn.Options{Prefix: filepath.Dir(p)}, rep))
	}
	p := Translate(cfgs, Options{Name: "x", chunk: chunk}, rep)
	b, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sb.Write(b)
	for _, d := range rep.Diagnostics() {
		fmt.Fprintf(&sb, "\n%s %v %s", d, d.Related, d.Hint)
	}
	return sb.String()
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(al), len(bl))
}

// stressConfig has n servers with what chunk boundaries must not change:
// server names used twice (the namer's suffixes), upstreams and local
// ports shared by servers far apart (apps named on first use), more than
// diag.MaxPerCode findings of one code, a finding repeated at one
// http-level place, grouped directives at both levels, and http-level
// directives between the servers.
func stressConfig(n int) []byte {
	var b strings.Builder
	b.WriteString("worker_processes 2;\nevents { worker_connections 64; }\nhttp {\n")
	b.WriteString("  upstream shared { server 10.0.0.1:8080 weight=2; server 10.0.0.2:8081; }\n")
	b.WriteString("  upstream sock { server unix:/run/app.sock; }\n")
	b.WriteString("  proxy_set_header X-Real-IP $remote_addr;\n  access_log off;\n  gzip on;\n")
	for i := range n {
		name := fmt.Sprintf("s%d.example.com", i%7) // every 7th server reuses a name
		if i%11 == 0 {
			name = "." + name
		}
		fmt.Fprintf(&b, "  server {\n    listen %d%s;\n    server_name %s www.s%d.example.com;\n", 80+i%3, map[bool]string{true: " ssl", false: ""}[i%2 == 0], name, i)
		if i%2 == 0 {
			b.WriteString("    ssl_certificate /etc/ssl/c.pem;\n    ssl_certificate_key /etc/ssl/c.key;\n")
		}
		b.WriteString("    access_log /var/log/x.log;\n    gzip_types text/plain;\n")
		switch i % 5 {
		case 0:
			b.WriteString("    location / { proxy_pass http://shared; }\n")
		case 1:
			fmt.Fprintf(&b, "    location /api/ { proxy_pass http://127.0.0.1:%d/v1/; proxy_read_timeout 5s; }\n", 9000+i%4)
		case 2:
			b.WriteString("    location ~ ^/x/(.*)$ { proxy_pass http://localhost:9000; }\n    location = /bad { return 00; }\n")
		case 3:
			b.WriteString("    location / { proxy_pass http://sock; }\n    location /s { root /srv; }\n")
		case 4:
			b.WriteString("    return 301 https://$host$request_uri;\n")
		}
		b.WriteString("  }\n")
		if i%50 == 25 {
			b.WriteString("  client_max_body_size 10m;\n  sendfile on;\n")
		}
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// vhosts is a vhost file (no http block) with servers from to to.
func vhosts(from, to int) []byte {
	var b strings.Builder
	b.WriteString("upstream up" + fmt.Sprint(from) + " { server app:80; }\n")
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, "server {\n  server_name v%d.example.org;\n  location / { proxy_pass http://up0; }\n  location /l { proxy_pass http://[::1]:700%d; }\n}\n", i%9, i%3)
	}
	return []byte(b.String())
}

// FuzzChunked checks TestChunkedSameAsSequential's property on any input:
// chunks of one server translate what the sequential translation does.
func FuzzChunked(f *testing.F) {
	for _, root := range []string{"../../testdata/nginx", "../../../shared/corpus/nginx"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".conf") && !strings.Contains(p, "/want/") {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
			return nil
		})
	}
	f.Add(stressConfig(12))
	f.Add(vhosts(0, 6))
	f.Fuzz(func(t *testing.T, src []byte) {
		files := map[string][]byte{"fuzz.conf": src}
		if want, got := translateWith(t, files, -1), translateWith(t, files, 1); got != want {
			t.Errorf("chunks of 1 server differ from the sequential translation:\n%s", firstDiff(want, got))
		}
	})
}
