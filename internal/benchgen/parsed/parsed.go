// Package parsed gives the benchmarks the generated configurations of
// package benchgen already parsed, once per process. (It is not benchgen
// itself: parser/nginx's own benchmarks use benchgen, and could not import
// a package that imports the parser.)
package parsed

import (
	"sync"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

var cache struct {
	sync.Mutex
	cfgs map[int]*pn.Config
}

// Config returns the generated configuration with n servers, parsed. The
// configuration is shared: callers must not change it. It skips tb when
// python3 or the generator is missing, and fails it when the parser reports
// an error.
func Config(tb testing.TB, n int) *pn.Config {
	tb.Helper()
	cache.Lock()
	defer cache.Unlock()
	if c, ok := cache.cfgs[n]; ok {
		return c
	}
	src := benchgen.Bytes(tb, n)
	var rep diag.Reporter
	cfg := pn.ParseBytes("bench.conf", src, pn.Options{MaxFileSize: 1 << 30, NoIncludes: true}, &rep)
	if rep.HasErrors() {
		tb.Fatalf("parse: %v", rep.Diagnostics())
	}
	if cache.cfgs == nil {
		cache.cfgs = map[int]*pn.Config{}
	}
	cache.cfgs[n] = cfg
	return cfg
}
