package nginx

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/kubelift/kubelift/diag"
	gparser "github.com/tufanbarisyildirim/gonginx/parser"
)

// genScript generates large, realistic configurations for benchmarks.
const genScript = "../../../shared/bench/gen_nginx.py"

// generated caches the generated configurations for the life of the test
// process: generating 50,000 servers takes a few seconds.
var generated struct {
	sync.Mutex
	files map[int][]byte
}

// generatedConfig returns the bytes of a configuration with n servers,
// generating it on first use. It skips tb when python3 or the script is
// missing.
func generatedConfig(tb testing.TB, n int) []byte {
	tb.Helper()
	generated.Lock()
	defer generated.Unlock()
	if b, ok := generated.files[n]; ok {
		return b
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		tb.Skip("python3 not found: cannot generate benchmark configurations")
	}
	if _, err := os.Stat(genScript); err != nil {
		tb.Skipf("generator %s not found", genScript)
	}
	// The bytes are kept in memory: the file is removed at once.
	dir, err := os.MkdirTemp("", "kubelift-nginx-bench-")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "servers-"+strconv.Itoa(n)+".conf")
	cmd := exec.Command(py, genScript, "--servers", strconv.Itoa(n), "--out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v\n%s", genScript, err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		tb.Fatal(err)
	}
	if generated.files == nil {
		generated.files = map[int][]byte{}
	}
	generated.files[n] = b
	return b
}

var benchSizes = []int{1000, 10000, 50000}

// BenchmarkParse parses a generated configuration already in memory, the
// directive check included.
func BenchmarkParse(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			src := generatedConfig(b, n)
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
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			src := generatedConfig(b, n)
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
	src := generatedConfig(t, 1000)
	diff, err := oracleCompare(t, "gen.conf", src)
	if err != nil {
		t.Fatal(err)
	}
	if diff != "" {
		t.Errorf("trees differ (-gonginx +ours):\n%s", diff)
	}
}
