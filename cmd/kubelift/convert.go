package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kubelift/kubelift"
	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/schemas"
)

// convertFlags are the flags of convert (and, partly, of check).
type convertFlags struct {
	out, diagFormat, failOn string
	name, namespace, class  string
	nginxPrefix, nginxRoot  string
	secrets                 string
	policies                []string
	maxFileSize             int64
	force                   bool
}

func convertCmd(e *env) *cobra.Command {
	var f convertFlags
	cmd := &cobra.Command{
		Use:   "convert [flags] FILE|DIR...",
		Short: "Convert legacy configuration files into Kubernetes manifests",
		Long: `convert reads legacy configuration files (the format of each is detected from
its content; a directory stands for its nginx.conf, or else for the files in
it), translates them and writes Kubernetes manifests.

With -o - (the default) the manifests are printed as one YAML stream. With
-o DIR each object is written to DIR/<app>/<kind>.yaml; the write is atomic
(a failed run leaves DIR as it was), and kubelift never overwrites a file it
did not generate unless --force is given. Files it generated earlier and no
longer produces are removed. The list of generated files is kept in
DIR/.kubelift-generated.

Diagnostics go to standard error, sorted by position.

` + exitCodesHelp,
		Args: argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConvert(cmd, e, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "-", "output directory, or - for one YAML stream on standard output")
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding has this severity or worse: error, warning, info or none")
	fl.BoolVar(&f.force, "force", false, "overwrite files in the output directory that kubelift did not generate")
	addConversionFlags(cmd, &f)
	return cmd
}

// addConversionFlags adds the flags that say how to convert, shared by
// convert and check.
func addConversionFlags(cmd *cobra.Command, f *convertFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.diagFormat, "diagnostics-format", "text", "how diagnostics are printed: text, json or github")
	fl.StringVar(&f.name, "name", "", "project name (default: derived from the first input)")
	fl.StringVarP(&f.namespace, "namespace", "n", "", "namespace set on every namespaced object (default: none)")
	fl.StringVar(&f.class, "ingress-class", "", "ingressClassName set on every Ingress (default: none)")
	fl.StringVar(&f.nginxPrefix, "nginx-prefix", "", "directory relative nginx includes resolve against (default: the main file's directory)")
	fl.StringVar(&f.nginxRoot, "nginx-root", "", "directory absolute nginx include paths are looked up under, as if it were the nginx host's / (a copy of its /etc/nginx, /run, …)")
	fl.StringVar(&f.secrets, "secrets", "refs", "how secret references are emitted: refs (secretKeyRef only) or external-secrets (also ExternalSecret objects)")
	fl.Int64Var(&f.maxFileSize, "max-file-size", 64<<20, "refuse input files larger than this many bytes")
	fl.StringArrayVar(&f.policies, "policy", nil, "CUE policy file every emitted object must satisfy (repeatable; see examples/policies)")
}

// convertWith runs the conversion the flags describe. A policy file that
// cannot be used is reported on e.stderr, and ends the command with exit 2
// before anything is converted.
func convertWith(cmd *cobra.Command, e *env, f convertFlags, args []string) (*kubelift.Result, diag.Format, error) {
	format, err := diag.ParseFormat(f.diagFormat)
	if err != nil {
		return nil, "", usageError{err}
	}
	if f.secrets != "refs" && f.secrets != "external-secrets" {
		return nil, "", usageError{fmt.Errorf("--secrets: want refs or external-secrets, not %q", f.secrets)}
	}
	var policies *schemas.Policies
	if len(f.policies) > 0 {
		policies, err = schemas.LoadPolicies(f.policies)
		var pe schemas.PolicyErrors
		switch {
		case errors.As(err, &pe):
			if err := diag.Write(e.stderr, format, pe.Diagnostics()); err != nil {
				return nil, "", err
			}
			if format == diag.FormatText {
				fmt.Fprintln(e.stderr, "kubelift: the policy is not valid CUE; nothing was converted")
			}
			return nil, "", exitError{exitUsage}
		case err != nil:
			return nil, "", usageError{fmt.Errorf("--policy: %w", err)}
		}
	}
	res, err := kubelift.Convert(cmd.Context(), kubelift.Options{
		Inputs:           args,
		Name:             f.name,
		Namespace:        f.namespace,
		IngressClassName: f.class,
		NginxPrefix:      f.nginxPrefix,
		NginxRoot:        f.nginxRoot,
		ExternalSecrets:  f.secrets == "external-secrets",
		MaxFileSize:      f.maxFileSize,
		Policies:         policies,
	})
	return res, format, err
}

func runConvert(cmd *cobra.Command, e *env, f convertFlags, args []string) error {
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
		if format == diag.FormatText {
			fmt.Fprintln(e.stderr, "kubelift: the input could not be read completely; nothing was written")
		}
		return exitError{exitUsage}
	}
	if f.out == "-" {
		if err := res.WriteStream(e.stdout); err != nil {
			return err
		}
	} else if err := writeDir(f.out, res.Files, f.force); err != nil {
		fmt.Fprintf(e.stderr, "kubelift: %v\n", err)
		return exitError{exitUsage}
	}
	if format == diag.FormatText {
		fmt.Fprintln(e.stderr, summary(res, f.out))
	}
	return failOnFindings(res, failOn)
}

// failOnFindings returns exit 1 when a finding is at least failOn (-1: never).
func failOnFindings(res *kubelift.Result, failOn int) error {
	if failOn >= 0 {
		for _, d := range res.Diagnostics {
			if int(d.Severity) >= failOn {
				return exitError{exitFindings}
			}
		}
	}
	return nil
}

// parseFailOn reads --fail-on; -1 means never.
func parseFailOn(s string) (int, error) {
	if s == "none" {
		return -1, nil
	}
	sev, err := diag.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on: %v (or none)", err)
	}
	return int(sev), nil
}

func summary(res *kubelift.Result, out string) string {
	var n [3]int
	for _, d := range res.Diagnostics {
		n[d.Severity]++
	}
	where := "to standard output"
	if out != "-" {
		where = "to " + out
	}
	return fmt.Sprintf("kubelift: %d objects written %s; %d errors, %d warnings, %d notes", len(res.Files), where, n[diag.Error], n[diag.Warning], n[diag.Info])
}
