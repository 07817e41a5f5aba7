// Command gonginxparse is the yardstick of scripts/bench.sh as a process:
// it reads an nginx configuration and parses it with gonginx, as
// `kubelift convert` reads and converts it, so that the two are timed the
// same way (process start, file read, a collector left to its defaults).
//
//	go run ./internal/gonginxparse FILE
package main

import (
	"fmt"
	"os"

	gparser "github.com/tufanbarisyildirim/gonginx/parser"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gonginxparse FILE")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// As BenchmarkGonginxParse parses: from the bytes, unknown directives allowed.
	cfg, err := gparser.NewStringParser(string(src), gparser.WithSkipValidDirectivesErr()).Parse()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(len(cfg.Block.Directives), "top-level directives")
}
