package diff

import (
	"strings"
	"testing"
)

func TestEqualIgnoresFormatting(t *testing.T) {
	a := []byte("kind: Service\nmetadata:\n  name: a\n  labels: {x: \"1\", y: \"2\"}\n")
	b := []byte("# comment\nmetadata:\n  labels:\n    y: '2'\n    x: '1'\n  name: a\nkind: Service\n")
	if !Equal(a, b) {
		t.Error("same objects written differently compare unequal")
	}
	if Equal(a, []byte("kind: Service\nmetadata:\n  name: b\n")) {
		t.Error("different objects compare equal")
	}
}

func TestCompare(t *testing.T) {
	committed := map[string][]byte{
		"a/service.yaml": []byte("kind: Service\nspec:\n  ports:\n  - port: 80\n"),
		"b/ingress.yaml": []byte("kind: Ingress\n"),
		"c/same.yaml":    []byte("kind: ConfigMap\ndata: {k: v}\n"),
	}
	generated := map[string][]byte{
		"a/service.yaml": []byte("kind: Service\nspec:\n  ports:\n  - port: 8080\n"),
		"c/same.yaml":    []byte("data:\n  k: v\nkind: ConfigMap\n"),
		"d/new.yaml":     []byte("kind: Deployment\n"),
	}
	got := Compare(committed, generated)
	if len(got) != 3 {
		t.Fatalf("got %d changes, want 3: %+v", len(got), got)
	}
	want := []struct {
		path string
		kind Kind
		has  string
	}{
		{"a/service.yaml", Changed, "-   - port: 80\n+   - port: 8080\n"},
		{"b/ingress.yaml", Removed, "- kind: Ingress\n"},
		{"d/new.yaml", Added, "+ kind: Deployment\n"},
	}
	for i, w := range want {
		if got[i].Path != w.path || got[i].Kind != w.kind || !strings.Contains(got[i].Diff, w.has) {
			t.Errorf("change %d = %+v\nwant %s %s containing %q", i, got[i], w.path, w.kind, w.has)
		}
	}
}
