package kube

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSort checks Sort against a stable sort of the objects.
func TestSort(t *testing.T) {
	kinds := []string{"Ingress", "Service", "ConfigMap", "Deployment", "Widget", "Namespace"}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		objs := make([]Object, n)
		for i := range objs {
			objs[i] = Object{Kind: kinds[r.IntN(len(kinds))], Namespace: []string{"", "a"}[r.IntN(2)],
				Name: "o" + strconv.Itoa(r.IntN(8)), Owner: strconv.Itoa(i)}
		}
		want := slices.Clone(objs)
		slices.SortStableFunc(want, func(a, b Object) int {
			if c := kindRank(a.Kind) - kindRank(b.Kind); c != 0 {
				return c
			}
			if c := strings.Compare(a.Kind, b.Kind); c != 0 {
				return c
			}
			if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
				return c
			}
			return strings.Compare(a.Name, b.Name)
		})
		Sort(objs)
		for i := range objs {
			if objs[i].Owner != want[i].Owner {
				t.Fatalf("n=%d: object %d is %+v, want %+v", n, i, objs[i], want[i])
			}
		}
	}
}
