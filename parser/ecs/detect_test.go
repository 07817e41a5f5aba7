package ecs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// tfByParsing is looksLikeTerraform for data not named as Terraform,
// without the mayHaveTFBlock shortcut.
func tfByParsing(data []byte) bool {
	f, diags := hclsyntax.ParseConfig(data, "x", hcl.InitialPos)
	if diags.HasErrors() {
		return false
	}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		switch b.Type {
		case "resource", "data", "module", "variable", "locals", "provider", "terraform", "output":
			return true
		}
	}
	return false
}

// TestMayHaveTFBlock checks that the shortcut never rules out data that
// parses as Terraform, and that it spares nginx files the HCL parse.
func TestMayHaveTFBlock(t *testing.T) {
	srcs := []string{
		`variable "x" {}`,
		"\ufeffvariable \"x\" {}\n",
		"locals {\n  a = 1\n}\n",
		"locals{\n  a = 1\n}\n",
		"  \tresource aws_ecs_service x {\n}\n",
		"/* a comment */ resource \"aws_ecs_service\" \"x\" {\n}\n",
		"/* a\n comment */ module \"m\" {\n  source = \"./m\"\n}\n",
		"# module\nprovider \"aws\" {\n}\n",
		"// variable\r\nterraform {\r\n}\r\n",
		"a = 1\n\noutput \"o\" {\n  value = 1\n}\n",
		"data \"aws_x\" \"y\" {\n}\nvariable \"v\" {}\n",
		"resource_x \"a\" {}\n",
		"x = \"resource\"\n",
		"load_module modules/ngx_http_geoip_module.so;\n# this module is loaded\nhttp { server { listen 80; } }\n",
		"http {\n  variable { a = 1 }\n}\n",
		"module",
		"module\n",
		"module {}",
	}
	for _, dir := range []string{"../../../shared/corpus", "../../testdata"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
				srcs = append(srcs, string(b))
			}
			return nil
		})
	}
	for _, s := range srcs {
		if !mayHaveTFBlock([]byte(s)) && tfByParsing([]byte(s)) {
			t.Errorf("mayHaveTFBlock(%.80q) = false, but it parses as Terraform", s)
		}
	}
	for _, s := range []string{
		"load_module modules/ngx_http_geoip_module.so;\n# this module is loaded\nhttp { server { listen 80; } }\n",
		"http {\n    # the resource is $variable\n    server { listen 80; }\n}\n",
	} {
		if mayHaveTFBlock([]byte(s)) {
			t.Errorf("mayHaveTFBlock(%q) = true: the nginx file would be parsed as HCL", s)
		}
	}
}

// BenchmarkDetectNginx detects a large nginx file that mentions a module:
// it must not be parsed as HCL.
func BenchmarkDetectNginx(b *testing.B) {
	data := []byte("load_module modules/ngx_http_geoip_module.so;\nhttp {\n")
	for i := 0; i < 100000; i++ {
		data = append(data, "    server { listen 80; server_name a.example.com; location / { proxy_pass http://b; } }\n"...)
	}
	data = append(data, "}\n"...)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if Detect("nginx.conf", data) {
			b.Fatal("detected as ECS")
		}
	}
}

// TestHasYAMLMarker checks hasYAMLMarker against hasMarker.
func TestHasYAMLMarker(t *testing.T) {
	for _, s := range []string{
		"", "AWS::", "AWS::ECS", "AWS::ECS::", "xAWS::AWS::ECS::Service", "AWS::ApplicationAutoScaling::ScalableTarget",
		"AWS::ApplicationAutoScaling:", "containerDefinitions:", "ContainerDefinitions:", "ontainerDefinitions:",
		"xontainerDefinitions:", "  containerDefinitions: []", "containerDefinitions", "CcontainerDefinitions:",
		"server { listen 80; }",
	} {
		if got, want := hasYAMLMarker([]byte(s)), hasMarker([]byte(s), yamlMarkers); got != want {
			t.Errorf("hasYAMLMarker(%q) = %v, want %v", s, got, want)
		}
	}
}
