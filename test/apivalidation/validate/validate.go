// Package validate checks Kubernetes manifests the way kube-apiserver would
// on create, without a cluster: strict decoding into the served version,
// the scheme's defaulting, conversion to the internal version, the registry
// strategy's create normalisation and validation (handwritten and
// declarative), and for Gateway API custom resources the CRD's structural
// OpenAPI schema and CEL rules.
//
// Objects of kinds it has no validator for (custom resources other than
// Gateway API, built-in kinds not wired here) are reported in
// Result.Unvalidated, never silently passed.
package validate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"sigs.k8s.io/yaml"
)

// KubernetesVersion is the k8s.io/kubernetes release whose validation runs
// here (kept equal to go.mod by TestVersionsMatchGoMod).
const KubernetesVersion = "v1.37.2"

// DefaultNamespace is the namespace a namespaced object without one is
// validated in, as kubectl would apply it with no --namespace.
const DefaultNamespace = "default"

// Problem is one reason the API server would reject an object.
type Problem struct {
	File string // source name given to Check/Validate
	Kind string // object kind, empty if the document could not be read
	Name string // metadata.name
	// Field is the API server's field path (e.g. spec.rules[0].http.paths[0].path);
	// empty for whole-document problems.
	Field   string
	Message string
}

func (p Problem) String() string {
	obj := p.Kind
	if p.Name != "" {
		obj += "/" + p.Name
	}
	if obj == "" {
		obj = "-"
	}
	if p.Field == "" {
		return fmt.Sprintf("%s: %s: %s", p.File, obj, p.Message)
	}
	return fmt.Sprintf("%s: %s: %s: %s", p.File, obj, p.Field, p.Message)
}

// Unvalidated is an object no validator exists for here.
type Unvalidated struct {
	File, APIVersion, Kind, Name string
	Reason                       string
}

func (u Unvalidated) String() string {
	return fmt.Sprintf("%s: %s/%s (%s): %s", u.File, u.Kind, u.Name, u.APIVersion, u.Reason)
}

// Result is what Check found in one stream of YAML documents.
type Result struct {
	// Objects counts the non-empty documents.
	Objects int
	// Validated counts the objects a validator ran on (with or without problems).
	Validated int
	// Kinds counts validated objects per "group/version, Kind=X" string.
	Kinds       map[string]int
	Problems    []Problem
	Unvalidated []Unvalidated
}

// Add merges o into r.
func (r *Result) Add(o Result) {
	r.Objects += o.Objects
	r.Validated += o.Validated
	for k, n := range o.Kinds {
		if r.Kinds == nil {
			r.Kinds = map[string]int{}
		}
		r.Kinds[k] += n
	}
	r.Problems = append(r.Problems, o.Problems...)
	r.Unvalidated = append(r.Unvalidated, o.Unvalidated...)
}

// Validate returns every reason the API server would reject an object in
// data, a stream of YAML (or JSON) documents read from source. It does not
// report objects it could not validate: use Check for those.
func Validate(data []byte, source string) []Problem {
	return Check(data, source).Problems
}

// Check validates every document in data and also reports the objects it
// had no validator for.
func Check(data []byte, source string) Result {
	res := Result{Kinds: map[string]int{}}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for doc := 1; ; doc++ {
		raw, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			res.Problems = append(res.Problems, Problem{File: source, Message: fmt.Sprintf("document %d: reading YAML: %v", doc, err)})
			break
		}
		checkDocument(&res, raw, source, doc)
	}
	return res
}

type header struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

func checkDocument(res *Result, raw []byte, source string, doc int) {
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		res.Problems = append(res.Problems, Problem{File: source, Message: fmt.Sprintf("document %d: invalid YAML: %v", doc, err)})
		return
	}
	js = bytes.TrimSpace(js)
	if len(js) == 0 || string(js) == "null" {
		return // empty document (comments, a lone ---)
	}
	res.Objects++
	var h header
	if err := json.Unmarshal(js, &h); err != nil {
		res.Problems = append(res.Problems, Problem{File: source, Message: fmt.Sprintf("document %d: not a Kubernetes object: %v", doc, err)})
		return
	}
	prob := func(fld, msg string) Problem {
		return Problem{File: source, Kind: h.Kind, Name: h.Metadata.Name, Field: fld, Message: msg}
	}
	if h.APIVersion == "" || h.Kind == "" {
		res.Problems = append(res.Problems, prob("", fmt.Sprintf("document %d: apiVersion and kind are required", doc)))
		return
	}
	gv, err := schema.ParseGroupVersion(h.APIVersion)
	if err != nil {
		res.Problems = append(res.Problems, prob("apiVersion", err.Error()))
		return
	}
	gvk := gv.WithKind(h.Kind)

	var errs []Problem
	kindKey := gvk.String()
	switch {
	case builtinGroups[gvk.Group]:
		s, ok := strategies[gvk.GroupKind()]
		switch {
		case !legacyscheme.Scheme.Recognizes(gvk) || !servedByDefault[gv]:
			res.Problems = append(res.Problems, prob("", fmt.Sprintf("no matches for kind %q in version %q: kube-apiserver %s does not serve it by default", gvk.Kind, h.APIVersion, KubernetesVersion)))
			return
		case !ok:
			res.Unvalidated = append(res.Unvalidated, Unvalidated{File: source, APIVersion: h.APIVersion, Kind: h.Kind, Name: h.Metadata.Name,
				Reason: "built-in kind with no create validation wired into test/apivalidation"})
			return
		}
		errs = validateBuiltin(raw, gvk, s, prob)
	case crdGroups[gvk.Group]:
		v, channel, err := gatewayValidator(gvk)
		if err != nil {
			res.Problems = append(res.Problems, prob("", err.Error()))
			return
		}
		errs = v.validate(raw, prob)
		if channel != ChannelStandard {
			kindKey = gvk.String() + " (" + channel + " channel)"
		}
	default:
		res.Unvalidated = append(res.Unvalidated, Unvalidated{File: source, APIVersion: h.APIVersion, Kind: h.Kind, Name: h.Metadata.Name,
			Reason: "custom resource or unknown kind: no schema available"})
		return
	}
	res.Validated++
	res.Kinds[kindKey]++
	res.Problems = append(res.Problems, errs...)
}

var strictYAML = kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, legacyscheme.Scheme, legacyscheme.Scheme,
	kjson.SerializerOptions{Yaml: true, Strict: true})

// validateBuiltin does what kube-apiserver's create handler and generic
// registry do with a built-in object: strict decode (fieldValidation=Strict,
// kubectl's default), default, convert to the internal version, fill the
// system metadata, settle the namespace, PrepareForCreate, and
// rest.ValidateCreate (strategy validation, ObjectMeta checks, declarative
// validation).
func validateBuiltin(raw []byte, gvk schema.GroupVersionKind, s strategy, prob func(string, string) Problem) []Problem {
	var out []Problem
	obj, _, err := strictYAML.Decode(raw, &gvk, nil)
	if err != nil {
		strictErr, ok := runtime.AsStrictDecodingError(err)
		if !ok || obj == nil {
			return append(out, prob("", "decoding: "+err.Error()))
		}
		for _, e := range strictErr.Errors() {
			out = append(out, strictProblem(e, prob))
		}
	}
	legacyscheme.Scheme.Default(obj)
	internal, err := legacyscheme.Scheme.ConvertToVersion(obj, schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal})
	if err != nil {
		return append(out, prob("", "converting to the internal version: "+err.Error()))
	}
	objMeta, err := meta.Accessor(internal)
	if err != nil {
		return append(out, prob("", err.Error()))
	}
	rest.FillObjectMetaSystemFields(objMeta)
	if objMeta.GetName() == "" && objMeta.GetGenerateName() != "" {
		objMeta.SetName(s.GenerateName(objMeta.GetGenerateName()))
	}
	requestNamespace := ""
	if s.namespaced {
		requestNamespace = objMeta.GetNamespace()
		if requestNamespace == "" {
			requestNamespace = DefaultNamespace
		}
	}
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(requestNamespace, objMeta); err != nil {
		return append(out, prob("metadata.namespace", err.Error()))
	}
	ctx := genericapirequest.WithNamespace(context.Background(), requestNamespace)
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true,
		Verb:              "create",
		APIGroup:          gvk.Group,
		APIVersion:        gvk.Version,
		Namespace:         requestNamespace,
		Resource:          strings.ToLower(gvk.Kind) + "s",
		Name:              objMeta.GetName(),
	})
	s.PrepareForCreate(ctx, internal)
	for _, e := range rest.ValidateCreate(ctx, internal, s) {
		out = append(out, fieldProblem(e, prob))
	}
	return out
}

func fieldProblem(e *field.Error, prob func(string, string) Problem) Problem {
	return prob(e.Field, e.ErrorBody())
}

// strictProblem turns `unknown field "spec.x"` / `duplicate field "x"` into
// a problem on that field.
func strictProblem(err error, prob func(string, string) Problem) Problem {
	msg := err.Error()
	for _, kind := range []string{"unknown field ", "duplicate field "} {
		if rest, ok := strings.CutPrefix(msg, kind); ok {
			if f, uerr := strconv.Unquote(rest); uerr == nil {
				return prob(f, strings.TrimSpace(kind)+" (strict decoding, as kubectl's default --validate=strict)")
			}
		}
	}
	return prob("", "strict decoding: "+msg)
}

// SortProblems orders problems by file, kind, name, field, message.
func SortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Message < b.Message
	})
}
