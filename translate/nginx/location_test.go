package nginx

import (
	"testing"

	"github.com/kubelift/kubelift/diag"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// TestFirstReturnAnswers: the rewrite phase stops at the first return, in
// a location and in the named location a location hands its requests to.
func TestFirstReturnAnswers(t *testing.T) {
	src := `server {
    server_name a.example.com;
    location /plain { return 301 https://first.example.com/; return 302 https://second.example.com/; }
    location /handed { error_page 418 = @named; return 418; }
    location @named { return 301 https://first.example.com/; return 302 https://second.example.com/; }
}
`
	rep := &diag.Reporter{}
	cfg := pn.ParseBytes("first.conf", []byte(src), pn.Options{}, rep)
	p := Translate([]*pn.Config{cfg}, Options{Name: "x"}, rep)
	if len(p.Sites) != 1 {
		t.Fatalf("%d sites: %v", len(p.Sites), rep.Diagnostics())
	}
	seen := 0
	for _, r := range p.Sites[0].Routes {
		if r.Match.Path != "/plain" && r.Match.Path != "/handed" {
			continue
		}
		seen++
		if rd := r.Redirect; rd == nil || rd.Status != 301 || rd.Host != "first.example.com" {
			t.Errorf("%s: redirect %+v, want the first return's (301 to first.example.com)", r.Match.Path, rd)
		}
	}
	if seen != 2 {
		t.Fatalf("found %d of the 2 routes: %v", seen, rep.Diagnostics())
	}
}
