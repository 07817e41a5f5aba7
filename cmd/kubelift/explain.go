package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kubelift/kubelift/diag"
)

func explainCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "explain [CODE]",
		Short: "Explain a diagnostic code, or list every code",
		Long: `explain prints what a diagnostic code means, why it happens and what to do.
Without a code it lists every code with its severity and summary.

` + exitCodesHelp,
		Args: argsUsage(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				for _, c := range diag.Codes() {
					fmt.Fprintf(e.stdout, "%-36s %-8s %s\n", c.Code, c.Severity, c.Summary)
				}
				return nil
			}
			text, ok := diag.Explain(diag.Code(args[0]))
			if !ok {
				return usageError{fmt.Errorf("unknown code %q; 'kubelift explain' lists them", args[0])}
			}
			fmt.Fprint(e.stdout, text)
			return nil
		},
	}
}
