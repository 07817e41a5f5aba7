package schemas

import (
	"fmt"
	"testing"

	"github.com/kubelift/kubelift/diag"
)

// BenchmarkPolicies checks the example policies on the objects of a large
// conversion: 10,000 Ingresses and 2,000 Deployments.
func BenchmarkPolicies(b *testing.B) {
	var objs []PolicyObject
	for i := 0; i < 10000; i++ {
		n := fmt.Sprintf("site-%05d", i)
		objs = append(objs, obj("Ingress", n, ingress(n, n+".example.com", "www."+n+".example.com")))
	}
	for i := 0; i < 2000; i++ {
		n := fmt.Sprintf("app-%04d", i)
		objs = append(objs, obj("Deployment", n, deployment(n, container("app", fmt.Sprintf("shop/%s:1.%d", n, i%10), "512Mi"))))
	}
	ps, err := LoadPolicies([]string{examples + "/memory-limits.cue", examples + "/image-tags.cue", examples + "/ingress-hosts.cue"})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep := &diag.Reporter{}
		ps.Check(objs, rep)
		if rep.Len() > 0 {
			b.Fatal(dump(rep.Diagnostics()))
		}
	}
}
