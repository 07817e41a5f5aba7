package kube_test

import (
	"fmt"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/emit/kube"
	"github.com/kubelift/kubelift/internal/benchgen"
	"github.com/kubelift/kubelift/internal/benchgen/parsed"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
	tn "github.com/kubelift/kubelift/translate/nginx"
)

// translated returns a fresh project: Emit marks the project's intents as
// handled, so each emission needs its own.
func translated(tb testing.TB, cfg *pn.Config) *ir.Project {
	var rep diag.Reporter
	p := tn.Translate([]*pn.Config{cfg}, tn.Options{Name: "bench"}, &rep)
	if len(p.Sites) == 0 {
		tb.Fatalf("no sites: %v", rep.Diagnostics())
	}
	return p
}

// BenchmarkEmit emits the objects of a translated generated configuration
// and marshals each to YAML, as kubelift.Render does. Translation is not
// timed.
func BenchmarkEmit(b *testing.B) {
	for _, n := range benchgen.Sizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			cfg := parsed.Config(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			var size int64
			for range b.N {
				b.StopTimer()
				p := translated(b, cfg)
				b.StartTimer()
				var rep diag.Reporter
				objs := kube.Emit(p, kube.Options{}, &rep)
				if len(objs) == 0 {
					b.Fatalf("no objects: %v", rep.Diagnostics())
				}
				kube.Paths(objs)
				size = 0
				for _, o := range objs {
					y, err := kube.Marshal(o.Obj)
					if err != nil {
						b.Fatal(err)
					}
					size += int64(len(y))
				}
			}
			b.ReportMetric(float64(size), "yaml-bytes/op")
		})
	}
}

// BenchmarkPipeline parses, translates and emits a generated configuration
// with Options.Marshal, as kubelift.Convert does (without the schema check
// and the rendering of the files).
func BenchmarkPipeline(b *testing.B) {
	for _, n := range benchgen.Sizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			src := benchgen.Bytes(b, n)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				var rep diag.Reporter
				cfg := pn.ParseBytes("bench.conf", src, pn.Options{MaxFileSize: 1 << 30, NoIncludes: true}, &rep)
				p := tn.Translate([]*pn.Config{cfg}, tn.Options{Name: "bench"}, &rep)
				objs := kube.Emit(p, kube.Options{Marshal: true}, &rep)
				if len(objs) == 0 {
					b.Fatalf("no objects: %v", rep.Diagnostics())
				}
				kube.Paths(objs)
			}
		})
	}
}
