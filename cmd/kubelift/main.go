// Command kubelift compiles legacy deployment configuration into Kubernetes
// manifests. See `kubelift --help`.
package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

func main() {
	limitMemory(os.Args[1:])
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// memoryPerInputByte bounds the heap of a run, per byte of input: a
// conversion's live heap peaks at about 10 times its input (the parse tree
// and the IR, while it is translated), and without a bound the runtime lets
// the heap grow to twice the live heap (GOGC=100) before collecting. The
// first collection should come after translation, when the parse tree is
// garbage: on the 10,000-server config (15 MB), means of 10 runs were
// 0.435 s and 185 MB peak RSS at 12, 0.403 s and 212 MB at 14, 0.406 s and
// 239 MB at 16.
const memoryPerInputByte = 14

// limitMemory sets a soft memory limit proportional to the size of the
// input files named in args (files, and files under directories), and
// leaves collection to it, unless GOGC or GOMEMLIMIT say otherwise.
func limitMemory(args []string) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	var total int64
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		total += inputSize(a)
	}
	if total > 0 {
		debug.SetMemoryLimit(max(64<<20, memoryPerInputByte*total))
		// Collect only near the limit: a run is short, and the heap it
		// reaches is bounded by the limit either way (past it the
		// collector runs as it would with GOGC=100). Measured on the
		// 10,000-server config: 0.47 s instead of 0.52 s, same peak RSS.
		debug.SetGCPercent(-1)
	}
}

// inputSize is the size of the file at p, or of the regular files under
// the directory at p (two levels deep, at most 10,000 files), 0 for
// anything else.
func inputSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	if fi.Mode().IsRegular() {
		return fi.Size()
	}
	if !fi.IsDir() {
		return 0
	}
	var n int64
	files := 0
	root := filepath.Clean(p)
	filepath.WalkDir(root, func(q string, d fs.DirEntry, err error) error {
		if err != nil || files >= 10000 {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if q != root && strings.Count(strings.TrimPrefix(q, root), string(filepath.Separator)) > 2 {
				return filepath.SkipDir
			}
			return nil
		}
		files++
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
