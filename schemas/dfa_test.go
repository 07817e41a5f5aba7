package schemas

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"
)

// schemaPatterns returns the literal patterns of =~ and !~ in the schema.
func schemaPatterns(t *testing.T) []string {
	seen := map[string]bool{}
	var out []string
	add := func(x ast.Expr) {
		if l, ok := x.(*ast.BasicLit); ok {
			if v, ok := basicLit(l); ok {
				if s, ok := v.(string); ok && !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	for _, f := range Files() {
		file, err := parser.ParseFile(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		ast.Walk(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.UnaryExpr:
				if n.Op == token.MAT || n.Op == token.NMAT {
					add(n.X)
				}
			case *ast.BinaryExpr:
				if n.Op == token.MAT || n.Op == token.NMAT {
					add(n.Y)
				}
			case *ast.Field:
				if labelName(n.Label) == "#credential" {
					add(n.Value)
				}
			}
			return true
		}, nil)
	}
	return out
}

// TestDFAMatchesRegexp compares the DFA of every pattern of the schema,
// and of a few others, with regexp's MatchString.
func TestDFAMatchesRegexp(t *testing.T) {
	pats := append(schemaPatterns(t), `a`, `^$`, `$^`, `^`, `$`, `x*`, `(?i)abc$`, `^a|b$`, `a$|^b`, `^(a|)$`, `\.`, `[^a]`, `(?s).`, `.`)
	rng := rand.New(rand.NewSource(1))
	alphabet := "aAzZ09-._*/%:= \n\tbkubernetes.io/h2cTCPUDPhttps"
	var inputs []string
	for _, x := range columnValues("a") {
		if s, ok := x.(string); ok {
			inputs = append(inputs, s)
		}
	}
	inputs = append(inputs, "DB_PASSWORD", "db_password", "x-api-key", "AWS_ACCESS_KEY_ID", "MY_SECRET", "SECRETS", "kubernetes.io/h2c",
		"localhost/", "localhost/x", "10.0.0.1/24", "1.5", "100%", "00%", "^/", "a\nb", strings.Repeat("a", 300))
	for i := 0; i < 3000; i++ {
		b := make([]byte, rng.Intn(24))
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	covered := 0
	for _, pat := range pats {
		re := regexp.MustCompile(pat)
		d := newDFA(pat, re)
		if d == nil {
			t.Logf("no DFA for %q", pat)
			continue
		}
		covered++
		for _, s := range inputs {
			if got, want := d.matchString(s), re.MatchString(s); got != want {
				t.Errorf("%q on %q: DFA %v, regexp %v", pat, s, got, want)
			}
		}
	}
	if covered < len(pats)-2 {
		t.Errorf("only %d patterns of %d have a DFA", covered, len(pats))
	}
}
