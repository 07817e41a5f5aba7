package nginx

import (
	"strings"
	"testing"

	pn "github.com/kubelift/kubelift/parser/nginx"
)

// TestConstruct checks construct against its definition: name and values
// joined by spaces, cut to 77 bytes and "..." past 80.
func TestConstruct(t *testing.T) {
	args := func(vs ...string) []pn.Arg {
		var out []pn.Arg
		for _, v := range vs {
			out = append(out, pn.Arg{Value: v})
		}
		return out
	}
	cases := []*pn.Directive{
		{Name: "listen"},
		{Name: "listen", Args: args("80")},
		{Name: "x", Args: args("", "")},
		{Name: strings.Repeat("n", 80)},
		{Name: strings.Repeat("n", 81)},
		{Name: "proxy_pass", Args: args(strings.Repeat("u", 69))},
		{Name: "proxy_pass", Args: args(strings.Repeat("u", 70))},
		{Name: "add_header", Args: args("X-Frame", strings.Repeat("v", 60), "always")},
		{Name: strings.Repeat("n", 76), Args: args("ab", "cd")},
		{Name: strings.Repeat("n", 77), Args: args("ab")},
		{Name: "é", Args: args(strings.Repeat("é", 50))},
	}
	for _, d := range cases {
		want := d.Name
		if len(d.Args) > 0 {
			want += " " + strings.Join(d.Values(), " ")
		}
		if len(want) > 80 {
			want = want[:77] + "..."
		}
		if got := construct(d); got != want {
			t.Errorf("construct(%s …) = %q, want %q", d.Name, got, want)
		}
	}
}
