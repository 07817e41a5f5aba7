package ir

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// DNSLabel turns s into a valid DNS-1123 label (lowercase alphanumerics and
// '-', starting and ending with an alphanumeric, at most 63 characters),
// deterministically. Runs of other characters become one '-'. A name that
// had to be shortened keeps a 6-hex-digit hash of the original as suffix, so
// that two long names stay distinct. An empty result becomes "x".
func DNSLabel(s string) string { return sanitize(s, 63) }

// DNS1035Label is DNSLabel that also starts with a letter (Service names).
func DNS1035Label(s string) string {
	l := sanitize(s, 63)
	if l[0] >= '0' && l[0] <= '9' {
		l = sanitize("x-"+l, 63)
	}
	return l
}

func sanitize(s string, max int) string {
	if isLabel(s, max) {
		return s
	}
	return rewrite(s, max)
}

// rewrite is sanitize without its shortcut for names that are already
// labels: lowercase, runs of other characters as one dash, trimmed, and
// shortened with a hash when longer than max.
func rewrite(s string, max int) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
			dash = false
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		return "x"
	}
	if len(out) > max {
		sum := sha256.Sum256([]byte(s))
		out = strings.TrimRight(out[:max-7], "-") + "-" + hex.EncodeToString(sum[:3])
	}
	return out
}

// isLabel reports whether sanitize(s, max) is s itself: lowercase
// alphanumerics in runs joined by single dashes, at most max bytes.
func isLabel(s string, max int) bool {
	if s == "" || len(s) > max || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Namer hands out unique DNS-1123 labels within one scope (one kind in one
// namespace). It is deterministic: the same sequence of requests yields the
// same names.
type Namer struct {
	used map[string]struct{} // names handed out
	keys map[string]string   // key -> name
	// next is, for a label that collided, the first suffix not yet tried:
	// names are never given back, so the ones before it stay taken.
	next map[string]int
}

// Name returns the label for key, derived from want. The same key always
// gets the same name; a different key whose label collides gets "-2", "-3"….
func (n *Namer) Name(key, want string) string {
	if name, ok := n.keys[key]; ok {
		return name
	}
	name := n.Claim(want)
	if n.keys == nil {
		n.keys = map[string]string{}
	}
	n.keys[key] = name
	return name
}

// Grow makes room for about n names, before the first is handed out.
func (n *Namer) Grow(hint int) {
	if n.used == nil {
		n.used = make(map[string]struct{}, hint)
	}
}

// GrowKeys is Grow for a Namer used through Name: it also makes room for
// about hint keys.
func (n *Namer) GrowKeys(hint int) {
	n.Grow(hint)
	if n.keys == nil {
		n.keys = make(map[string]string, hint)
	}
}

// Claim returns a label derived from want that no earlier Name or Claim
// returned, as Name does for a key never seen before.
func (n *Namer) Claim(want string) string {
	if n.used == nil {
		n.used = map[string]struct{}{}
	}
	base := DNS1035Label(want)
	name := base
	if _, taken := n.used[base]; taken {
		i := n.next[base]
		if i == 0 {
			i = 2
		}
		for ; ; i++ {
			suffix := "-" + strconv.Itoa(i)
			if len(base)+len(suffix) > 63 {
				name = strings.TrimRight(base[:63-len(suffix)], "-") + suffix
			} else {
				name = base + suffix
			}
			if _, taken := n.used[name]; !taken {
				break
			}
		}
		if n.next == nil {
			n.next = map[string]int{}
		}
		n.next[base] = i + 1
	}
	n.used[name] = struct{}{}
	return name
}
