// Package diag holds kubelift's findings: the Diagnostic value, the stable codes
// that classify it, the per-run Reporter that collects them and the printers.
//
// Findings are values, not errors: every stage reports what it could not do
// faithfully and keeps going, so that one run shows every problem.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Severity says how much a finding matters.
type Severity uint8

const (
	// Info is produced faithfully, with a note worth reading.
	Info Severity = iota
	// Warning is produced, but behaviour changes; the message says how.
	Warning
	// Error means the object cannot be produced faithfully, or the input is bad.
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning or error)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a position in a legacy input file. Line and Col are 1-based; Col
// counts bytes. Offset is the 0-based byte offset. The zero Pos means
// "no position" (a finding about the run as a whole).
type Pos struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Col    int    `json:"column,omitempty"`
	Offset int    `json:"-"`
}

// IsValid reports whether p names a place in a file.
func (p Pos) IsValid() bool { return p.File != "" }

// String formats p as file:line:col, or file alone when there is no line.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Before orders positions by file, then line, then column.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Diagnostic is one finding.
type Diagnostic struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
	Pos      Pos      `json:"position"`
	Related  []Pos    `json:"related,omitempty"`
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s[%s]: %s", d.Pos, d.Severity, d.Code, d.Message)
}

// Reporter collects the diagnostics of one run. It is safe for concurrent
// use. The zero value is ready to use.
type Reporter struct {
	mu    sync.Mutex
	diags []Diagnostic
	// seen holds the key (code, position, message) of every recorded
	// finding; at holds the (code, position) part of those keys, so that a
	// finding at a new place is known not to be a duplicate without
	// formatting its message.
	seen map[string]struct{}
	at   map[string]struct{}
	// per counts the findings of each code in each file, so that a file
	// that is not a configuration at all (a million syntax errors) does not
	// drown the report: past MaxPerCode only the count is kept.
	per map[fileCode]*perCode
}

// MaxPerCode is how many findings of one code in one file a Reporter
// keeps; the rest are summarised in one finding.
const MaxPerCode = 100

type fileCode struct {
	file string
	code Code
}

// perCode counts the findings of a code in a file: n recorded, then over
// past MaxPerCode, the worst of those with severity sev.
type perCode struct {
	n, over int
	sev     Severity
}

// appendCodePos appends code "\x00" pos.String() to b.
func appendCodePos(b []byte, code Code, p Pos) []byte {
	b = append(b, code...)
	b = append(b, 0)
	switch {
	case p.File == "":
		return append(b, '-')
	case p.Line == 0:
		return append(b, p.File...)
	}
	b = append(b, p.File...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ':')
	return strconv.AppendInt(b, int64(p.Col), 10)
}

// Report records d. A diagnostic identical to one already recorded (same
// code, position and message) is recorded once.
func (r *Reporter) Report(d Diagnostic) {
	var buf [160]byte
	cp := appendCodePos(buf[:0], d.Code, d.Pos)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.at[string(cp)]; ok {
		if _, dup := r.seen[keyOf(cp, d.Message)]; dup {
			return
		}
	}
	pc := r.count(fileCode{d.Pos.File, d.Code})
	if pc.n >= MaxPerCode {
		pc.overflow(d.Severity)
		return
	}
	pc.n++
	r.seen[keyOf(cp, d.Message)] = struct{}{}
	r.at[string(cp)] = struct{}{}
	r.diags = append(r.diags, d)
}

func keyOf(codePos []byte, msg string) string {
	return string(codePos) + "\x00" + msg
}

// count returns the counts of fc. r.mu is held.
func (r *Reporter) count(fc fileCode) *perCode {
	pc := r.per[fc]
	if pc == nil {
		if r.per == nil {
			r.per = make(map[fileCode]*perCode)
			r.seen = make(map[string]struct{})
			r.at = make(map[string]struct{})
		}
		pc = &perCode{}
		r.per[fc] = pc
	}
	return pc
}

// overflow counts a finding past MaxPerCode.
func (pc *perCode) overflow(sev Severity) {
	if pc.over == 0 || sev > pc.sev {
		pc.sev = sev
	}
	pc.over++
}

// Add records a diagnostic with the code's default severity and hint.
// The message is formatted with fmt.Sprintf. A finding that would only be
// counted (see Skip) is not formatted at all.
func (r *Reporter) Add(code Code, pos Pos, format string, args ...any) {
	if r.Skip(code, pos) {
		return
	}
	r.Report(New(code, pos, format, args...))
}

// Skip reports whether a finding of code at pos, with the code's default
// severity, would only be counted: its file already has MaxPerCode
// findings of that code, none of them at pos. If so, it counts the finding
// (as Add or Report would) and the caller need not build it. Skip(code,
// pos) followed, when false, by Add(code, pos, …) is the same as Add.
func (r *Reporter) Skip(code Code, pos Pos) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	pc := r.per[fileCode{pos.File, code}]
	if pc == nil || pc.n < MaxPerCode {
		return false
	}
	var buf [160]byte
	if _, ok := r.at[string(appendCodePos(buf[:0], code, pos))]; ok {
		return false // perhaps a duplicate: decided on the message
	}
	pc.overflow(Lookup(code).Severity)
	return true
}

// New builds a diagnostic with the code's default severity and hint.
func New(code Code, pos Pos, format string, args ...any) Diagnostic {
	info := Lookup(code)
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return Diagnostic{Code: code, Severity: info.Severity, Message: msg, Hint: info.Hint, Pos: pos}
}

// Diagnostics returns the findings sorted by position, then code, then message.
func (r *Reporter) Diagnostics() []Diagnostic {
	r.mu.Lock()
	out := append([]Diagnostic(nil), r.diags...)
	for fc, pc := range r.per {
		if pc.over > 0 {
			out = append(out, Diagnostic{Code: fc.code, Severity: pc.sev, Pos: Pos{File: fc.file},
				Message: fmt.Sprintf("%d more %s findings in this file are not shown (only the first %d are)", pc.over, fc.code, MaxPerCode)})
		}
	}
	r.mu.Unlock()
	Sort(out)
	return out
}

// Len is the number of findings so far.
func (r *Reporter) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.diags)
}

// Count returns how many findings are at or above the severity.
func (r *Reporter) Count(min Severity) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, d := range r.diags {
		if d.Severity >= min {
			n++
		}
	}
	for _, pc := range r.per {
		if pc.over > 0 && pc.sev >= min {
			n += pc.over
		}
	}
	return n
}

// HasErrors reports whether any finding is an error.
func (r *Reporter) HasErrors() bool { return r.Count(Error) > 0 }

// Sort orders diagnostics by position, then code, then message.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos != b.Pos {
			return a.Pos.Before(b.Pos)
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
