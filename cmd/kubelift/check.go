package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/diff"
)

func checkCmd(e *env) *cobra.Command {
	var f convertFlags
	var dir string
	cmd := &cobra.Command{
		Use:   "check -d DIR [flags] FILE|DIR...",
		Short: "Fail when committed manifests drifted from what the legacy files convert to",
		Long: `check converts the legacy files as convert does, without writing anything,
and compares the result with the manifests committed in DIR (the files listed
in DIR/.kubelift-generated, or every .yaml file under DIR when there is no
such list). Objects are compared, not text: formatting, key order and comments
do not count. Every file that differs is printed with a line diff ("-" is the
committed file, "+" what the legacy files convert to now).

It is the CI lint for the months when the legacy configuration stays the
source of truth: run it on every change.

` + exitCodesHelp + `
  (for check, exit 1 means the manifests drifted, or a finding reached --fail-on)`,
		Args: argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return usageError{errors.New("check needs -d DIR, the directory of committed manifests")}
			}
			failOn, err := parseFailOn(f.failOn)
			if err != nil {
				return usageError{err}
			}
			res, format, err := convertWith(cmd, e, f, args)
			if err != nil {
				return err
			}
			if err := diag.Write(e.stderr, format, res.Diagnostics); err != nil {
				return err
			}
			if res.InputErrors {
				return exitError{exitUsage}
			}
			committed, err := readCommitted(dir)
			if err != nil {
				fmt.Fprintf(e.stderr, "kubelift: %v\n", err)
				return exitError{exitUsage}
			}
			generated := map[string][]byte{}
			for _, file := range res.Files {
				generated[file.Path] = file.Data
			}
			changes := diff.Compare(committed, generated)
			for _, c := range changes {
				fmt.Fprintf(e.stdout, "%s: %s\n", filepath.Join(dir, filepath.FromSlash(c.Path)), c.Kind)
				for _, line := range strings.SplitAfter(strings.TrimSuffix(c.Diff, "\n"), "\n") {
					fmt.Fprintf(e.stdout, "    %s", strings.TrimSuffix(line, "\n")+"\n")
				}
			}
			if len(changes) > 0 {
				fmt.Fprintf(e.stderr, "kubelift: %d of the manifests in %s drifted from the legacy configuration; run kubelift convert -o %s to regenerate them\n", len(changes), dir, dir)
				return exitError{exitFindings}
			}
			if format == diag.FormatText {
				fmt.Fprintf(e.stderr, "kubelift: the %d manifests in %s match the legacy configuration\n", len(res.Files), dir)
			}
			return failOnFindings(res, failOn)
		},
	}
	cmd.Flags().StringVarP(&dir, "dir", "d", "", "directory of the committed manifests (as written by convert -o DIR)")
	cmd.Flags().StringVar(&f.failOn, "fail-on", "none", "also exit 1 when a finding has this severity or worse: error, warning, info or none")
	addConversionFlags(cmd, &f)
	return cmd
}

// readCommitted reads the manifests kubelift generated in dir.
func readCommitted(dir string) (map[string][]byte, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory of manifests", dir)
	}
	rec, err := readRecord(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	if len(rec) > 0 {
		for p := range rec {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			if err == nil {
				out[p] = b
			}
		}
		return out, nil
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out, err
}
