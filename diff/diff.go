// Package diff compares two sets of Kubernetes manifests semantically, for
// `kubelift check`: two files that hold the same objects are equal whatever
// their formatting, key order or comments; files that differ are shown as a
// line diff of their normalised YAML.
package diff

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

// Kind says how a file changed.
type Kind string

const (
	Added   Kind = "added"   // generated now, not in the committed set
	Removed Kind = "removed" // committed, no longer generated
	Changed Kind = "changed" // both, with different objects
)

// Change is one file that drifted.
type Change struct {
	Path string
	Kind Kind
	// Diff is a unified-style line diff from the committed file to the
	// generated one ("-" committed, "+" generated).
	Diff string
}

// Compare returns the files whose objects differ between committed and
// generated (both keyed by slash-separated path), sorted by path.
func Compare(committed, generated map[string][]byte) []Change {
	paths := map[string]bool{}
	for p := range committed {
		paths[p] = true
	}
	for p := range generated {
		paths[p] = true
	}
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	var out []Change
	for _, p := range keys {
		c, inC := committed[p]
		g, inG := generated[p]
		switch {
		case !inC:
			out = append(out, Change{Path: p, Kind: Added, Diff: Lines(nil, normal(g))})
		case !inG:
			out = append(out, Change{Path: p, Kind: Removed, Diff: Lines(normal(c), nil)})
		case !Equal(c, g):
			out = append(out, Change{Path: p, Kind: Changed, Diff: Lines(normal(c), normal(g))})
		}
	}
	return out
}

// Equal reports whether two YAML documents (or streams) hold the same data.
// Text that is not YAML is compared byte for byte.
func Equal(a, b []byte) bool {
	va, errA := decode(a)
	vb, errB := decode(b)
	if errA != nil || errB != nil {
		return bytes.Equal(a, b)
	}
	return cmp.Equal(va, vb)
}

func decode(b []byte) ([]any, error) {
	var docs []any
	for _, part := range splitDocs(b) {
		var v any
		if err := yaml.Unmarshal(part, &v); err != nil {
			return nil, err
		}
		if v != nil {
			docs = append(docs, v)
		}
	}
	return docs, nil
}

func splitDocs(b []byte) [][]byte {
	var out [][]byte
	var cur bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if t := bytes.TrimRight(line, "\r\n"); string(t) == "---" {
			out = append(out, append([]byte(nil), cur.Bytes()...))
			cur.Reset()
			continue
		}
		cur.Write(line)
	}
	return append(out, cur.Bytes())
}

// normal re-renders YAML with sorted keys so that a diff shows content, not
// formatting; text that is not YAML is returned as it is.
func normal(b []byte) []string {
	docs, err := decode(b)
	if err != nil {
		return splitLines(string(b))
	}
	var s strings.Builder
	for i, d := range docs {
		if i > 0 {
			s.WriteString("---\n")
		}
		y, err := yaml.Marshal(d)
		if err != nil {
			return splitLines(string(b))
		}
		s.Write(y)
	}
	return splitLines(s.String())
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Lines is a line diff of a to b with up to 3 lines of context around each
// change, in the style of `diff -u` without headers.
func Lines(a, b []string) string {
	// Longest common subsequence table: manifests are small.
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		c    byte
		line string
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	const ctx = 3
	keep := make([]bool, len(ops))
	for k, o := range ops {
		if o.c != ' ' {
			for x := max(0, k-ctx); x <= min(len(ops)-1, k+ctx); x++ {
				keep[x] = true
			}
		}
	}
	var s strings.Builder
	gap := false
	for k, o := range ops {
		if !keep[k] {
			gap = true
			continue
		}
		if gap && s.Len() > 0 {
			s.WriteString("  …\n")
		}
		gap = false
		fmt.Fprintf(&s, "%c %s\n", o.c, o.line)
	}
	return s.String()
}
