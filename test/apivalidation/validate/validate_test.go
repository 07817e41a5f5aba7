package validate

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func checkFile(t *testing.T, path string) Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Check(data, filepath.ToSlash(path))
}

// TestGoodFixtures: well-formed objects of every validated family pass, and
// the custom resource without a schema is listed, not passed.
func TestGoodFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/good/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no good fixtures: %v", err)
	}
	var total Result
	for _, f := range files {
		r := checkFile(t, f)
		for _, p := range r.Problems {
			t.Errorf("unexpected problem: %s", p)
		}
		total.Add(r)
	}
	wantKinds := []string{
		"/v1, Kind=ConfigMap",
		"/v1, Kind=Service",
		"apps/v1, Kind=Deployment",
		"autoscaling/v2, Kind=HorizontalPodAutoscaler",
		"gateway.networking.k8s.io/v1, Kind=Gateway",
		"gateway.networking.k8s.io/v1, Kind=HTTPRoute",
		"networking.k8s.io/v1, Kind=Ingress",
		"policy/v1, Kind=PodDisruptionBudget",
	}
	var gotKinds []string
	for k := range total.Kinds {
		gotKinds = append(gotKinds, k)
	}
	sort.Strings(gotKinds)
	if strings.Join(gotKinds, "\n") != strings.Join(wantKinds, "\n") {
		t.Errorf("validated kinds:\n%s\nwant:\n%s", strings.Join(gotKinds, "\n"), strings.Join(wantKinds, "\n"))
	}
	if len(total.Unvalidated) != 1 || total.Unvalidated[0].Kind != "ExternalSecret" {
		t.Errorf("unvalidated = %v, want the one ExternalSecret", total.Unvalidated)
	}
	if total.Objects != total.Validated+len(total.Unvalidated) {
		t.Errorf("objects %d != validated %d + unvalidated %d", total.Objects, total.Validated, len(total.Unvalidated))
	}
}

// TestBadFixtures: each deliberately broken object is rejected, on the
// field the API server names, with its message.
func TestBadFixtures(t *testing.T) {
	tests := []struct {
		file, kind, field, message string
	}{
		{"ingress-relative-path.yaml", "Ingress", "spec.rules[0].http.paths[0].path", "must be an absolute path"},
		{"deployment-long-port-name.yaml", "Deployment", "spec.template.spec.containers[0].ports[0].name", "must be no more than 15 characters"},
		{"service-label-with-spaces.yaml", "Service", "metadata.labels", "a valid label must be an empty string or consist of alphanumeric characters"},
		{"deployment-selector-mismatch.yaml", "Deployment", "spec.template.metadata.labels", "`selector` does not match template `labels`"},
		{"hpa-min-above-max.yaml", "HorizontalPodAutoscaler", "spec.maxReplicas", "must be greater than or equal to `minReplicas`"},
		{"deployment-unknown-field.yaml", "Deployment", "spec.replica", "unknown field"},
		{"httproute-relative-path.yaml", "HTTPRoute", "spec.rules[0].matches[0].path", "value must be an absolute path and start with '/'"},
		{"configmap-wrong-namespace-name.yaml", "ConfigMap", "metadata.name", "a lowercase RFC 1123 subdomain must consist of"},
	}
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) != len(tests) {
		t.Errorf("%d bad fixtures, %d expectations: every fixture needs one", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".yaml"), func(t *testing.T) {
			r := checkFile(t, filepath.Join("testdata", "bad", tt.file))
			if r.Validated != 1 {
				t.Fatalf("validated %d objects, want 1 (unvalidated: %v)", r.Validated, r.Unvalidated)
			}
			if len(r.Problems) == 0 {
				t.Fatalf("accepted; want %s rejected on %s", tt.kind, tt.field)
			}
			found := false
			for _, p := range r.Problems {
				t.Log(p)
				if p.Kind == tt.kind && p.Name != "" && p.Field == tt.field && strings.Contains(p.Message, tt.message) {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem on %s containing %q", tt.field, tt.message)
			}
		})
	}
}

// TestProblemString: file, object, field path and message, in that order.
func TestProblemString(t *testing.T) {
	p := Problem{File: "a/ingress.yaml", Kind: "Ingress", Name: "web", Field: "spec.rules[0].http.paths[0].path", Message: `Invalid value: "api": must be an absolute path`}
	want := `a/ingress.yaml: Ingress/web: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path`
	if got := p.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestStreams: documents separated by ---, empty documents, a missing
// namespace validated as "default", a mismatched apiVersion and a
// document that is not an object.
func TestStreams(t *testing.T) {
	stream := `
---
# only a comment
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b, namespace: other}
---
apiVersion: apps/v1
kind: Ingress
metadata: {name: c}
---
- just
- a list
`
	r := Check([]byte(stream), "s.yaml")
	if r.Objects != 4 || r.Validated != 2 {
		t.Errorf("objects=%d validated=%d, want 4 and 2", r.Objects, r.Validated)
	}
	if len(r.Problems) != 2 {
		t.Fatalf("problems = %v, want the apps/v1 Ingress and the list", r.Problems)
	}
	if !strings.Contains(r.Problems[0].Message, "no matches for kind") {
		t.Errorf("problem 0 = %s", r.Problems[0])
	}
}

// TestExperimentalChannel: a kind the standard channel does not serve is
// validated against the experimental CRD, and the channel is recorded.
func TestExperimentalChannel(t *testing.T) {
	doc := `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db}
spec:
  parentRefs: [{name: public}]
  rules:
    - backendRefs: [{name: db, port: 5432}]
`
	r := Check([]byte(doc), "tcp.yaml")
	if len(r.Problems) != 0 {
		t.Errorf("problems: %v", r.Problems)
	}
	if r.Kinds["gateway.networking.k8s.io/v1alpha2, Kind=TCPRoute (experimental channel)"] != 1 {
		t.Errorf("kinds = %v", r.Kinds)
	}
}

// TestVersionsMatchGoMod: the versions printed and documented are the ones
// built.
func TestVersionsMatchGoMod(t *testing.T) {
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\tk8s.io/kubernetes "+KubernetesVersion+"\n") {
		t.Errorf("go.mod does not require k8s.io/kubernetes %s", KubernetesVersion)
	}
	for _, ch := range []string{ChannelStandard, ChannelExperimental} {
		b, err := crdFiles.ReadFile("crds/" + ch + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b[:200]), "gateway-api@"+GatewayAPIVersion+"/") {
			t.Errorf("crds/%s.json is not from gateway-api %s", ch, GatewayAPIVersion)
		}
	}
}

// TestUnservedVersions: versions the scheme still knows for conversion but
// kube-apiserver no longer serves are rejected, not validated.
func TestUnservedVersions(t *testing.T) {
	for _, av := range []string{"networking.k8s.io/v1beta1", "extensions/v1beta1"} {
		doc := "apiVersion: " + av + "\nkind: Ingress\nmetadata: {name: web}\nspec: {}\n"
		r := Check([]byte(doc), "old.yaml")
		if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Message, "no matches for kind \"Ingress\"") {
			t.Errorf("%s: problems = %v", av, r.Problems)
		}
	}
	for _, av := range []string{"apps/v1beta2", "policy/v1beta1"} {
		doc := "apiVersion: " + av + "\nkind: Deployment\nmetadata: {name: web}\n"
		if r := Check([]byte(doc), "old.yaml"); len(r.Problems) != 1 || r.Validated != 0 {
			t.Errorf("%s: validated=%d problems=%v", av, r.Validated, r.Problems)
		}
	}
}
