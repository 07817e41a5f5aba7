package validate

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage/names"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	jobutil "k8s.io/kubernetes/pkg/api/job"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	pvcutil "k8s.io/kubernetes/pkg/api/persistentvolumeclaim"
	podutil "k8s.io/kubernetes/pkg/api/pod"
	"k8s.io/kubernetes/pkg/apis/apps"
	appsvalidation "k8s.io/kubernetes/pkg/apis/apps/validation"
	"k8s.io/kubernetes/pkg/apis/autoscaling"
	autoscalingvalidation "k8s.io/kubernetes/pkg/apis/autoscaling/validation"
	"k8s.io/kubernetes/pkg/apis/batch"
	batchvalidation "k8s.io/kubernetes/pkg/apis/batch/validation"
	api "k8s.io/kubernetes/pkg/apis/core"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	"k8s.io/kubernetes/pkg/apis/networking"
	networkingvalidation "k8s.io/kubernetes/pkg/apis/networking/validation"
	"k8s.io/kubernetes/pkg/apis/policy"
	policyvalidation "k8s.io/kubernetes/pkg/apis/policy/validation"
	"k8s.io/kubernetes/pkg/apis/rbac"
	rbacvalidation "k8s.io/kubernetes/pkg/apis/rbac/validation"
	"k8s.io/kubernetes/pkg/features"

	// Register the internal and versioned types, defaulting, conversion and
	// declarative validation of the groups validated here into legacyscheme,
	// exactly as kube-apiserver does.
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
)

// strategy mirrors, for one kind, the create half of the API server's
// registry strategy in k8s.io/kubernetes/pkg/registry/<group>/<kind>/strategy.go:
// the same PrepareForCreate normalisation, the same handwritten validation
// function with the same options, and the same declarative validation
// configuration. It satisfies rest.RESTCreateStrategy so that
// rest.ValidateCreate (the function the generic registry calls) adds the
// common ObjectMeta checks and runs declarative validation exactly as the
// API server does.
//
// The registry packages themselves are not imported: they pull in client-go
// informers, etcd and grpc (about twice the packages to compile).
type strategy struct {
	rest.DeclarativeValidation
	names.NameGenerator
	namespaced bool
	prepare    func(obj runtime.Object)
	validate   func(obj runtime.Object) field.ErrorList
	dvOptions  func(obj runtime.Object) rest.DeclarativeValidationConfig
}

var _ rest.RESTCreateStrategy = strategy{}

func (s strategy) NamespaceScoped() bool { return s.namespaced }

func (s strategy) PrepareForCreate(_ context.Context, obj runtime.Object) {
	if s.prepare != nil {
		s.prepare(obj)
	}
}

func (s strategy) Validate(_ context.Context, obj runtime.Object) field.ErrorList {
	return s.validate(obj)
}

func (s strategy) WarningsOnCreate(context.Context, runtime.Object) []string { return nil }

func (s strategy) Canonicalize(runtime.Object) {}

func (s strategy) DeclarativeValidationConfig(_ context.Context, obj, _ runtime.Object) rest.DeclarativeValidationConfig {
	if s.dvOptions == nil {
		return rest.DeclarativeValidationConfig{}
	}
	return s.dvOptions(obj)
}

func newStrategy(namespaced bool, prepare func(runtime.Object), validate func(runtime.Object) field.ErrorList) strategy {
	return strategy{
		DeclarativeValidation: rest.DeclarativeValidation{Scheme: legacyscheme.Scheme},
		NameGenerator:         names.SimpleNameGenerator,
		namespaced:            namespaced,
		prepare:               prepare,
		validate:              validate,
	}
}

// builtinGroups are the API groups whose kinds are compiled into
// kube-apiserver. An object of such a group whose kind or version the
// scheme does not know is rejected (the API server would answer "no matches
// for kind"), not skipped.
var builtinGroups = map[string]bool{
	"":                          true,
	"apps":                      true,
	"autoscaling":               true,
	"batch":                     true,
	"extensions":                true,
	"networking.k8s.io":         true,
	"policy":                    true,
	"rbac.authorization.k8s.io": true,
}

// servedByDefault are the versions of builtinGroups kube-apiserver serves
// with its default --runtime-config (stableAPIGroupVersionsEnabledByDefault
// and genericStableAPIGroupVersionsEnabledByDefault in
// pkg/controlplane/instance.go, plus the legacy core v1). The scheme also
// knows older versions (apps/v1beta2, networking.k8s.io/v1beta1 Ingress,
// policy/v1beta1, batch/v1beta1 …) for storage and conversion only; an
// object in one of those is rejected, as a real cluster would.
var servedByDefault = map[schema.GroupVersion]bool{
	{Group: "", Version: "v1"}:                          true,
	{Group: "apps", Version: "v1"}:                      true,
	{Group: "autoscaling", Version: "v1"}:               true,
	{Group: "autoscaling", Version: "v2"}:               true,
	{Group: "batch", Version: "v1"}:                     true,
	{Group: "networking.k8s.io", Version: "v1"}:         true,
	{Group: "policy", Version: "v1"}:                    true,
	{Group: "rbac.authorization.k8s.io", Version: "v1"}: true,
}

// strategies maps each validated kind to its create strategy. Each entry
// cites the registry strategy it mirrors (k8s.io/kubernetes v1.37.2).
var strategies = map[schema.GroupKind]strategy{
	// pkg/registry/core/configmap/strategy.go (dropDisabledFields: only
	// gated-off fields, none with the default gates).
	{Group: "", Kind: "ConfigMap"}: newStrategy(true, nil, func(obj runtime.Object) field.ErrorList {
		return corevalidation.ValidateConfigMap(obj.(*api.ConfigMap))
	}),
	// pkg/registry/core/secret/strategy.go
	{Group: "", Kind: "Secret"}: newStrategy(true, nil, func(obj runtime.Object) field.ErrorList {
		return corevalidation.ValidateSecret(obj.(*api.Secret))
	}),
	// pkg/registry/core/serviceaccount/strategy.go
	{Group: "", Kind: "ServiceAccount"}: newStrategy(true, func(obj runtime.Object) {
		sa := obj.(*api.ServiceAccount)
		for i, s := range sa.Secrets {
			sa.Secrets[i] = api.ObjectReference{Name: s.Name}
		}
	}, func(obj runtime.Object) field.ErrorList {
		return corevalidation.ValidateServiceAccount(obj.(*api.ServiceAccount))
	}),
	// pkg/registry/core/service/strategy.go, plus normalizeClusterIPs from
	// the service REST's BeginCreate (pkg/registry/core/service/storage),
	// which runs before validation. IP and node-port allocation is
	// cluster-specific and not reproduced.
	{Group: "", Kind: "Service"}: newStrategy(true, func(obj runtime.Object) {
		svc := obj.(*api.Service)
		if len(svc.Spec.ClusterIP) > 0 && len(svc.Spec.ClusterIPs) == 0 {
			svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
		}
		svc.Status = api.ServiceStatus{}
	}, func(obj runtime.Object) field.ErrorList {
		return corevalidation.ValidateServiceCreate(obj.(*api.Service))
	}),
	// pkg/registry/core/persistentvolumeclaim/strategy.go
	{Group: "", Kind: "PersistentVolumeClaim"}: newStrategy(true, func(obj runtime.Object) {
		pvc := obj.(*api.PersistentVolumeClaim)
		pvc.Status = api.PersistentVolumeClaimStatus{}
		pvcutil.DropDisabledFields(&pvc.Spec, nil)
		pvcutil.EnforceDataSourceBackwardsCompatibility(&pvc.Spec, nil)
		pvcutil.NormalizeDataSources(&pvc.Spec)
	}, func(obj runtime.Object) field.ErrorList {
		pvc := obj.(*api.PersistentVolumeClaim)
		opts := corevalidation.ValidationOptionsForPersistentVolumeClaim(pvc, nil)
		return corevalidation.ValidatePersistentVolumeClaim(pvc, opts)
	}),
	// pkg/registry/core/namespace/strategy.go
	{Group: "", Kind: "Namespace"}: newStrategy(false, func(obj runtime.Object) {
		ns := obj.(*api.Namespace)
		ns.Status = api.NamespaceStatus{Phase: api.NamespaceActive}
		for _, f := range ns.Spec.Finalizers {
			if f == api.FinalizerKubernetes {
				return
			}
		}
		ns.Spec.Finalizers = append(ns.Spec.Finalizers, api.FinalizerKubernetes)
	}, func(obj runtime.Object) field.ErrorList {
		return corevalidation.ValidateNamespace(obj.(*api.Namespace))
	}),

	// pkg/registry/apps/deployment/strategy.go
	{Group: "apps", Kind: "Deployment"}: newStrategy(true, func(obj runtime.Object) {
		d := obj.(*apps.Deployment)
		d.Status = apps.DeploymentStatus{}
		d.Generation = 1
		podutil.DropDisabledTemplateFields(&d.Spec.Template, nil)
	}, func(obj runtime.Object) field.ErrorList {
		d := obj.(*apps.Deployment)
		opts := podutil.GetValidationOptionsFromPodTemplate(&d.Spec.Template, nil)
		return appsvalidation.ValidateDeployment(d, opts)
	}),
	// pkg/registry/apps/statefulset/strategy.go (dropStatefulSetDisabledFields:
	// only gated-off fields).
	{Group: "apps", Kind: "StatefulSet"}: newStrategy(true, func(obj runtime.Object) {
		s := obj.(*apps.StatefulSet)
		s.Status = apps.StatefulSetStatus{}
		s.Generation = 1
		podutil.DropDisabledTemplateFields(&s.Spec.Template, nil)
	}, func(obj runtime.Object) field.ErrorList {
		s := obj.(*apps.StatefulSet)
		opts := podutil.GetValidationOptionsFromPodTemplate(&s.Spec.Template, nil)
		setOpts := appsvalidation.StatefulSetValidationOptions{
			AllowInvalidServiceName:          false,
			AllowStatefulSetRecreateStrategy: utilfeature.DefaultFeatureGate.Enabled(features.StatefulSetRecreateStrategy),
		}
		return appsvalidation.ValidateStatefulSet(s, setOpts, opts)
	}),
	// pkg/registry/apps/daemonset/strategy.go
	{Group: "apps", Kind: "DaemonSet"}: newStrategy(true, func(obj runtime.Object) {
		ds := obj.(*apps.DaemonSet)
		ds.Status = apps.DaemonSetStatus{}
		ds.Generation = 1
		if ds.Spec.TemplateGeneration < 1 {
			ds.Spec.TemplateGeneration = 1
		}
		podutil.DropDisabledTemplateFields(&ds.Spec.Template, nil)
	}, func(obj runtime.Object) field.ErrorList {
		ds := obj.(*apps.DaemonSet)
		opts := podutil.GetValidationOptionsFromPodTemplate(&ds.Spec.Template, nil)
		return appsvalidation.ValidateDaemonSet(ds, opts)
	}),

	// pkg/registry/networking/ingress/strategy.go. ValidateIngressCreate
	// chooses the create-time IngressValidationOptions itself (no invalid
	// secret names, no invalid wildcard host rules).
	{Group: "networking.k8s.io", Kind: "Ingress"}: newStrategy(true, func(obj runtime.Object) {
		ing := obj.(*networking.Ingress)
		ing.Status = networking.IngressStatus{}
		ing.Generation = 1
	}, func(obj runtime.Object) field.ErrorList {
		return networkingvalidation.ValidateIngressCreate(obj.(*networking.Ingress))
	}),
	// pkg/registry/networking/ingressclass/strategy.go
	{Group: "networking.k8s.io", Kind: "IngressClass"}: newStrategy(false, func(obj runtime.Object) {
		obj.(*networking.IngressClass).Generation = 1
	}, func(obj runtime.Object) field.ErrorList {
		return networkingvalidation.ValidateIngressClass(obj.(*networking.IngressClass))
	}),
	// pkg/registry/networking/networkpolicy/strategy.go
	{Group: "networking.k8s.io", Kind: "NetworkPolicy"}: newStrategy(true, func(obj runtime.Object) {
		obj.(*networking.NetworkPolicy).Generation = 1
	}, func(obj runtime.Object) field.ErrorList {
		np := obj.(*networking.NetworkPolicy)
		return networkingvalidation.ValidateNetworkPolicy(np, networkingvalidation.ValidationOptionsForNetworking(np, nil))
	}),

	// pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go
	// (dropDisabledFields: only gated-off fields).
	{Group: "autoscaling", Kind: "HorizontalPodAutoscaler"}: {
		DeclarativeValidation: rest.DeclarativeValidation{Scheme: legacyscheme.Scheme},
		NameGenerator:         names.SimpleNameGenerator,
		namespaced:            true,
		prepare: func(obj runtime.Object) {
			hpa := obj.(*autoscaling.HorizontalPodAutoscaler)
			hpa.Status = autoscaling.HorizontalPodAutoscalerStatus{}
			if utilfeature.DefaultFeatureGate.Enabled(features.HPAGeneration) {
				hpa.Generation = 1
			}
		},
		validate: func(obj runtime.Object) field.ErrorList {
			hpa := obj.(*autoscaling.HorizontalPodAutoscaler)
			return autoscalingvalidation.ValidateHorizontalPodAutoscaler(hpa, hpaCreateOptions(hpa))
		},
		dvOptions: func(runtime.Object) rest.DeclarativeValidationConfig {
			return rest.DeclarativeValidationConfig{Options: map[string]bool{
				string(features.HPAScaleToZero): utilfeature.DefaultFeatureGate.Enabled(features.HPAScaleToZero),
			}}
		},
	},

	// pkg/registry/policy/poddisruptionbudget/strategy.go (dropDisabledFields:
	// only gated-off fields).
	{Group: "policy", Kind: "PodDisruptionBudget"}: newStrategy(true, func(obj runtime.Object) {
		pdb := obj.(*policy.PodDisruptionBudget)
		pdb.Status = policy.PodDisruptionBudgetStatus{}
		pdb.Generation = 1
	}, func(obj runtime.Object) field.ErrorList {
		return policyvalidation.ValidatePodDisruptionBudget(obj.(*policy.PodDisruptionBudget),
			policyvalidation.PodDisruptionBudgetValidationOptions{AllowInvalidLabelValueInSelector: false})
	}),

	// pkg/registry/batch/job/strategy.go
	{Group: "batch", Kind: "Job"}: {
		DeclarativeValidation: rest.DeclarativeValidation{Scheme: legacyscheme.Scheme},
		NameGenerator:         names.SimpleNameGenerator,
		namespaced:            true,
		prepare: func(obj runtime.Object) {
			j := obj.(*batch.Job)
			generateJobSelectorIfNeeded(j)
			j.Status = batch.JobStatus{}
			j.Generation = 1
			if !utilfeature.DefaultFeatureGate.Enabled(features.JobManagedBy) {
				j.Spec.ManagedBy = nil
			}
			jobutil.DropDisabledFields(&j.Spec, nil)
			podutil.DropDisabledTemplateFields(&j.Spec.Template, nil)
		},
		validate: func(obj runtime.Object) field.ErrorList {
			j := obj.(*batch.Job)
			opts := batchvalidation.JobValidationOptions{
				PodValidationOptions:  podutil.GetValidationOptionsFromPodTemplate(&j.Spec.Template, nil),
				RequirePrefixedLabels: true,
			}
			return batchvalidation.ValidateJobCreate(j, opts)
		},
		dvOptions: workloadWithJobOptions,
	},
	// pkg/registry/batch/cronjob/strategy.go
	{Group: "batch", Kind: "CronJob"}: {
		DeclarativeValidation: rest.DeclarativeValidation{Scheme: legacyscheme.Scheme},
		NameGenerator:         names.SimpleNameGenerator,
		namespaced:            true,
		prepare: func(obj runtime.Object) {
			cj := obj.(*batch.CronJob)
			cj.Status = batch.CronJobStatus{}
			cj.Generation = 1
			jobutil.DropDisabledFields(&cj.Spec.JobTemplate.Spec, nil)
			podutil.DropDisabledTemplateFields(&cj.Spec.JobTemplate.Spec.Template, nil)
		},
		validate: func(obj runtime.Object) field.ErrorList {
			cj := obj.(*batch.CronJob)
			opts := podutil.GetValidationOptionsFromPodTemplate(&cj.Spec.JobTemplate.Spec.Template, nil)
			return batchvalidation.ValidateCronJobCreate(cj, opts)
		},
		dvOptions: workloadWithJobOptions,
	},

	// pkg/registry/rbac/{role,rolebinding,clusterrole,clusterrolebinding}/strategy.go
	{Group: "rbac.authorization.k8s.io", Kind: "Role"}: newStrategy(true, nil, func(obj runtime.Object) field.ErrorList {
		return rbacvalidation.ValidateRole(obj.(*rbac.Role))
	}),
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRole"}: newStrategy(false, nil, func(obj runtime.Object) field.ErrorList {
		return rbacvalidation.ValidateClusterRole(obj.(*rbac.ClusterRole),
			rbacvalidation.ClusterRoleValidationOptions{AllowInvalidLabelValueInSelector: false})
	}),
	{Group: "rbac.authorization.k8s.io", Kind: "RoleBinding"}: withShortCircuitMismatch(newStrategy(true, nil, func(obj runtime.Object) field.ErrorList {
		return rbacvalidation.ValidateRoleBinding(obj.(*rbac.RoleBinding))
	})),
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRoleBinding"}: withShortCircuitMismatch(newStrategy(false, nil, func(obj runtime.Object) field.ErrorList {
		return rbacvalidation.ValidateClusterRoleBinding(obj.(*rbac.ClusterRoleBinding))
	})),
}

func withShortCircuitMismatch(s strategy) strategy {
	s.dvOptions = func(runtime.Object) rest.DeclarativeValidationConfig {
		return rest.DeclarativeValidationConfig{ShortCircuitMismatch: true}
	}
	return s
}

func workloadWithJobOptions(runtime.Object) rest.DeclarativeValidationConfig {
	return rest.DeclarativeValidationConfig{Options: map[string]bool{
		string(features.WorkloadWithJob): utilfeature.DefaultFeatureGate.Enabled(features.WorkloadWithJob),
	}}
}

// hpaCreateOptions is validationOptionsForHorizontalPodAutoscaler(newHPA, nil)
// from pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go.
func hpaCreateOptions(hpa *autoscaling.HorizontalPodAutoscaler) autoscalingvalidation.HorizontalPodAutoscalerSpecValidationOptions {
	opts := autoscalingvalidation.HorizontalPodAutoscalerSpecValidationOptions{
		MinReplicasLowerBound: 1,
		ScaleTargetRefValidationOptions: autoscalingvalidation.CrossVersionObjectReferenceValidationOptions{
			AllowInvalidAPIVersion: false, AllowEmptyAPIGroup: false, RequiredCoveredByDeclarative: true,
		},
		ObjectMetricsValidationOptions: autoscalingvalidation.CrossVersionObjectReferenceValidationOptions{
			AllowInvalidAPIVersion: false, AllowEmptyAPIGroup: true,
		},
	}
	if utilfeature.DefaultFeatureGate.Enabled(features.HPAScaleToZero) {
		opts.MinReplicasLowerBound = 0
	}
	if hpa.Spec.ScaleTargetRef.Kind == "ReplicationController" {
		opts.ScaleTargetRefValidationOptions.AllowEmptyAPIGroup = true
	}
	return opts
}

// generateJobSelectorIfNeeded is generateSelectorIfNeeded from
// pkg/registry/batch/job/strategy.go: unless spec.manualSelector, the API
// server adds the job-name and controller-uid labels and selects on the uid.
func generateJobSelectorIfNeeded(j *batch.Job) {
	if j.Spec.ManualSelector != nil && *j.Spec.ManualSelector {
		return
	}
	if j.Spec.Template.Labels == nil {
		j.Spec.Template.Labels = map[string]string{}
	}
	for _, l := range []string{batch.LegacyJobNameLabel, batch.JobNameLabel} {
		if _, ok := j.Spec.Template.Labels[l]; !ok {
			j.Spec.Template.Labels[l] = j.Name
		}
	}
	for _, l := range []string{batch.LegacyControllerUidLabel, batch.ControllerUidLabel} {
		if _, ok := j.Spec.Template.Labels[l]; !ok {
			j.Spec.Template.Labels[l] = string(j.UID)
		}
	}
	if j.Spec.Selector == nil {
		j.Spec.Selector = &metav1.LabelSelector{}
	}
	if j.Spec.Selector.MatchLabels == nil {
		j.Spec.Selector.MatchLabels = map[string]string{}
	}
	if _, ok := j.Spec.Selector.MatchLabels[batch.ControllerUidLabel]; !ok {
		j.Spec.Selector.MatchLabels[batch.ControllerUidLabel] = string(j.UID)
	}
}
