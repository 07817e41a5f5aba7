package ir

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// refNamer is the Namer without the suffix memory: it probes -2, -3, …
// from the start every time.
type refNamer struct {
	used map[string]bool
	keys map[string]string
}

func (n *refNamer) claim(want string) string {
	base := DNS1035Label(want)
	name := base
	for i := 2; n.used[name]; i++ {
		suffix := "-" + strconv.Itoa(i)
		if len(base)+len(suffix) > 63 {
			name = strings.TrimRight(base[:63-len(suffix)], "-") + suffix
		} else {
			name = base + suffix
		}
	}
	n.used[name] = true
	return name
}

func (n *refNamer) name(key, want string) string {
	if name, ok := n.keys[key]; ok {
		return name
	}
	name := n.claim(want)
	n.keys[key] = name
	return name
}

func TestNamerMatchesReference(t *testing.T) {
	long := strings.Repeat("a", 61)
	wants := []string{"app", "app-2", "app-3", "App", "x", "1x", "", "-", long, long + "-9", long + "b", strings.Repeat("b-", 40)}
	for seed := uint64(0); seed < 50; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 3))
		var got Namer
		if seed%2 == 0 {
			got.Grow(10)
		}
		want := &refNamer{used: map[string]bool{}, keys: map[string]string{}}
		for i := 0; i < 300; i++ {
			w := wants[rnd.IntN(len(wants))]
			if rnd.IntN(3) == 0 {
				if g, r := got.Claim(w), want.claim(w); g != r {
					t.Fatalf("seed %d step %d: Claim(%q) = %q, want %q", seed, i, w, g, r)
				}
				continue
			}
			key := fmt.Sprint(rnd.IntN(40))
			if g, r := got.Name(key, w), want.name(key, w); g != r {
				t.Fatalf("seed %d step %d: Name(%s, %q) = %q, want %q", seed, i, key, w, g, r)
			}
		}
	}
}

func TestSanitizeFastPath(t *testing.T) {
	for _, s := range []string{"a", "a-b", "a--b", "-a", "a-", "A", "a.b", "ab9", strings.Repeat("x", 63), strings.Repeat("x", 64), "0a", "é"} {
		slow := rewrite(s, 63)
		if isLabel(s, 63) && slow != s {
			t.Errorf("isLabel(%q) but sanitize makes it %q", s, slow)
		}
	}
}

// TestDNS1035LabelIdempotent: a label is its own DNS-1035 label, so that
// Namer.Name(key, DNS1035Label(want)) names as Namer.Name(key, want) does
// (translate/nginx makes the label on the chunk's core).
func TestDNS1035LabelIdempotent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := "aZ09-._:/ xé"
	for i := range 20000 {
		b := make([]byte, r.IntN(80))
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		if i%50 == 0 {
			s = strings.Repeat("9", 70)
		}
		l := DNS1035Label(s)
		if again := DNS1035Label(l); again != l {
			t.Fatalf("DNS1035Label(%q) = %q, but DNS1035Label(%q) = %q", s, l, l, again)
		}
	}
}
