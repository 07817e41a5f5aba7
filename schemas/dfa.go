package schemas

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
)

// This file matches the regular expressions of the fast path (fast.go)
// faster than regexp does on the short ASCII strings of a project: the
// pattern's program (regexp/syntax, as regexp compiles it) is turned into
// a DFA over ASCII bytes, built in full when the pattern is compiled. A
// string with a byte outside ASCII, and a pattern the DFA does not cover
// (word boundaries, line anchors, too many states), go to regexp. Whether
// there is a match does not depend on which match regexp would pick, so a
// set of NFA states is enough.

// maxStates bounds the DFA of one pattern.
const maxStates = 2000

// dfa is a compiled pattern; states[0] is the start.
type dfa struct {
	states []dstate
	re     *regexp.Regexp
}

type dstate struct {
	// next is the state after an ASCII byte.
	next [128]int32
	// match: a match ends here (MatchString is true); end: a match ends
	// here if the input ends here.
	match, end bool
}

// newDFA compiles pat, or returns nil if the DFA does not cover it.
func newDFA(pat string, re *regexp.Regexp) *dfa {
	parsed, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil {
		return nil
	}
	for _, in := range prog.Inst {
		switch in.Op {
		case syntax.InstEmptyWidth:
			if op := syntax.EmptyOp(in.Arg); op != syntax.EmptyBeginText && op != syntax.EmptyEndText {
				return nil
			}
		case syntax.InstAlt, syntax.InstAltMatch, syntax.InstCapture, syntax.InstNop, syntax.InstMatch,
			syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL, syntax.InstFail:
		default:
			return nil
		}
	}
	b := &dfaBuilder{prog: prog, index: map[string]int32{}, d: &dfa{re: re}, seen: make([]uint32, len(prog.Inst))}
	// The pcs live at the start (where ^ holds), and at every later
	// position (the search is unanchored).
	b.restart = b.closure([]uint32{uint32(prog.Start)}, false, false)
	if b.state(b.closure([]uint32{uint32(prog.Start)}, true, false)) < 0 {
		return nil
	}
	for i := 0; i < len(b.d.states); i++ {
		pcs := b.sets[i]
		// Bytes that the same rune instructions accept lead to the same
		// state.
		byMatched := map[string]int32{}
		for c := 0; c < 128; c++ {
			var key []byte
			var next []uint32
			for j, pc := range pcs {
				in := &prog.Inst[pc]
				if consumes(in, rune(c)) {
					key = strconv.AppendInt(key, int64(j), 36)
					key = append(key, ',')
					next = append(next, in.Out)
				}
			}
			n, ok := byMatched[string(key)]
			if !ok {
				n = b.state(append(b.closure(next, false, false), b.restart...))
				if n < 0 {
					return nil
				}
				byMatched[string(key)] = n
			}
			b.d.states[i].next[c] = n
		}
	}
	return b.d
}

// consumes reports whether a rune instruction accepts an ASCII c.
func consumes(in *syntax.Inst, c rune) bool {
	switch in.Op {
	case syntax.InstRune, syntax.InstRune1:
		return in.MatchRune(c)
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return c != '\n'
	}
	return false
}

type dfaBuilder struct {
	prog    *syntax.Prog
	d       *dfa
	sets    [][]uint32 // the NFA pcs of each state: runes, matches and $
	index   map[string]int32
	restart []uint32
	// seen marks the pcs a closure visited, with the closure's number gen.
	seen []uint32
	gen  uint32
}

// closure returns the pcs reachable from pcs without reading a rune; ^
// holds if atStart. Before the input ends it returns the rune
// instructions, the matches and the $ instructions (which hold only at the
// end); atEnd, where $ holds, it returns the matches only.
func (b *dfaBuilder) closure(pcs []uint32, atStart, atEnd bool) []uint32 {
	b.gen++
	var out []uint32
	var visit func(pc uint32)
	visit = func(pc uint32) {
		if b.seen[pc] == b.gen {
			return
		}
		b.seen[pc] = b.gen
		in := &b.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			visit(in.Out)
			visit(in.Arg)
		case syntax.InstCapture, syntax.InstNop:
			visit(in.Out)
		case syntax.InstEmptyWidth:
			switch syntax.EmptyOp(in.Arg) {
			case syntax.EmptyBeginText:
				if atStart {
					visit(in.Out)
				}
			case syntax.EmptyEndText:
				if atEnd {
					visit(in.Out)
				} else {
					out = append(out, pc)
				}
			}
		case syntax.InstFail:
		case syntax.InstMatch:
			out = append(out, pc)
		default:
			if !atEnd {
				out = append(out, pc)
			}
		}
	}
	for _, pc := range pcs {
		visit(pc)
	}
	return out
}

// state returns the index of the state of a set of pcs, adding it; -1 if
// there would be too many.
func (b *dfaBuilder) state(pcs []uint32) int32 {
	sort.Slice(pcs, func(i, j int) bool { return pcs[i] < pcs[j] })
	var key strings.Builder
	var uniq []uint32
	for i, pc := range pcs {
		if i > 0 && pcs[i-1] == pc {
			continue
		}
		uniq = append(uniq, pc)
		key.WriteString(strconv.FormatUint(uint64(pc), 36))
		key.WriteByte(',')
	}
	if i, ok := b.index[key.String()]; ok {
		return i
	}
	if len(b.d.states) >= maxStates {
		return -1
	}
	var st dstate
	var ends []uint32
	for _, pc := range uniq {
		in := &b.prog.Inst[pc]
		switch in.Op {
		case syntax.InstMatch:
			st.match = true
		case syntax.InstEmptyWidth: // $
			ends = append(ends, in.Out)
		}
	}
	// At the end, $ holds: follow it.
	for _, pc := range b.closure(ends, false, true) {
		if b.prog.Inst[pc].Op == syntax.InstMatch {
			st.end = true
		}
	}
	i := int32(len(b.d.states))
	b.d.states = append(b.d.states, st)
	b.sets = append(b.sets, uniq)
	b.index[key.String()] = i
	return i
}

// matchString reports whether s matches, as regexp's MatchString.
func (d *dfa) matchString(s string) bool {
	if s == "" {
		// ^ and $ both hold: the DFA's states do not say what follows.
		return d.re.MatchString(s)
	}
	st := &d.states[0]
	for i := 0; i < len(s); i++ {
		if st.match {
			return true
		}
		c := s[i]
		if c >= 128 {
			return d.re.MatchString(s)
		}
		st = &d.states[st.next[c]]
	}
	return st.match || st.end
}
