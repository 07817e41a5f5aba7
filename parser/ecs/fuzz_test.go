package ecs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/emit/kube"
	pe "github.com/kubelift/kubelift/parser/ecs"
	te "github.com/kubelift/kubelift/translate/ecs"
)

// fuzzNames are the file names an input is parsed under (the name picks
// Terraform, template or content detection).
var fuzzNames = []string{"input.json", "template.yaml", "main.tf", "terraform.tfvars", "containers.json.tpl"}

// FuzzParse feeds arbitrary bytes to Detect and Parse, and what parses
// cleanly on through the translator and the emitter: nothing may panic,
// and every finding must name a position in the input.
func FuzzParse(f *testing.F) {
	seeds := 0
	for _, root := range []string{"../../../shared/corpus/ecs", "../../testdata/ecs"} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.Contains(p, "/want/") || strings.HasSuffix(p, ".md") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			kind := uint8(0)
			switch {
			case strings.HasSuffix(p, ".yaml"):
				kind = 1
			case strings.HasSuffix(p, ".tf"):
				kind = 2
			case strings.HasSuffix(p, ".tfvars"):
				kind = 3
			case strings.HasSuffix(p, ".tpl"):
				kind = 4
			}
			f.Add(data, kind)
			seeds++
			return nil
		})
	}
	f.Add([]byte(`{"family":"x","containerDefinitions":[{"name":"a","image":"b","dependsOn":[{"containerName":"a","condition":"START"}]}]}`), uint8(0))
	f.Add([]byte("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: !Ref X\n"), uint8(1))
	f.Add([]byte("resource \"aws_ecs_task_definition\" \"x\" {\n  family = \"x\"\n  container_definitions = <<EOT\n[{\"name\": \"${local.a}\", \"image\": \"b\", \"cpu\": ${var.c}}]\nEOT\n}\n"), uint8(2))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		// A hang is a failure too: dump every goroutine after 10s.
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				buf := make([]byte, 1<<20)
				n := runtime.Stack(buf, true)
				panic(fmt.Sprintf("input %q (kind %d) took more than 10s:\n%s", data, kind, buf[:n]))
			}
		}()
		path := filepath.Join(dir, fuzzNames[int(kind)%len(fuzzNames)])
		pe.Detect(path, data)
		rep := &diag.Reporter{}
		file := pe.Parse(path, data, rep)
		if file == nil {
			t.Fatal("Parse returned nil")
		}
		for _, d := range rep.Diagnostics() {
			if d.Pos.File == "" {
				t.Fatalf("finding without a file: %v", d)
			}
			if d.Pos.File == path && d.Pos.Line < 1 && !strings.Contains(d.Message, "more") {
				t.Fatalf("finding without a line: %v", d)
			}
			if !diag.Known(d.Code) {
				t.Fatalf("unregistered code %s", d.Code)
			}
		}
		if rep.HasErrors() {
			return
		}
		p := te.Translate([]*pe.File{file}, te.Options{Name: "fuzz", ExternalSecrets: kind%2 == 0}, rep)
		objs := kube.Emit(p, kube.Options{}, rep)
		for _, o := range objs {
			if _, err := kube.Marshal(o.Obj); err != nil {
				t.Fatalf("marshal %s %s: %v", o.Kind, o.Name, err)
			}
		}
	})
	_ = seeds
}
