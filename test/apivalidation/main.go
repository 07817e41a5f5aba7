// Command apivalidation validates Kubernetes manifests offline the way
// kube-apiserver would on create (see package validate).
//
//	cd test/apivalidation && go run . FILE-or-DIR...
//
// Files are YAML (or JSON) streams of one or many objects separated by
// "---"; directories are walked for *.yaml, *.yml and *.json; "-" reads
// standard input. Every problem is printed as
//
//	file: Kind/name: field.path: the API server's message
//
// followed by the objects it had no validator for and a summary.
// Exit status: 0 when every validated object is accepted, 1 when any is
// rejected (or, with -strict, when any object could not be validated),
// 2 on usage errors and unreadable paths.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kubelift/kubelift/test/apivalidation/validate"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("apivalidation", flag.ContinueOnError)
	fl.SetOutput(stderr)
	strict := fl.Bool("strict", false, "also exit 1 when an object's kind could not be validated")
	quiet := fl.Bool("q", false, "print problems only: no unvalidated list, no summary")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: apivalidation [-strict] [-q] FILE-or-DIR...\n\n"+
			"Validates Kubernetes manifests as kube-apiserver %s would on create\n"+
			"(Gateway API: the CRD schemas and CEL rules of gateway-api %s).\n"+
			"Exit 0: all accepted; 1: problems found; 2: usage or unreadable input.\n\n", validate.KubernetesVersion, validate.GatewayAPIVersion)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return 2
	}
	var files []string
	for _, arg := range fl.Args() {
		found, err := expand(arg)
		if err != nil {
			fmt.Fprintf(stderr, "apivalidation: %v\n", err)
			return 2
		}
		files = append(files, found...)
	}

	var total validate.Result
	for _, f := range files {
		var data []byte
		var err error
		if f == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "apivalidation: %v\n", err)
			return 2
		}
		total.Add(validate.Check(data, f))
	}

	validate.SortProblems(total.Problems)
	for _, p := range total.Problems {
		fmt.Fprintln(stdout, p)
	}
	if !*quiet {
		for _, u := range total.Unvalidated {
			fmt.Fprintf(stdout, "%s: %s/%s: NOT VALIDATED (%s): %s\n", u.File, u.Kind, u.Name, u.APIVersion, u.Reason)
		}
		fmt.Fprintln(stdout, summary(total, len(files)))
	}
	if len(total.Problems) > 0 || (*strict && len(total.Unvalidated) > 0) {
		return 1
	}
	return 0
}

// expand turns an argument into the files to read.
func expand(arg string) ([]string, error) {
	if arg == "-" {
		return []string{"-"}, nil
	}
	fi, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{arg}, nil
	}
	var files []string
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && isManifest(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no *.yaml, *.yml or *.json files", arg)
	}
	return files, nil
}

func isManifest(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

func summary(r validate.Result, files int) string {
	kinds := make([]string, 0, len(r.Kinds))
	for k, n := range r.Kinds {
		kinds = append(kinds, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "%d objects in %d files: %d validated, %d not validated, %d problems", r.Objects, files, r.Validated, len(r.Unvalidated), len(r.Problems))
	for _, k := range kinds {
		fmt.Fprintf(&b, "\n  %s", k)
	}
	return b.String()
}
