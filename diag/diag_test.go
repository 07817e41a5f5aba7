package diag

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// refReporter is the straightforward Reporter: every finding formatted and
// keyed. The Reporter must behave exactly like it.
type refReporter struct {
	diags []Diagnostic
	seen  map[string]bool
	per   map[fileCode]int
	over  map[fileCode]perCode
}

func (r *refReporter) Report(d Diagnostic) {
	key := string(d.Code) + "\x00" + d.Pos.String() + "\x00" + d.Message
	if r.seen[key] {
		return
	}
	fc := fileCode{d.Pos.File, d.Code}
	if r.per[fc] >= MaxPerCode {
		o := r.over[fc]
		o.over++
		if d.Severity > o.sev {
			o.sev = d.Severity
		}
		r.over[fc] = o
		return
	}
	r.per[fc]++
	r.seen[key] = true
	r.diags = append(r.diags, d)
}

func (r *refReporter) Diagnostics() []Diagnostic {
	out := append([]Diagnostic(nil), r.diags...)
	for fc, o := range r.over {
		out = append(out, Diagnostic{Code: fc.code, Severity: o.sev, Pos: Pos{File: fc.file},
			Message: fmt.Sprintf("%d more %s findings in this file are not shown (only the first %d are)", o.over, fc.code, MaxPerCode)})
	}
	Sort(out)
	return out
}

func TestReporterMatchesReference(t *testing.T) {
	var codes []Code
	for c := range registry {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i] < codes[j] })
	codes = append(codes[:3:3], "unregistered-code")
	// File names that make distinct positions print alike.
	files := []string{"", "-", "a.conf", "a.conf:1:2", "b"}
	overflowed := 0
	for seed := uint64(0); seed < 40; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 7))
		var got Reporter
		want := &refReporter{seen: map[string]bool{}, per: map[fileCode]int{}, over: map[fileCode]perCode{}}
		n := 50 + rnd.IntN(4000)
		for i := 0; i < n; i++ {
			code := codes[rnd.IntN(len(codes))]
			pos := Pos{File: files[rnd.IntN(len(files))], Line: rnd.IntN(60), Col: rnd.IntN(3), Offset: rnd.IntN(2)}
			if pos.File == "a.conf" && pos.Line == 1 && rnd.IntN(2) == 0 {
				pos.Col = 2
			}
			msg := fmt.Sprintf("m%d", rnd.IntN(3))
			switch rnd.IntN(4) {
			case 0:
				d := Diagnostic{Code: code, Severity: Severity(rnd.IntN(3)), Message: msg, Pos: pos}
				got.Report(d)
				want.Report(d)
			case 1:
				if !got.Skip(code, pos) {
					got.Add(code, pos, "%s", msg)
				}
				want.Report(New(code, pos, "%s", msg))
			default:
				got.Add(code, pos, "%s", msg)
				want.Report(New(code, pos, "%s", msg))
			}
		}
		if g, w := got.Diagnostics(), want.Diagnostics(); !reflect.DeepEqual(g, w) {
			t.Fatalf("seed %d: diagnostics differ:\ngot  %v\nwant %v", seed, g, w)
		}
		wantErrs := 0
		for _, d := range want.diags {
			if d.Severity == Error {
				wantErrs++
			}
		}
		for _, o := range want.over {
			if o.sev >= Error {
				wantErrs += o.over
			}
		}
		overflowed += len(want.over)
		if g := got.Count(Error); g != wantErrs {
			t.Fatalf("seed %d: Count(Error) = %d, want %d", seed, g, wantErrs)
		}
	}
	if overflowed == 0 {
		t.Error("no code overflowed: the test does not exercise MaxPerCode")
	}
}
