package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format names a way of printing diagnostics.
type Format string

const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatGitHub Format = "github"
)

// ParseFormat checks a --diagnostics-format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatText, FormatJSON, FormatGitHub:
		return f, nil
	}
	return "", fmt.Errorf("unknown diagnostics format %q (want text, json or github)", s)
}

// Write prints ds (already sorted) in format f.
func Write(w io.Writer, f Format, ds []Diagnostic) error {
	switch f {
	case FormatJSON:
		return WriteJSON(w, ds)
	case FormatGitHub:
		return WriteGitHub(w, ds)
	default:
		return WriteText(w, ds)
	}
}

// WriteText prints one finding per line as `file:line:col: severity[code]: message`,
// with the hint indented on the next line.
func WriteText(w io.Writer, ds []Diagnostic) error {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s: %s[%s]: %s\n", d.Pos, d.Severity, d.Code, d.Message)
		for _, r := range d.Related {
			fmt.Fprintf(&b, "    see %s\n", r)
		}
		if d.Hint != "" {
			fmt.Fprintf(&b, "    hint: %s\n", d.Hint)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON prints the findings as one JSON array (an empty array for none).
func WriteJSON(w io.Writer, ds []Diagnostic) error {
	if ds == nil {
		ds = []Diagnostic{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ds)
}

// WriteGitHub prints GitHub Actions workflow commands, one per finding, so that
// a CI run annotates the legacy file at the right line.
func WriteGitHub(w io.Writer, ds []Diagnostic) error {
	var b strings.Builder
	for _, d := range ds {
		level := "notice"
		switch d.Severity {
		case Error:
			level = "error"
		case Warning:
			level = "warning"
		}
		b.WriteString("::")
		b.WriteString(level)
		var props []string
		if d.Pos.File != "" {
			props = append(props, "file="+ghProp(d.Pos.File))
			if d.Pos.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Pos.Line), fmt.Sprintf("col=%d", d.Pos.Col))
			}
		}
		props = append(props, "title="+ghProp(string(d.Code)))
		b.WriteString(" " + strings.Join(props, ","))
		msg := d.Message
		if d.Hint != "" {
			msg += "\n" + d.Hint
		}
		b.WriteString("::" + ghData(msg) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
