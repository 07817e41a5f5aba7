package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kubelift/kubelift/schemas"
)

func schemaCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [FILE]",
		Short: "Print the CUE schemas kubelift validates every conversion against",
		Long: `schema prints the embedded CUE schemas: the definition of a valid migration
(#Project and everything under it). Given a file name (see the list printed
without one, e.g. ir.cue), it prints that file only. Copy them to read them
or to write --policy files that build on them.

` + exitCodesHelp,
		Args: argsUsage(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				fmt.Fprint(e.stdout, schemas.Source())
				return nil
			}
			var names []string
			for _, f := range schemas.Files() {
				if f.Name == args[0] || strings.TrimSuffix(f.Name, ".cue") == args[0] {
					_, err := e.stdout.Write(f.Data)
					return err
				}
				names = append(names, f.Name)
			}
			return usageError{fmt.Errorf("no schema file %q (there are: %s)", args[0], strings.Join(names, ", "))}
		},
	}
}
