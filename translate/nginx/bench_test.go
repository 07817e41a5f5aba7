package nginx_test

import (
	"fmt"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen"
	"github.com/kubelift/kubelift/internal/benchgen/parsed"
	pn "github.com/kubelift/kubelift/parser/nginx"
	tn "github.com/kubelift/kubelift/translate/nginx"
)

// BenchmarkTranslate translates a parsed generated configuration into the IR.
func BenchmarkTranslate(b *testing.B) {
	for _, n := range benchgen.Sizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			cfg := parsed.Config(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				var rep diag.Reporter
				p := tn.Translate([]*pn.Config{cfg}, tn.Options{Name: "bench"}, &rep)
				if len(p.Sites) == 0 {
					b.Fatalf("no sites: %v", rep.Diagnostics())
				}
			}
		})
	}
}
