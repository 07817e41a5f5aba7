package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes, documented in --help and README.md.
const (
	exitOK       = 0 // success
	exitFindings = 1 // findings at or above --fail-on, or drift in check
	exitUsage    = 2 // usage error, unreadable or malformed input
)

const exitCodesHelp = `Exit codes:
  0  success
  1  findings at or above the --fail-on severity (default: error)
  2  usage error, or an input that is unreadable or malformed`

// exitError carries an exit code out of a command.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usageError is a mistake in the command line.
type usageError struct{ error }

// env is what a command may touch: its I/O streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run executes the kubelift command line args and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "kubelift",
		Short: "Compile legacy deployment configuration (nginx, …) into Kubernetes manifests",
		Long: `kubelift reads legacy configuration — today nginx configurations — and
compiles it into Kubernetes manifests: Services, Ingresses and the objects
they need. Everything it cannot carry over faithfully is reported with the
legacy file:line:col, a stable code (see 'kubelift explain CODE') and a hint.

` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(convertCmd(e), checkCmd(e), explainCmd(e), schemaCmd(e), versionCmd(e))
	root.CompletionOptions.DisableDefaultCmd = true

	err := root.ExecuteContext(ctx)
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "kubelift: %v\nRun 'kubelift --help' for usage.\n", ue.error)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "kubelift: %v\n", err)
		return exitUsage
	}
}

// argsUsage wraps cobra's argument validators so that their errors are usage errors.
func argsUsage(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
