package kubelift_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/kubelift/kubelift"
	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen"
)

// BenchmarkConvert runs the whole pipeline (read, parse, translate, emit,
// YAML) through kubelift.Convert on a generated file.
func BenchmarkConvert(b *testing.B) {
	for _, n := range benchgen.Sizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			path := benchgen.File(b, n)
			fi, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			opts := kubelift.Options{Inputs: []string{path}, Name: "bench", MaxFileSize: 1 << 30}
			b.SetBytes(fi.Size())
			b.ReportAllocs()
			b.ResetTimer()
			var files int
			for range b.N {
				res, err := kubelift.Convert(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.InputErrors || len(res.Files) == 0 {
					b.Fatalf("no output: %v", res.Diagnostics)
				}
				files = len(res.Files)
			}
			b.ReportMetric(float64(files), "files/op")
		})
	}
}

// fuzzConvertSeeds are inputs beyond the corpus and the golden cases.
var fuzzConvertSeeds = []string{
	"",
	"events {}\nhttp { server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } } }\n",
	"http { upstream u { server 127.0.0.1:1 weight=2; server 127.0.0.2:1 backup; } server { listen 443 ssl; server_name a.example.com *.b.example.com; ssl_certificate c.pem; location /api/ { proxy_pass http://u/v1/; } } }\n",
	"server { listen 80; return 301 https://$host$request_uri; }\n",
	"server { listen 80; server_name x; location ~* \\.(png|jpg)$ { expires 1d; add_header Cache-Control \"public\"; } location = / { return 200 'ok'; } }\n",
	"server { location / { content_by_lua_block { ngx.say(\"}\") } } }\n",
	"server { listen 80; location / { proxy_pass http://${backend}; } }\n",
	"http { server { location / { proxy_pass http://u; } }",
	"http { server { } } }\n",
	"server { listen 80; location / { rewrite ^/(.*)$ /x/$1 break; proxy_pass http://127.0.0.1; limit_req zone=z burst=5; auth_basic \"r\"; allow 10.0.0.0/8; deny all; } }\nlimit_req_zone $binary_remote_addr zone=z:10m rate=1r/s;\n",
	"server { listen 80; server_name ÄÖ.example.com; location /\xc3\xa4 { proxy_pass http://127.0.0.1:80; proxy_set_header X \"a\\\"b\"; } }\n",
	"server { listen [::1]:8080 default_server; location / { proxy_pass http://[::1]:9000; } }\n",
}

// FuzzConvert writes the fuzz input to a file and converts it: Convert must
// not panic or fail, must be deterministic, every manifest it returns must
// be a YAML object with an apiVersion, a kind and a name, and the translated
// IR must satisfy the schema. Seeds are the nginx and ECS corpus and golden
// inputs (the format is detected from the content).
func FuzzConvert(f *testing.F) {
	var seeds [][]byte
	for _, dir := range []string{"../shared/corpus/nginx", "testdata/nginx", "../shared/corpus/ecs", "testdata/ecs"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.Contains(p, string(filepath.Separator)+"want"+string(filepath.Separator)) || d.Name() == "SOURCE.md" {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil {
				seeds = append(seeds, b)
			}
			return nil
		})
	}
	for _, s := range fuzzConvertSeeds {
		seeds = append(seeds, []byte(s))
	}
	for _, s := range seeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "fuzz.conf")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		// Absolute includes are looked up under dir, never on the host.
		opts := kubelift.Options{Inputs: []string{path}, NginxRoot: dir}
		res, err := kubelift.Convert(context.Background(), opts)
		if err != nil {
			t.Fatalf("Convert: %v", err)
		}
		if res.InputErrors && len(res.Files) != 0 {
			t.Errorf("input errors, yet %d files", len(res.Files))
		}
		if len(res.Objects) != len(res.Files) {
			t.Errorf("%d objects for %d files", len(res.Objects), len(res.Files))
		}
		paths := map[string]bool{}
		for _, file := range res.Files {
			if file.Path == "" || paths[file.Path] || filepath.IsAbs(file.Path) || strings.Contains(file.Path, "..") {
				t.Errorf("bad or duplicate file path %q", file.Path)
			}
			paths[file.Path] = true
			var obj map[string]any
			if err := yaml.Unmarshal(file.Data, &obj); err != nil {
				t.Fatalf("%s is not valid YAML: %v\n%s", file.Path, err, file.Data)
			}
			md, _ := obj["metadata"].(map[string]any)
			if s, _ := obj["apiVersion"].(string); s == "" {
				t.Errorf("%s: no apiVersion\n%s", file.Path, file.Data)
			}
			if s, _ := obj["kind"].(string); s == "" {
				t.Errorf("%s: no kind\n%s", file.Path, file.Data)
			}
			if s, _ := md["name"].(string); s == "" {
				t.Errorf("%s: no metadata.name\n%s", file.Path, file.Data)
			}
		}
		// The translator reports what it cannot carry over with its own
		// findings; an IR the schema rejects is a translator bug.
		for _, d := range res.Diagnostics {
			if d.Code == diag.SchemaViolation {
				t.Errorf("the translated IR breaks the schema: %v %s", d.Pos, d.Message)
			}
		}
		// Relative includes going up the tree could read other workers'
		// changing files: check determinism only when they cannot.
		if bytes.Contains(src, []byte("..")) {
			return
		}
		res2, err := kubelift.Convert(context.Background(), opts)
		if err != nil {
			t.Fatalf("second Convert: %v", err)
		}
		if a, b := dumpResult(res), dumpResult(res2); a != b {
			t.Fatalf("Convert is not deterministic:\nfirst:\n%s\nsecond:\n%s", a, b)
		}
	})
}

func dumpResult(r *kubelift.Result) string {
	var b strings.Builder
	for _, f := range r.Files {
		fmt.Fprintf(&b, "--- %s\n%s", f.Path, f.Data)
	}
	for _, d := range r.Diagnostics {
		fmt.Fprintf(&b, "%v %s %s %v\n", d.Pos, d.Code, d.Message, d.Related)
	}
	return b.String()
}
