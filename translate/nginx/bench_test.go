package nginx_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen"
	pn "github.com/kubelift/kubelift/parser/nginx"
	tn "github.com/kubelift/kubelift/translate/nginx"
)

// benchParsed caches the parsed generated configurations for the life of
// the process.
var benchParsed struct {
	sync.Mutex
	cfgs map[int]*pn.Config
}

// generatedConfig parses a generated configuration with n servers. It skips
// tb when python3 or the generator is missing.
func generatedConfig(tb testing.TB, n int) *pn.Config {
	tb.Helper()
	benchParsed.Lock()
	defer benchParsed.Unlock()
	if c, ok := benchParsed.cfgs[n]; ok {
		return c
	}
	src := benchgen.Bytes(tb, n)
	var rep diag.Reporter
	cfg := pn.ParseBytes("bench.conf", src, pn.Options{MaxFileSize: 1 << 30, NoIncludes: true}, &rep)
	if rep.HasErrors() {
		tb.Fatalf("parse: %v", rep.Diagnostics())
	}
	if benchParsed.cfgs == nil {
		benchParsed.cfgs = map[int]*pn.Config{}
	}
	benchParsed.cfgs[n] = cfg
	return cfg
}

// BenchmarkTranslate translates a parsed generated configuration into the IR.
func BenchmarkTranslate(b *testing.B) {
	for _, n := range benchgen.Sizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			cfg := generatedConfig(b, n)
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
