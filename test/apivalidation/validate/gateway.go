package validate

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	apiextensionsinternal "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/api/operation"
	genericvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/features"
	"k8s.io/apiserver/pkg/registry/rest"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"sigs.k8s.io/yaml"
)

// GatewayAPIVersion is the sigs.k8s.io/gateway-api release whose CRDs are
// embedded in crds/ (regenerate with `go generate ./validate`).
const GatewayAPIVersion = "v1.6.3"

//go:generate go run ../internal/crdbundle/gen -version v1.6.3 -out crds

//go:embed crds/standard.json crds/experimental.json
var crdFiles embed.FS

// Gateway API release channels.
const (
	ChannelStandard     = "standard"
	ChannelExperimental = "experimental"
)

// crdSet is the CRDs of one channel, keyed by group and kind.
type crdSet struct {
	crds map[schema.GroupKind]*apiextensionsv1.CustomResourceDefinition
	mu   sync.Mutex
	vals map[schema.GroupVersionKind]*crdValidator
}

var (
	crdSetsOnce sync.Once
	crdSets     map[string]*crdSet
	crdSetsErr  error
	// crdGroups are the API groups of every bundled CRD, in any channel.
	crdGroups = map[string]bool{}
)

func loadCRDSets() (map[string]*crdSet, error) {
	crdSetsOnce.Do(func() {
		crdSets = map[string]*crdSet{}
		for _, ch := range []string{ChannelStandard, ChannelExperimental} {
			data, err := crdFiles.ReadFile("crds/" + ch + ".json")
			if err != nil {
				crdSetsErr = err
				return
			}
			var b struct {
				CRDs []apiextensionsv1.CustomResourceDefinition `json:"crds"`
			}
			if err := json.Unmarshal(data, &b); err != nil {
				crdSetsErr = fmt.Errorf("crds/%s.json: %w", ch, err)
				return
			}
			set := &crdSet{crds: map[schema.GroupKind]*apiextensionsv1.CustomResourceDefinition{}, vals: map[schema.GroupVersionKind]*crdValidator{}}
			for i := range b.CRDs {
				crd := &b.CRDs[i]
				set.crds[schema.GroupKind{Group: crd.Spec.Group, Kind: crd.Spec.Names.Kind}] = crd
			}
			crdSets[ch] = set
		}
	})
	return crdSets, crdSetsErr
}

func init() {
	sets, err := loadCRDSets()
	if err != nil {
		panic(err) // the embedded files are part of the build
	}
	for _, s := range sets {
		for gk := range s.crds {
			crdGroups[gk.Group] = true
		}
	}
}

// gatewayValidator returns the validator for a Gateway API kind and
// version, and the release channel whose CRD it uses: the standard channel
// (what a cluster installs by default) when it serves the kind and version,
// otherwise the experimental channel.
func gatewayValidator(gvk schema.GroupVersionKind) (*crdValidator, string, error) {
	sets, err := loadCRDSets()
	if err != nil {
		return nil, "", err
	}
	var lastErr error
	for _, ch := range []string{ChannelStandard, ChannelExperimental} {
		v, err := sets[ch].validator(gvk, ch)
		if err == nil {
			return v, ch, nil
		}
		lastErr = err // the experimental channel's answer is the broader one
	}
	return nil, "", lastErr
}

// crdValidator validates one served version of one CRD the way
// kube-apiextensions-apiserver's custom resource handler does on create.
type crdValidator struct {
	gvk        schema.GroupVersionKind
	namespaced bool
	hasStatus  bool
	structural *structuralschema.Structural
	schema     apiservervalidation.SchemaValidator
	cel        *cel.Validator
}

func (s *crdSet) validator(gvk schema.GroupVersionKind, channel string) (*crdValidator, error) {
	crd, ok := s.crds[gvk.GroupKind()]
	if !ok {
		return nil, fmt.Errorf("no matches for kind %q in group %q: not among the %s-channel CRDs of gateway-api %s", gvk.Kind, gvk.Group, channel, GatewayAPIVersion)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.vals[gvk]; ok {
		return v, nil
	}
	var version *apiextensionsv1.CustomResourceDefinitionVersion
	var served []string
	for i := range crd.Spec.Versions {
		v := &crd.Spec.Versions[i]
		if v.Served {
			served = append(served, v.Name)
		}
		if v.Name == gvk.Version && v.Served {
			version = v
		}
	}
	if version == nil {
		sort.Strings(served)
		return nil, fmt.Errorf("no matches for kind %q in version %q: the %s-channel CRD of gateway-api %s serves %s", gvk.Kind, gvk.GroupVersion(), channel, GatewayAPIVersion, strings.Join(served, ", "))
	}
	if version.Schema == nil || version.Schema.OpenAPIV3Schema == nil {
		return nil, fmt.Errorf("%s: CRD version %s has no schema", crd.Name, version.Name)
	}

	// As customresource_handler.go's getOrCreateServingInfoFor.
	internal := &apiextensionsinternal.CustomResourceValidation{}
	if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(version.Schema, internal, nil); err != nil {
		return nil, fmt.Errorf("%s: converting the schema: %w", crd.Name, err)
	}
	st, err := structuralschema.NewStructural(internal.OpenAPIV3Schema)
	if err != nil {
		return nil, fmt.Errorf("%s: structural schema: %w", crd.Name, err)
	}
	st = st.DeepCopy()
	if err := structuraldefaulting.PruneDefaults(st); err != nil {
		return nil, fmt.Errorf("%s: pruning defaults: %w", crd.Name, err)
	}
	sv, _, err := apiservervalidation.NewSchemaValidator(internal.OpenAPIV3Schema)
	if err != nil {
		return nil, fmt.Errorf("%s: schema validator: %w", crd.Name, err)
	}
	v := &crdValidator{
		gvk:        gvk,
		namespaced: crd.Spec.Scope == apiextensionsv1.NamespaceScoped,
		hasStatus:  version.Subresources != nil && version.Subresources.Status != nil,
		structural: st,
		schema:     sv,
		// As customresource.NewStrategy: programs are compiled once here.
		cel: cel.NewValidator(st, true, celconfig.PerCallLimit),
	}
	s.vals[gvk] = v
	return v, nil
}

// crdStrategy lets rest.ValidateCreate add the generic ObjectMeta checks on
// top of the custom resource strategy's validation, as the generic registry
// does for custom resources.
type crdStrategy struct {
	runtime.ObjectTyper
	namespaced bool
	validate   func(ctx context.Context) field.ErrorList
}

func (s crdStrategy) GenerateName(base string) string { return base }
func (s crdStrategy) NamespaceScoped() bool           { return s.namespaced }
func (s crdStrategy) PrepareForCreate(context.Context, runtime.Object) {
}
func (s crdStrategy) Validate(ctx context.Context, _ runtime.Object) field.ErrorList {
	return s.validate(ctx)
}
func (s crdStrategy) WarningsOnCreate(context.Context, runtime.Object) []string { return nil }
func (s crdStrategy) Canonicalize(runtime.Object)                               {}

// validate follows the custom resource handler on create: strict decoding
// (duplicate and unknown fields are errors, as with fieldValidation=Strict),
// schema coercion and pruning, defaulting, PrepareForCreate, then the
// strategy's validation: type meta, ObjectMeta, OpenAPI schema, embedded
// resources, list-type invariants and the x-kubernetes-validations CEL rules.
func (v *crdValidator) validate(raw []byte, prob func(string, string) Problem) []Problem {
	var out []Problem
	if _, err := yaml.YAMLToJSONStrict(raw); err != nil {
		out = append(out, prob("", "strict decoding: "+err.Error()))
	}
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		return append(out, prob("", "invalid YAML: "+err.Error()))
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(js); err != nil {
		return append(out, prob("", "decoding: "+err.Error()))
	}

	// unstructuredSchemaCoercer.apply with returnUnknownFieldPaths.
	objectMeta, foundMeta, unknown, err := schemaobjectmeta.GetObjectMetaWithOptions(u.Object, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return append(out, prob("metadata", err.Error()))
	}
	unknown = append(unknown, structuralpruning.PruneWithOptions(u.Object, v.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(u.Object, v.structural)
	ferr, paths := schemaobjectmeta.CoerceWithOptions(nil, u.Object, v.structural, false, schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true})
	if ferr != nil {
		return append(out, fieldProblem(ferr, prob))
	}
	unknown = append(unknown, paths...)
	sort.Strings(unknown)
	for _, p := range unknown {
		out = append(out, prob(p, "unknown field (strict decoding, as kubectl's default --validate=strict)"))
	}
	u.SetAPIVersion(v.gvk.GroupVersion().String())
	u.SetKind(v.gvk.Kind)
	if foundMeta {
		if err := schemaobjectmeta.SetObjectMeta(u.Object, objectMeta); err != nil {
			return append(out, prob("metadata", err.Error()))
		}
	}
	// The decoding codec's defaulter.
	structuraldefaulting.Default(u.Object, v.structural)

	// The create handler and rest.BeforeCreate.
	rest.FillObjectMetaSystemFields(u)
	requestNamespace := ""
	if v.namespaced {
		requestNamespace = u.GetNamespace()
		if requestNamespace == "" {
			requestNamespace = DefaultNamespace
		}
	}
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(requestNamespace, u); err != nil {
		return append(out, prob("metadata.namespace", err.Error()))
	}
	// customResourceStrategy.PrepareForCreate.
	if v.hasStatus {
		delete(u.Object, "status")
	}
	u.SetGeneration(1)

	ctx := genericapirequest.WithNamespace(context.Background(), requestNamespace)
	s := crdStrategy{
		ObjectTyper: unstructuredTyper{},
		namespaced:  v.namespaced,
		validate:    func(ctx context.Context) field.ErrorList { return v.strategyValidate(ctx, u) },
	}
	for _, e := range rest.ValidateCreate(ctx, u, s) {
		out = append(out, fieldProblem(e, prob))
	}
	return out
}

// strategyValidate is customResourceStrategy.Validate (with
// customResourceValidator.Validate inlined; Gateway API CRDs have no scale
// subresource).
func (v *crdValidator) strategyValidate(ctx context.Context, u *unstructured.Unstructured) field.ErrorList {
	var errs field.ErrorList
	if u.GetKind() != v.gvk.Kind {
		errs = append(errs, field.Invalid(field.NewPath("kind"), u.GetKind(), "must be "+v.gvk.Kind))
	}
	if u.GetAPIVersion() != v.gvk.GroupVersion().String() {
		errs = append(errs, field.Invalid(field.NewPath("apiVersion"), u.GetAPIVersion(), "must be "+v.gvk.GroupVersion().String()))
	}
	if len(errs) > 0 {
		return errs
	}
	om := &metav1.ObjectMeta{}
	if m, ok := u.Object["metadata"].(map[string]interface{}); ok {
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(m, om); err != nil {
			return field.ErrorList{field.Invalid(field.NewPath("metadata"), m, err.Error())}
		}
	}
	errs = append(errs, genericvalidation.ValidateObjectMetaDeclaratively(ctx, operation.Create, om, nil, v.namespaced,
		genericvalidation.NameIsDNSSubdomain, field.NewPath("metadata"), utilfeature.DefaultFeatureGate.Enabled(features.DeclarativeValidationBeta))...)
	errs = append(errs, apiservervalidation.ValidateCustomResource(nil, u.UnstructuredContent(), v.schema)...)
	errs = append(errs, schemaobjectmeta.Validate(ctx, nil, u.Object, v.structural, false)...)
	errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, v.structural, u.Object)...)
	if blocked := blockingError(errs); blocked != nil {
		errs = append(errs, blocked)
	} else {
		celErrs, _ := v.cel.Validate(ctx, nil, v.structural, u.Object, nil, celconfig.RuntimeCELCostBudget)
		errs = append(errs, celErrs...)
	}
	return errs
}

// blockingError is hasBlockingErr from
// k8s.io/apiextensions-apiserver/pkg/registry/customresource/strategy.go.
func blockingError(errs field.ErrorList) *field.Error {
	for _, err := range errs {
		switch err.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong, field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return field.Invalid(nil, nil, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation")
		}
	}
	return nil
}

// unstructuredTyper reports an Unstructured object's own kind.
type unstructuredTyper struct{}

func (unstructuredTyper) ObjectKinds(obj runtime.Object) ([]schema.GroupVersionKind, bool, error) {
	return []schema.GroupVersionKind{obj.GetObjectKind().GroupVersionKind()}, false, nil
}
func (unstructuredTyper) Recognizes(schema.GroupVersionKind) bool { return true }

var _ rest.RESTCreateStrategy = crdStrategy{}
