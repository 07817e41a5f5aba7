package schemas

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubelift/kubelift/diag"
)

const examples = "../examples/policies"

func deployment(name string, containers ...corev1.Container) *appsv1.Deployment {
	return &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", Labels: map[string]string{"app.kubernetes.io/name": name}},
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": name}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app.kubernetes.io/name": name}},
				Spec:       corev1.PodSpec{Containers: containers},
			},
		},
	}
}

func container(name, image, memLimit string) corev1.Container {
	c := corev1.Container{Name: name, Image: image}
	if memLimit != "" {
		c.Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(memLimit)}
	}
	return c
}

func ingress(name string, hosts ...string) *networkingv1.Ingress {
	in := &networkingv1.Ingress{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop"},
	}
	pt := networkingv1.PathTypePrefix
	for _, h := range hosts {
		in.Spec.Rules = append(in.Spec.Rules, networkingv1.IngressRule{Host: h, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
			Paths: []networkingv1.HTTPIngressPath{{Path: "/", PathType: &pt, Backend: networkingv1.IngressBackend{
				Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: 80}}}}},
		}}})
	}
	if len(hosts) > 0 {
		in.Spec.TLS = []networkingv1.IngressTLS{{Hosts: hosts, SecretName: name + "-tls"}}
	}
	return in
}

func obj(kind, name string, o any) PolicyObject {
	return PolicyObject{Kind: kind, Namespace: "shop", Name: name, Obj: o}
}

func loadExample(t *testing.T, name string) *Policies {
	t.Helper()
	ps, err := LoadPolicies([]string{filepath.Join(examples, name)})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ps
}

// check runs the policies over objs and returns the findings.
func check(ps *Policies, objs ...PolicyObject) []diag.Diagnostic {
	rep := &diag.Reporter{}
	ps.Check(objs, rep)
	return rep.Diagnostics()
}

// wantViolations asserts one violation per fragment, each message holding
// its fragments (separated by |) and pointing at file.
func wantViolations(t *testing.T, ds []diag.Diagnostic, file string, want ...string) {
	t.Helper()
	if len(ds) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(ds), len(want), dump(ds))
	}
	for i, d := range ds {
		if d.Code != diag.PolicyViolation || d.Severity != diag.Error {
			t.Errorf("finding %d: code %s severity %s, want policy-violation error", i, d.Code, d.Severity)
		}
		if d.Pos.File != file || d.Pos.Line == 0 {
			t.Errorf("finding %d at %s, want a line of %s", i, d.Pos, file)
		}
		for _, frag := range strings.Split(want[i], "|") {
			if !strings.Contains(d.Message, frag) {
				t.Errorf("finding %d: %q does not contain %q", i, d.Message, frag)
			}
		}
	}
}

func dump(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestPolicyMemoryLimits(t *testing.T) {
	ps := loadExample(t, "memory-limits.cue")
	file := filepath.Join(examples, "memory-limits.cue")
	ok := deployment("web", container("web", "shop/web:1.4.2", "512Mi"))
	if ds := check(ps, obj("Deployment", "web", ok)); len(ds) > 0 {
		t.Errorf("a Deployment with memory limits fails:\n%s", dump(ds))
	}
	bad := deployment("worker", container("main", "shop/worker:2.0", "256Mi"), container("sidecar", "envoy:1.30", ""))
	wantViolations(t, check(ps, obj("Deployment", "worker", bad)), file,
		"Deployment shop/worker|spec.template.spec.containers[1].resources.limits.memory|every container of a Deployment has a memory limit|memory-limits.cue:9")
	// Other kinds are not concerned.
	if ds := check(ps, obj("Ingress", "web", ingress("web", "a.example.com"))); len(ds) > 0 {
		t.Errorf("an Ingress fails a Deployment policy:\n%s", dump(ds))
	}
}

func TestPolicyImageTags(t *testing.T) {
	ps := loadExample(t, "image-tags.cue")
	file := filepath.Join(examples, "image-tags.cue")
	for _, image := range []string{"shop/web:1.4.2", "registry.example.com:5000/shop/web:2024-06-01", "shop/web@sha256:0123456789abcdef", "shop/web:1.0@sha256:abcdef0123"} {
		if ds := check(ps, obj("Deployment", "web", deployment("web", container("web", image, "")))); len(ds) > 0 {
			t.Errorf("image %s fails:\n%s", image, dump(ds))
		}
	}
	wantViolations(t, check(ps, obj("Deployment", "web", deployment("web", container("web", "shop/web:latest", "")))), file,
		"Deployment shop/web|spec.template.spec.containers[0].image|an image's tag is not latest|image-tags.cue:11")
	wantViolations(t, check(ps, obj("Deployment", "web", deployment("web", container("web", "registry.example.com:5000/shop/web", "")))), file,
		"spec.template.spec.containers[0].image|an image names a tag or a digest|image-tags.cue:9")
}

func TestPolicyIngressHosts(t *testing.T) {
	ps := loadExample(t, "ingress-hosts.cue")
	file := filepath.Join(examples, "ingress-hosts.cue")
	if ds := check(ps, obj("Ingress", "web", ingress("web", "www.example.com", "api.example.com"))); len(ds) > 0 {
		t.Errorf("example.com hosts fail:\n%s", dump(ds))
	}
	wantViolations(t, check(ps, obj("Ingress", "web", ingress("web", "www.example.com", "www.example.org"))), file,
		"Ingress shop/web|spec.rules[1].host|an Ingress rule names a host under example.com|ingress-hosts.cue:9",
		"Ingress shop/web|spec.tls[0].hosts[1]|a TLS host is under example.com|ingress-hosts.cue:13")
}

// TestPolicyFindingsAtObject: an object with a position is reported there,
// with the policy line related.
func TestPolicyFindingsAtObject(t *testing.T) {
	ps := loadExample(t, "ingress-hosts.cue")
	o := obj("Ingress", "web", ingress("web", "evil.test"))
	o.Pos = diag.Pos{File: "nginx.conf", Line: 12, Col: 5}
	ds := check(ps, o)
	if len(ds) != 2 {
		t.Fatalf("got %d findings, want 2:\n%s", len(ds), dump(ds))
	}
	for _, d := range ds {
		if d.Pos != o.Pos || len(d.Related) != 1 || d.Related[0].File != filepath.Join(examples, "ingress-hosts.cue") {
			t.Errorf("finding at %s related %v, want at %s with the policy related", d.Pos, d.Related, o.Pos)
		}
	}
}

// TestPolicyEqualObjects: equal objects are checked once, each reported.
func TestPolicyEqualObjects(t *testing.T) {
	ps := loadExample(t, "image-tags.cue")
	var objs []PolicyObject
	for _, n := range []string{"a", "b", "c"} {
		objs = append(objs, obj("Deployment", n, deployment(n, container("web", "web:latest", ""))))
	}
	ds := check(ps, objs...)
	if len(ds) != 3 {
		t.Fatalf("got %d findings, want 3:\n%s", len(ds), dump(ds))
	}
	for i, n := range []string{"shop/a", "shop/b", "shop/c"} {
		if !strings.Contains(ds[i].Message, "Deployment "+n) {
			t.Errorf("finding %d: %s, want about %s", i, ds[i].Message, n)
		}
	}
}

// TestPolicyJSONObject: an object given as JSON is checked the same way.
func TestPolicyJSONObject(t *testing.T) {
	ps := loadExample(t, "ingress-hosts.cue")
	o := PolicyObject{Kind: "Ingress", Name: "web", JSON: []byte(`{"spec":{"rules":[{"host":"a.example.net"}]}}`)}
	wantViolations(t, check(ps, o), filepath.Join(examples, "ingress-hosts.cue"), "Ingress web|spec.rules[0].host")
}

func writePolicy(t *testing.T, src string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "policy.cue")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestPolicyInvalid: a policy that does not compile is an error with its
// position.
func TestPolicyInvalid(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
		msg       string
	}{
		{"syntax", "policy: Deployment: {\n\tspec: replicas: >=\n}\n", 3, "expected operand"},
		{"conflict", "policy: Deployment: spec: replicas: 1\npolicy: Deployment: spec: replicas: 2\n", 1, "conflicting values"},
		{"no policy", "rules: Deployment: spec: replicas: 1\n", 1, "declares no policy"},
		{"not a struct", "policy: 3\n", 1, "must be a struct"},
		{"bad regexp", "policy: Ingress: spec: rules: [...{host: =~\"(\"}]\n", 1, "regexp"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := writePolicy(t, c.src)
			ps, err := LoadPolicies([]string{f})
			if c.name == "bad regexp" && err == nil {
				// CUE compiles the regexp only when it is used.
				ds := check(ps, obj("Ingress", "web", ingress("web", "a.example.com")))
				if len(ds) == 0 || !strings.Contains(ds[0].Message, c.msg) {
					t.Fatalf("a bad regexp is not reported:\n%s", dump(ds))
				}
				return
			}
			var pe PolicyErrors
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%T), want PolicyErrors", err, err)
			}
			if pe[0].Pos.File != f || pe[0].Pos.Line != c.line || !strings.Contains(pe[0].Msg, c.msg) {
				t.Errorf("got %v, want %s:%d: …%s…", err, f, c.line, c.msg)
			}
			if ds := pe.Diagnostics(); ds[0].Code != diag.PolicyInvalid || ds[0].Severity != diag.Error {
				t.Errorf("diagnostic %v, want policy-invalid error", ds[0])
			}
		})
	}
	if _, err := LoadPolicies([]string{filepath.Join(t.TempDir(), "missing.cue")}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file gives %v, want a not-exist error", err)
	}
}

// TestPolicyUnknownField: a policy on a field the kind's type lacks is a
// warning at the policy line, with a suggestion.
func TestPolicyUnknownField(t *testing.T) {
	f := writePolicy(t, `policy: Deployment: spec: template: spec: {
	container: [...{image: string}]
	containers: [...{resources: limit: memory!: _}]
}
policy: Deployment: metadata: labels: team!: string
policy: Deployments: spec: replicas: >=2
`)
	ps, err := LoadPolicies([]string{f})
	if err != nil {
		t.Fatal(err)
	}
	d := deployment("web", container("web", "web:1", "1Gi"))
	d.Labels["team"] = "shop"
	ds := check(ps, obj("Deployment", "web", d))
	var unknown, violations []diag.Diagnostic
	for _, d := range ds {
		switch d.Code {
		case diag.PolicyUnknownField:
			unknown = append(unknown, d)
		case diag.PolicyViolation:
			violations = append(violations, d)
		}
	}
	want := []string{
		"spec.template.spec.container, but Deployment objects have no such field (did you mean containers?)",
		"spec.template.spec.containers[].resources.limit, but Deployment objects have no such field (did you mean limits?)",
		"policy for kind Deployments",
	}
	if len(unknown) != len(want) {
		t.Fatalf("got %d unknown-field warnings, want %d:\n%s", len(unknown), len(want), dump(ds))
	}
	for _, w := range want {
		found := false
		for _, d := range unknown {
			if strings.Contains(d.Message, w) && d.Severity == diag.Warning && d.Pos.File == f && d.Pos.Line > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("no warning with %q at a line of %s:\n%s", w, f, dump(unknown))
		}
	}
	// The misspelt field still constrains the object: limit.memory is
	// required, and Deployments cannot have it.
	if len(violations) != 1 || !strings.Contains(violations[0].Message, "resources.limit.memory") {
		t.Errorf("want one violation about resources.limit.memory:\n%s", dump(violations))
	}
}

// TestPolicyWholeObject: a policy that reads other fields (here with a
// comprehension) sees the whole object.
func TestPolicyWholeObject(t *testing.T) {
	f := writePolicy(t, `policy: Deployment: {
	metadata: name: string
	let objectName = metadata.name
	// Pods are labelled with their Deployment's name.
	spec: template: metadata: labels: "app.kubernetes.io/name": objectName
	if spec.replicas != _|_ {
		// Nobody runs more than 10 replicas of anything.
		spec: replicas: <=10
	}
}
`)
	ps, err := LoadPolicies([]string{f})
	if err != nil {
		t.Fatal(err)
	}
	if ps.prune {
		t.Fatal("a policy with references is pruned")
	}
	d := deployment("web", container("web", "web:1", ""))
	n := int32(12)
	d.Spec.Replicas = &n
	d.Spec.Template.Labels["app.kubernetes.io/name"] = "other"
	ds := check(ps, obj("Deployment", "web", d))
	if len(ds) != 2 {
		t.Fatalf("got %d findings, want 2:\n%s", len(ds), dump(ds))
	}
}

// TestPolicyPruned: the example policies send only the fields they name.
func TestPolicyPruned(t *testing.T) {
	for _, n := range []string{"memory-limits.cue", "image-tags.cue", "ingress-hosts.cue"} {
		if ps := loadExample(t, n); !ps.prune {
			t.Errorf("%s is not pruned", n)
		}
	}
	ps := loadExample(t, "memory-limits.cue")
	tree, err := objectTree(&PolicyObject{Obj: deployment("web", container("web", "web:1", "1Gi"))})
	if err != nil {
		t.Fatal(err)
	}
	got := ps.kind("Deployment").tree.prune(tree)
	want := `{"spec":{"template":{"spec":{"containers":[{"resources":{"limits":{"memory":"1Gi"}}}]}}}}`
	if s := jsonString(t, got); s != want {
		t.Errorf("pruned to %s, want %s", s, want)
	}
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPolicyPattern: a pattern constraint applies a policy to several kinds.
func TestPolicyPattern(t *testing.T) {
	f := writePolicy(t, `policy: [=~"^(Deployment|StatefulSet)$"]: metadata: {
	// Workloads are labelled with their name.
	labels: "app.kubernetes.io/name"!: string
}
`)
	ps, err := LoadPolicies([]string{f})
	if err != nil {
		t.Fatal(err)
	}
	good := deployment("web", container("web", "web:1", ""))
	bad := deployment("api", container("api", "api:1", ""))
	bad.Labels = nil
	ds := check(ps, obj("Deployment", "web", good), obj("Deployment", "api", bad), obj("Ingress", "web", ingress("web", "a.example.com")))
	wantViolations(t, ds, f, "Deployment shop/api|metadata.labels[\"app.kubernetes.io/name\"]|workloads are labelled with their name")
}

// TestPolicyConflictAndMissing: CUE stops looking into a container once a
// value conflicts; a required field missing beside it is still reported,
// once, and so is each conflict, for both policies and several containers.
func TestPolicyConflictAndMissing(t *testing.T) {
	ps, err := LoadPolicies([]string{filepath.Join(examples, "memory-limits.cue"), filepath.Join(examples, "image-tags.cue")})
	if err != nil {
		t.Fatal(err)
	}
	d := deployment("web", container("app", "app:latest", ""), container("side", "side:2", "64Mi"), container("job", "job:latest", "1Gi"))
	ds := check(ps, obj("Deployment", "web", d))
	var got []string
	for _, d := range ds {
		got = append(got, d.Message[:strings.Index(d.Message, ":")])
	}
	sort.Strings(got)
	want := []string{
		"Deployment shop/web, spec.template.spec.containers[0].image",
		"Deployment shop/web, spec.template.spec.containers[0].resources.limits.memory",
		"Deployment shop/web, spec.template.spec.containers[2].image",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("findings:\n%s\nwant %q", dump(ds), want)
	}
	if !strings.Contains(ds[0].Message+ds[1].Message+ds[2].Message, "field is required but not present: every container of a Deployment has a memory limit") {
		t.Errorf("the missing limit is not explained:\n%s", dump(ds))
	}
}
