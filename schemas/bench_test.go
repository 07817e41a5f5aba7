package schemas

import (
	"fmt"
	"testing"

	"github.com/kubelift/kubelift/diag"
)

// BenchmarkValidate validates synthetic projects: a fleet of 10,000 sites
// (40,000 routes) over 2,000 apps, and an estate of 1,000 apps with
// workloads. Each iteration is a whole Validate call (the schema compiled
// anew), as in a kubelift run.
func BenchmarkValidate(b *testing.B) {
	for _, c := range []struct {
		name         string
		sites, apps  int
		workloadApps bool
	}{
		{"sites=10000,apps=2000", 10000, 2000, false},
		{"apps=1000", 0, 1000, true},
	} {
		p := synthProject(c.sites, c.apps)
		if c.workloadApps {
			p = synthApps(c.apps)
		}
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", c.name, w), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					rep := &diag.Reporter{}
					if inv := ValidateOptions(p, rep, Options{Workers: w}); !inv.Empty() {
						b.Fatalf("invalid:\n%s", dump(rep.Diagnostics()))
					}
				}
			})
		}
	}
}
