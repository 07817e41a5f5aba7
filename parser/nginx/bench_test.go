package nginx

import (
	"fmt"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen"
	gparser "github.com/tufanbarisyildirim/gonginx/parser"
)

// BenchmarkParse parses a generated configuration already in memory, the
// directive check included.
func BenchmarkParse(b *testing.B) {
	for _, n := range benchgen.Sizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			src := benchgen.Bytes(b, n)
			opts := Options{MaxFileSize: 1 << 30}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				var rep diag.Reporter
				cfg := ParseBytes("bench.conf", src, opts, &rep)
				if rep.Len() != 0 || len(cfg.Main.Directives) == 0 {
					b.Fatalf("diagnostics: %v", rep.Diagnostics())
				}
			}
		})
	}
}

// BenchmarkGonginxParse parses the same bytes with gonginx, for comparison.
func BenchmarkGonginxParse(b *testing.B) {
	for _, n := range benchgen.Sizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			src := benchgen.Bytes(b, n)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := gparser.NewStringParser(string(src), gparser.WithSkipValidDirectivesErr()).Parse(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestOracleGenerated compares the two parsers on a generated configuration.
func TestOracleGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	src := benchgen.Bytes(t, 1000)
	diff, err := oracleCompare(t, "gen.conf", src)
	if err != nil {
		t.Fatal(err)
	}
	if diff != "" {
		t.Errorf("trees differ (-gonginx +ours):\n%s", diff)
	}
}
