package schemas_test

import (
	"fmt"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/internal/benchgen/parsed"
	pn "github.com/kubelift/kubelift/parser/nginx"
	"github.com/kubelift/kubelift/schemas"
	tn "github.com/kubelift/kubelift/translate/nginx"
)

// BenchmarkValidateNginx validates the IR of generated nginx fleets (the
// configurations of make bench), end to end as convert would. It needs
// python3 and ../shared/bench/gen_nginx.py, and is skipped without them.
func BenchmarkValidateNginx(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			p := tn.Translate([]*pn.Config{parsed.Config(b, n)}, tn.Options{Name: "bench"}, &diag.Reporter{})
			for _, w := range []int{1, 2} {
				b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						rep := &diag.Reporter{}
						if inv := schemas.ValidateOptions(p, rep, schemas.Options{Workers: w}); !inv.Empty() {
							b.Fatalf("the generated fleet is invalid: %d findings, first %v", rep.Len(), rep.Diagnostics()[0])
						}
					}
				})
			}
		})
	}
}
