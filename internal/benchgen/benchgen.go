// Package benchgen provides the generated nginx configurations the
// benchmarks of every package share: ../shared/bench/gen_nginx.py's
// deterministic fleets of N servers (TLS, 3-5 locations, upstreams,
// headers, a redirect).
package benchgen

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// Sizes are the server counts the benchmarks run at.
var Sizes = []int{1000, 10000, 50000}

// generated caches the configurations for the life of the process:
// generating 50,000 servers takes a few seconds.
var generated struct {
	sync.Mutex
	files map[int][]byte
}

// script is the generator, found from this file's place in the checkout
// (the shared folder lies beside it).
func script() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "..", "..", "shared", "bench", "gen_nginx.py")
}

// Bytes returns a configuration with n servers, generating it on first
// use. It skips tb when python3 or the generator is missing.
func Bytes(tb testing.TB, n int) []byte {
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
	gen := script()
	if _, err := os.Stat(gen); err != nil {
		tb.Skipf("generator %s not found", gen)
	}
	// The bytes are kept in memory; the file goes at once.
	dir, err := os.MkdirTemp("", "kubelift-bench-")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "servers.conf")
	if msg, err := exec.Command(py, gen, "--servers", strconv.Itoa(n), "--out", out).CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v\n%s", gen, err, msg)
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

// File writes the configuration with n servers (see Bytes) to a file in
// tb's temporary directory and returns its path.
func File(tb testing.TB, n int) string {
	tb.Helper()
	b := Bytes(tb, n)
	p := filepath.Join(tb.TempDir(), "servers-"+strconv.Itoa(n)+".conf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}
