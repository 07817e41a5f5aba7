package kube

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestAppendIngress checks the Ingress fast path (appendIngress) against
// the general encoder and against JSONToYAML(json.Marshal): random
// Ingresses of the shape it takes, with every optional part absent, empty
// or set, and strings that need quoting.
func TestAppendIngress(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	r := rand.New(rand.NewPCG(3, 4))
	taken := 0
	for i := range n {
		ing := &netv1.Ingress{}
		f := &filler{r: r, density: 0.2 + 0.8*r.Float64()}
		f.fill(reflect.ValueOf(ing).Elem(), 0)
		if i%4 != 0 {
			fastShape(ing, f)
		}
		name := fmt.Sprintf("ingress #%d", i)
		got, ok := appendIngress(nil, ing)
		want, err := appendYAML(nil, ing)
		if err != nil { // invalid managedFields from the filler: not the fast path's
			if ok {
				t.Fatalf("%s: taken, but the general encoder fails: %v", name, err)
			}
			continue
		}
		if ok {
			taken++
			if string(got) != string(want) {
				t.Fatalf("%s: the fast path differs from the general encoder:\n--- fast\n%s\n--- general\n%s", name, got, want)
			}
		} else if len(got) != 0 {
			t.Fatalf("%s: declined, but wrote %q", name, got)
		}
		checkSame(t, name, ing) // Marshal, through the fast path, against JSON
	}
	if taken < n/2 {
		t.Errorf("the fast path took %d of %d Ingresses; the test should exercise it more", taken, n)
	}
}

// fastShape clears what appendIngress declines, and sometimes sets the
// parts the random filler rarely does.
func fastShape(ing *netv1.Ingress, f *filler) {
	m := &ing.ObjectMeta
	*m = metav1.ObjectMeta{Name: m.Name, Namespace: m.Namespace, Labels: m.Labels, Annotations: m.Annotations}
	if m.Name == "" {
		m.Name = f.str() + "x"
	}
	ing.Spec.DefaultBackend = nil
	for i := range ing.Spec.Rules {
		if h := ing.Spec.Rules[i].HTTP; h != nil {
			for j := range h.Paths {
				h.Paths[j].Backend.Resource = nil
			}
		}
	}
	if f.r.IntN(3) == 0 {
		ing.APIVersion, ing.Kind = "networking.k8s.io/v1", "Ingress"
	}
}

// TestAppendIngressDeclines lists shapes the fast path leaves to the
// general encoder.
func TestAppendIngressDeclines(t *testing.T) {
	gen := int64(1)
	for name, ing := range map[string]*netv1.Ingress{
		"no name":         {},
		"generation":      {ObjectMeta: metav1.ObjectMeta{Name: "a", Generation: gen}},
		"owner":           {ObjectMeta: metav1.ObjectMeta{Name: "a", OwnerReferences: []metav1.OwnerReference{{Name: "o"}}}},
		"default backend": {ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: netv1.IngressSpec{DefaultBackend: &netv1.IngressBackend{}}},
		"resource backend": {ObjectMeta: metav1.ObjectMeta{Name: "a"}, Spec: netv1.IngressSpec{Rules: []netv1.IngressRule{{
			IngressRuleValue: netv1.IngressRuleValue{HTTP: &netv1.HTTPIngressRuleValue{Paths: []netv1.HTTPIngressPath{{
				Backend: netv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{Name: "r"}}}}}}}}}},
	} {
		if b, ok := appendIngress([]byte("x"), ing); ok || string(b) != "x" {
			t.Errorf("%s: taken (%q)", name, b)
		}
		checkSame(t, name, ing)
	}
}
