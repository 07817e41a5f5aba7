// Command gen regenerates validate/crds/*.json from the Gateway API module.
//
//	go run ./internal/crdbundle/gen -version v1.6.3 -out validate/crds
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kubelift/kubelift/test/apivalidation/internal/crdbundle"
)

func main() {
	version := flag.String("version", "", "sigs.k8s.io/gateway-api version")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *version == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -version vX.Y.Z -out DIR")
		os.Exit(2)
	}
	dir, err := crdbundle.ModuleDir(*version)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, ch := range crdbundle.Channels {
		b, err := crdbundle.Build(dir, *version, ch)
		if err == nil {
			err = os.WriteFile(filepath.Join(*out, crdbundle.FileName(ch)), b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
