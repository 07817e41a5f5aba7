package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Code is a stable, kebab-case identifier of a kind of finding, grouped by
// stage: "nginx-…" for the nginx parser and translator, "route-…" for routing
// intents an emitter approximates, and so on. Codes never change meaning once
// released; `kubelift explain CODE` prints the explanation.
type Code string

// CodeInfo documents one code.
type CodeInfo struct {
	Code     Code
	Severity Severity // default severity
	Summary  string   // one line
	Hint     string   // what to do, printed under the message
	Explain  string   // one paragraph for `kubelift explain`
}

// Codes returns every registered code, sorted.
func Codes() []CodeInfo {
	out := make([]CodeInfo, 0, len(registry))
	for _, c := range registry {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Lookup returns the documentation of code. An unregistered code yields an
// error-severity placeholder so that a missing registration is visible.
func Lookup(code Code) CodeInfo {
	if c, ok := registry[code]; ok {
		return c
	}
	return CodeInfo{Code: code, Severity: Error, Summary: "unregistered diagnostic code"}
}

// Known reports whether code is registered.
func Known(code Code) bool { _, ok := registry[code]; return ok }

// Explain formats the documentation of code for a terminal.
func Explain(code Code) (string, bool) {
	c, ok := registry[code]
	if !ok {
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n%s\n\n%s\n", c.Code, c.Severity, c.Summary, wrap(c.Explain, 78))
	if c.Hint != "" {
		fmt.Fprintf(&b, "\nWhat to do: %s\n", c.Hint)
	}
	return b.String(), true
}

func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		if i > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// registry is built once, in one place, from the tables of each stage.
var registry = buildRegistry(coreCodes, nginxParseCodes, nginxCodes, routeCodes, ecsParseCodes, ecsCodes, workloadCodes, schemaCodes)

func buildRegistry(tables ...[]CodeInfo) map[Code]CodeInfo {
	m := make(map[Code]CodeInfo)
	for _, t := range tables {
		for _, c := range t {
			if _, dup := m[c.Code]; dup {
				panic("diag: duplicate code " + string(c.Code))
			}
			m[c.Code] = c
		}
	}
	return m
}

// Core codes: input handling and the run as a whole.
const (
	InputUnreadable     Code = "input-unreadable"
	InputFormatUnknown  Code = "input-format-unknown"
	InputEmpty          Code = "input-empty"
	InputBinary         Code = "input-binary"
	InputTooLarge       Code = "input-too-large"
	InputSkipped        Code = "input-skipped"
	IntentNotExpressed  Code = "intent-not-expressed"
	OutputNameCollision Code = "output-name-collision"
	NameSanitized       Code = "name-sanitized"
)

var coreCodes = []CodeInfo{
	{InputUnreadable, Error, "An input file could not be read.",
		"Check the path and its permissions.",
		"kubelift could not open or read a file named on the command line or in an include. Nothing is converted from it, so the run fails with exit code 2."},
	{InputFormatUnknown, Error, "The format of an input file could not be detected.",
		"Name the format explicitly, or pass the legacy configuration file itself.",
		"kubelift detects each input's format from its content (an nginx configuration, an ECS task definition, …). This file matched none of the formats it knows."},
	{InputEmpty, Warning, "An input file is empty.",
		"Remove it from the inputs, or check that the right file was named.",
		"An empty file converts to nothing. This is reported so that a truncated or misnamed input is not mistaken for a successful conversion."},
	{InputBinary, Error, "An input file is binary, not text.",
		"Pass the text configuration, not an archive or a compiled file.",
		"The file contains NUL bytes or is not valid text, so it cannot be a configuration file. It is not parsed."},
	{InputTooLarge, Error, "An input file is larger than the configured limit.",
		"Raise --max-file-size if the file really is a configuration file.",
		"To protect the run from reading a wrong file (a log, a dump), inputs larger than the limit (64 MiB by default) are refused."},
	{InputSkipped, Info, "A file in an input directory is not a format kubelift reads.",
		"Nothing to do if the file is not configuration (a README, a Dockerfile); otherwise name it explicitly to see why it was not recognised.",
		"When a directory is given as input, every regular file directly in it is read and its format detected. Files that match no known format are skipped and listed here, so that nothing is ignored silently."},
	{IntentNotExpressed, Warning, "The emitter did not express an intent the translator recorded.",
		"Read the construct named in the message and carry its behaviour over by hand.",
		"Every intent in the intermediate representation is marked when an emitter expresses it. After emission, any intent nobody expressed is reported here, so that nothing is dropped silently. This usually means the chosen output target has no way to say it."},
	{OutputNameCollision, Error, "Two objects would get the same kind, namespace and name.",
		"Rename one of the legacy constructs, or convert them into different namespaces.",
		"Kubernetes names are unique per kind and namespace. Two legacy constructs sanitized to the same name; only the first is emitted."},
	{NameSanitized, Info, "A legacy name was changed to be a valid Kubernetes name.",
		"Nothing to do unless other tooling refers to the old name.",
		"Kubernetes object names must be DNS-1123 labels or subdomains: lowercase letters, digits and '-', at most 63 characters. kubelift lowercases, replaces other characters with '-', and shortens long names with a stable hash suffix."},
}

// inputTables are the code tables whose error-severity findings mean the
// input itself is unreadable or malformed (the CLI exits 2 and writes
// nothing), as opposed to findings about what the output can express.
var inputTables = [][]CodeInfo{nginxParseCodes, ecsParseCodes}

// IsInputError reports whether d says that an input is unreadable or
// malformed: an error-severity finding of the input-* family or of a parser.
func IsInputError(d Diagnostic) bool {
	if d.Severity != Error {
		return false
	}
	if strings.HasPrefix(string(d.Code), "input-") {
		return true
	}
	for _, t := range inputTables {
		for _, c := range t {
			if c.Code == d.Code {
				return true
			}
		}
	}
	return false
}
