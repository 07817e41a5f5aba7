package kube

import (
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// workload emits the pods of an app: a Deployment, and the objects it
// needs (ServiceAccount, PersistentVolumeClaims, ExternalSecrets, a
// HorizontalPodAutoscaler).
func (e *emitter) workload(a *ir.App) {
	w := a.Workload
	hpa := e.hpa(a)
	dep := &appsv1.Deployment{
		TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{
			Name:      a.Name,
			Namespace: e.opts.Namespace,
			Labels:    e.labels(a.Name),
		},
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": a.Name}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: e.labels(a.Name), Annotations: kvMap(w.Annotations)},
				Spec:       e.podSpec(a),
			},
		},
	}
	switch {
	case hpa:
		if a.Replicas != nil {
			e.rep.Add(diag.WorkloadReplicasOmitted, a.Origin.Pos, "Deployment %s has no replicas field: HorizontalPodAutoscaler %s manages it (the legacy desired count was %d)", a.Name, a.Name, *a.Replicas)
		}
	case a.Replicas != nil:
		r := *a.Replicas
		dep.Spec.Replicas = &r
	}
	if ro := a.Rollout; ro != nil {
		ro.Handle()
		dep.Spec.MinReadySeconds = ro.MinReadySeconds
		if ro.Recreate {
			dep.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
		} else if ro.MaxSurge != "" || ro.MaxUnavailable != "" {
			ru := &appsv1.RollingUpdateDeployment{}
			if ro.MaxSurge != "" {
				v := intstr.Parse(ro.MaxSurge)
				ru.MaxSurge = &v
			}
			if ro.MaxUnavailable != "" {
				v := intstr.Parse(ro.MaxUnavailable)
				ru.MaxUnavailable = &v
			}
			dep.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: ru}
		}
	}
	e.add(Object{APIVersion: "apps/v1", Kind: "Deployment", Namespace: e.opts.Namespace, Name: a.Name, Owner: a.Name, Obj: dep})
	if sa := w.ServiceAccount; sa != nil {
		e.serviceAccount(a, sa)
	}
	for i := range w.Volumes {
		e.volumeClaim(a, &w.Volumes[i])
	}
	e.secrets(a)
}

func kvMap(kvs []ir.KeyValue) map[string]string {
	if len(kvs) == 0 {
		return nil
	}
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

func (e *emitter) podSpec(a *ir.App) corev1.PodSpec {
	w := a.Workload
	no := false
	spec := corev1.PodSpec{
		// Injected <SVC>_PORT variables could clobber the app's own.
		EnableServiceLinks: &no,
		HostNetwork:        w.HostNetwork,
		HostPID:            w.HostPID,
		HostIPC:            w.HostIPC,
		NodeSelector:       kvMap(w.NodeSelector),
		Hostname:           w.Hostname,
	}
	if w.ShareProcessNamespace {
		t := true
		spec.ShareProcessNamespace = &t
	}
	if w.TerminationGracePeriodSeconds != nil {
		v := *w.TerminationGracePeriodSeconds
		spec.TerminationGracePeriodSeconds = &v
	}
	if w.ServiceAccount != nil {
		spec.ServiceAccountName = w.ServiceAccount.Name
	}
	if len(w.Sysctls) > 0 {
		spec.SecurityContext = &corev1.PodSecurityContext{}
		for _, kv := range w.Sysctls {
			spec.SecurityContext.Sysctls = append(spec.SecurityContext.Sysctls, corev1.Sysctl{Name: kv.Key, Value: kv.Value})
		}
	}
	for _, h := range w.HostAliases {
		spec.HostAliases = append(spec.HostAliases, corev1.HostAlias{IP: h.IP, Hostnames: h.Hostnames})
	}
	if w.DNS != nil {
		spec.DNSConfig = &corev1.PodDNSConfig{Nameservers: w.DNS.Nameservers, Searches: w.DNS.Searches}
	}
	for _, s := range w.ImagePullSecrets {
		spec.ImagePullSecrets = append(spec.ImagePullSecrets, corev1.LocalObjectReference{Name: s})
	}
	if p := w.Placement; p != nil {
		p.Handle()
		spec.Affinity, spec.TopologySpreadConstraints = affinity(a.Name, p)
	}
	for _, v := range w.Volumes {
		spec.Volumes = append(spec.Volumes, volume(v))
	}
	for _, c := range w.InitContainers {
		k := e.container(a, c)
		if c.Sidecar {
			always := corev1.ContainerRestartPolicyAlways
			k.RestartPolicy = &always
		}
		spec.InitContainers = append(spec.InitContainers, k)
	}
	for _, c := range w.Containers {
		spec.Containers = append(spec.Containers, e.container(a, c))
	}
	return spec
}

func affinity(app string, p *ir.Placement) (*corev1.Affinity, []corev1.TopologySpreadConstraint) {
	sel := &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": app}}
	var aff *corev1.Affinity
	if len(p.Require) > 0 {
		var exprs []corev1.NodeSelectorRequirement
		for _, r := range p.Require {
			exprs = append(exprs, corev1.NodeSelectorRequirement{Key: r.Key, Operator: corev1.NodeSelectorOperator(r.Operator), Values: r.Values})
		}
		aff = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
				NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: exprs}},
			},
		}}
	}
	if p.OnePerNode {
		if aff == nil {
			aff = &corev1.Affinity{}
		}
		aff.PodAntiAffinity = &corev1.PodAntiAffinity{
			RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{LabelSelector: sel, TopologyKey: "kubernetes.io/hostname"}},
		}
	}
	var spread []corev1.TopologySpreadConstraint
	for _, k := range p.SpreadBy {
		spread = append(spread, corev1.TopologySpreadConstraint{MaxSkew: 1, TopologyKey: k,
			WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: sel})
	}
	return aff, spread
}

func volume(v ir.Volume) corev1.Volume {
	out := corev1.Volume{Name: v.Name}
	switch v.Kind {
	case "hostPath":
		out.HostPath = &corev1.HostPathVolumeSource{Path: v.HostPath}
	case "pvc", "shared":
		out.PersistentVolumeClaim = &corev1.PersistentVolumeClaimVolumeSource{ClaimName: v.ClaimName}
	case "secret":
		out.Secret = &corev1.SecretVolumeSource{SecretName: v.SecretName}
	default:
		ed := &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMedium(v.Medium)}
		if v.SizeLimitMi > 0 {
			q := mebibytes(v.SizeLimitMi)
			ed.SizeLimit = &q
		}
		out.EmptyDir = ed
	}
	return out
}

func mebibytes(n int64) resource.Quantity {
	return *resource.NewQuantity(n*1024*1024, resource.BinarySI)
}

func (e *emitter) container(a *ir.App, c ir.Container) corev1.Container {
	k := corev1.Container{
		Name:       c.Name,
		Image:      c.Image,
		Command:    c.Command,
		Args:       c.Args,
		WorkingDir: c.WorkingDir,
		Stdin:      c.Stdin,
		TTY:        c.TTY,
	}
	for _, p := range c.Ports {
		k.Ports = append(k.Ports, corev1.ContainerPort{Name: p.Name, ContainerPort: p.Port, Protocol: corev1.Protocol(p.Protocol)})
	}
	for _, ev := range c.Env {
		v := corev1.EnvVar{Name: ev.Name, Value: ev.Value}
		if ev.Secret != nil {
			v.Value = ""
			v.ValueFrom = &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: ev.Secret.Name}, Key: ev.Secret.Key}}
		}
		k.Env = append(k.Env, v)
	}
	k.Resources = resources(c.Resources)
	k.LivenessProbe = probe(c.Liveness)
	k.ReadinessProbe = probe(c.Readiness)
	k.StartupProbe = probe(c.Startup)
	for _, m := range c.Mounts {
		k.VolumeMounts = append(k.VolumeMounts, corev1.VolumeMount{Name: m.Volume, MountPath: m.Path, ReadOnly: m.ReadOnly})
	}
	k.SecurityContext = securityContext(c.Security)
	if c.Security != nil && c.Security.Privileged {
		e.rep.Add(diag.WorkloadPrivileged, c.Origin.Pos, "container %s of %s ran privileged; the output leaves it unprivileged, since the API server refuses privileged pods unless it runs with --allow-privileged (and Pod Security baseline refuses them): add securityContext.privileged: true if your cluster allows it, or the capabilities the process needs", c.Name, a.Name)
	}
	return k
}

func resources(r ir.Resources) corev1.ResourceRequirements {
	var out corev1.ResourceRequirements
	req, lim := corev1.ResourceList{}, corev1.ResourceList{}
	if r.CPURequestMilli > 0 {
		req[corev1.ResourceCPU] = *resource.NewMilliQuantity(r.CPURequestMilli, resource.DecimalSI)
	}
	if r.CPULimitMilli > 0 {
		lim[corev1.ResourceCPU] = *resource.NewMilliQuantity(r.CPULimitMilli, resource.DecimalSI)
	}
	if r.MemoryRequestMi > 0 {
		req[corev1.ResourceMemory] = mebibytes(r.MemoryRequestMi)
	}
	if r.MemoryLimitMi > 0 {
		lim[corev1.ResourceMemory] = mebibytes(r.MemoryLimitMi)
	}
	if r.EphemeralStorageMi > 0 {
		req[corev1.ResourceEphemeralStorage] = mebibytes(r.EphemeralStorageMi)
		lim[corev1.ResourceEphemeralStorage] = mebibytes(r.EphemeralStorageMi)
	}
	if r.GPUs > 0 {
		lim["nvidia.com/gpu"] = *resource.NewQuantity(r.GPUs, resource.DecimalSI)
	}
	if len(req) > 0 {
		out.Requests = req
	}
	if len(lim) > 0 {
		out.Limits = lim
	}
	return out
}

func probe(p *ir.Probe) *corev1.Probe {
	if p == nil {
		return nil
	}
	out := &corev1.Probe{
		InitialDelaySeconds: p.InitialDelaySeconds,
		PeriodSeconds:       p.PeriodSeconds,
		TimeoutSeconds:      p.TimeoutSeconds,
		FailureThreshold:    p.FailureThreshold,
		SuccessThreshold:    p.SuccessThreshold,
	}
	switch {
	case len(p.Exec) > 0:
		out.Exec = &corev1.ExecAction{Command: p.Exec}
	case p.HTTPPath != "":
		out.HTTPGet = &corev1.HTTPGetAction{Path: p.HTTPPath, Port: intstr.FromInt32(p.Port)}
		if p.HTTPS {
			out.HTTPGet.Scheme = corev1.URISchemeHTTPS
		}
	case p.TCPPort != 0:
		out.TCPSocket = &corev1.TCPSocketAction{Port: intstr.FromInt32(p.TCPPort)}
	}
	return out
}

func securityContext(s *ir.SecurityPolicy) *corev1.SecurityContext {
	if s == nil {
		return nil
	}
	t := true
	sc := &corev1.SecurityContext{RunAsUser: s.RunAsUser, RunAsGroup: s.RunAsGroup}
	if s.ReadOnlyRootFilesystem {
		sc.ReadOnlyRootFilesystem = &t
	}
	// Privileged is reported, not emitted (see container).
	sysAdmin := false
	if len(s.AddCapabilities) > 0 || len(s.DropCapabilities) > 0 {
		sc.Capabilities = &corev1.Capabilities{}
		for _, c := range s.AddCapabilities {
			sc.Capabilities.Add = append(sc.Capabilities.Add, corev1.Capability(c))
			sysAdmin = sysAdmin || c == "SYS_ADMIN"
		}
		for _, c := range s.DropCapabilities {
			sc.Capabilities.Drop = append(sc.Capabilities.Drop, corev1.Capability(c))
		}
	}
	// The API refuses allowPrivilegeEscalation: false together with
	// CAP_SYS_ADMIN, which grants it anyway.
	if s.NoNewPrivileges && !sysAdmin {
		f := false
		sc.AllowPrivilegeEscalation = &f
	}
	switch {
	case s.AppArmorProfile == "unconfined":
		sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined}
	case s.AppArmorProfile == "runtime/default":
		sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
	case strings.HasPrefix(s.AppArmorProfile, "localhost/"):
		p := strings.TrimPrefix(s.AppArmorProfile, "localhost/")
		sc.AppArmorProfile = &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: &p}
	}
	if l := s.SELinux; l != nil {
		sc.SELinuxOptions = &corev1.SELinuxOptions{User: l.User, Role: l.Role, Type: l.Type, Level: l.Level}
	}
	return sc
}

// secretNames lists the Secrets the app's containers read, with their keys.
func secretNames(w *ir.Workload) (map[string][]string, map[string]string) {
	keys := map[string][]string{}
	provider := map[string]string{}
	for _, cs := range [][]ir.Container{w.InitContainers, w.Containers} {
		for _, c := range cs {
			for _, ev := range c.Env {
				if s := ev.Secret; s != nil {
					if !containsStr(keys[s.Name], s.Key) {
						keys[s.Name] = append(keys[s.Name], s.Key)
					}
					provider[s.Name] = s.Provider
				}
			}
		}
	}
	for n := range keys {
		sort.Strings(keys[n])
	}
	return keys, provider
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// secrets emits the ExternalSecrets of the app and reports the Secrets
// someone must create.
func (e *emitter) secrets(a *ir.App) {
	w := a.Workload
	synced := map[string]bool{}
	for i := range w.SecretSyncs {
		sy := &w.SecretSyncs[i]
		e.externalSecret(a, sy)
		synced[sy.Secret] = true
	}
	keys, provider := secretNames(w)
	var names []string
	for n := range keys {
		if !synced[n] {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		from := "values you supply"
		switch provider[n] {
		case "aws-secrets-manager":
			from = "AWS Secrets Manager"
		case "aws-ssm":
			from = "AWS Systems Manager Parameter Store"
		}
		e.rep.Add(diag.WorkloadSecretCreate, w.Origin.Pos, "app %s reads Secret %s (keys %s), to be filled from %s; create it before the Deployment", a.Name, n, strings.Join(keys[n], ", "), from)
	}
}

func (e *emitter) serviceAccount(a *ir.App, sa *ir.ServiceAccount) {
	obj := &corev1.ServiceAccount{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        sa.Name,
			Namespace:   e.opts.Namespace,
			Labels:      e.labels(a.Name),
			Annotations: kvMap(sa.Annotations),
		},
	}
	e.add(Object{APIVersion: "v1", Kind: "ServiceAccount", Namespace: e.opts.Namespace, Name: sa.Name, Owner: a.Name, Obj: obj})
}

// volumeClaim emits the PersistentVolumeClaim a volume asks for.
func (e *emitter) volumeClaim(a *ir.App, v *ir.Volume) {
	var spec corev1.PersistentVolumeClaimSpec
	switch {
	case v.Kind == "pvc" && v.Claim != nil:
		spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.PersistentVolumeAccessMode(v.Claim.AccessMode)}
		spec.Resources.Requests = corev1.ResourceList{corev1.ResourceStorage: mebibytes(v.Claim.SizeMi)}
		if v.Claim.StorageClass != "" {
			sc := v.Claim.StorageClass
			spec.StorageClassName = &sc
		}
	case v.Kind == "shared" && v.Shared != nil:
		fs := v.Shared
		fs.Handle()
		empty := ""
		spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
		// The capacity of a network file system is not enforced; the
		// API requires one.
		spec.Resources.Requests = corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("5Gi")}
		spec.StorageClassName = &empty
		spec.VolumeName = v.ClaimName
		var extra []string
		if !fs.EncryptInTransit {
			extra = append(extra, `volumeAttributes encryptInTransit: "false"`)
		}
		if fs.IAM {
			extra = append(extra, "mountOptions [iam]")
		}
		more := ""
		if len(extra) > 0 {
			more = ", " + strings.Join(extra, ", ")
		}
		e.rep.Add(diag.WorkloadSharedVolume, fs.Origin.Pos, "PersistentVolumeClaim %s binds to PersistentVolume %s, which must be created: csi.driver %s, csi.volumeHandle %s, accessModes [ReadWriteMany], capacity 5Gi, storageClassName \"\", persistentVolumeReclaimPolicy Retain%s", v.ClaimName, v.ClaimName, fs.Driver, fs.VolumeHandle, more)
	default:
		return
	}
	pvc := &corev1.PersistentVolumeClaim{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
		ObjectMeta: metav1.ObjectMeta{
			Name:      v.ClaimName,
			Namespace: e.opts.Namespace,
			Labels:    e.labels(a.Name),
		},
		Spec: spec,
	}
	e.add(Object{APIVersion: "v1", Kind: "PersistentVolumeClaim", Namespace: e.opts.Namespace, Name: v.ClaimName, Owner: a.Name, Obj: pvc})
}

// hpa emits the HorizontalPodAutoscaler of an app; it reports whether it did.
func (e *emitter) hpa(a *ir.App) bool {
	as := a.Autoscaling
	if as == nil {
		return false
	}
	as.Handle()
	w := a.Workload
	var metrics []autoscalingMetric
	for _, m := range as.Metrics {
		switch m.Name {
		case "cpu", "memory":
			metrics = append(metrics, autoscalingMetric{m.Name, m.TargetUtilization})
			var missing []string
			for _, c := range allContainers(w) {
				r := c.Resources
				if m.Name == "cpu" && r.CPURequestMilli == 0 || m.Name == "memory" && r.MemoryRequestMi == 0 {
					missing = append(missing, c.Name)
				}
			}
			if len(missing) > 0 {
				e.rep.Add(diag.WorkloadScalingRequest, m.Origin.Pos, "the HPA of %s scales on %s utilization, but container(s) %s have no %s request, so it cannot compute it", a.Name, m.Name, strings.Join(missing, ", "), m.Name)
			}
		case "alb-request-count-per-target":
			e.rep.Add(diag.WorkloadScalingMetric, m.Origin.Pos, "scaling on load balancer requests per target (target %s) is not in the HPA: nearest equivalent is an External metric (KEDA aws-cloudwatch on RequestCountPerTarget with the new target group, or the ingress controller's request rate per pod through an adapter)", m.TargetValue)
		default:
			e.rep.Add(diag.WorkloadScalingMetric, m.Origin.Pos, "scaling on %s (target %s) is not in the HPA: serve the metric through an adapter or KEDA", m.Name, m.TargetValue)
		}
	}
	if len(metrics) == 0 {
		e.rep.Add(diag.WorkloadScalingMetric, as.Origin.Pos, "no HorizontalPodAutoscaler is emitted for %s: none of its scaling metrics is a resource utilization (an HPA without metrics would scale on 80%% CPU)", a.Name)
		return false
	}
	e.add(Object{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler", Namespace: e.opts.Namespace, Name: a.Name, Owner: a.Name, Obj: e.hpaObject(a, metrics)})
	return true
}

type autoscalingMetric struct {
	resource string
	target   int32
}

func allContainers(w *ir.Workload) []ir.Container {
	var out []ir.Container
	for _, c := range w.InitContainers {
		if c.Sidecar {
			out = append(out, c)
		}
	}
	return append(out, w.Containers...)
}

// externalSecret is the part of external-secrets.io/v1 ExternalSecret
// kubelift writes (there is no k8s.io type for it).
type externalSecret struct {
	APIVersion string             `json:"apiVersion"`
	Kind       string             `json:"kind"`
	Metadata   metav1.ObjectMeta  `json:"metadata"`
	Spec       externalSecretSpec `json:"spec"`
}

type externalSecretSpec struct {
	RefreshInterval string                 `json:"refreshInterval,omitempty"`
	SecretStoreRef  esStoreRef             `json:"secretStoreRef"`
	Target          esTarget               `json:"target"`
	Data            []externalSecretDataES `json:"data"`
}

type esStoreRef struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

type esTarget struct {
	Name           string `json:"name"`
	CreationPolicy string `json:"creationPolicy"`
}

type externalSecretDataES struct {
	SecretKey string      `json:"secretKey"`
	RemoteRef esRemoteRef `json:"remoteRef"`
}

type esRemoteRef struct {
	Key      string `json:"key"`
	Property string `json:"property,omitempty"`
	Version  string `json:"version,omitempty"`
}

// secretStores name the ClusterSecretStore of each provider.
var secretStores = map[string]string{
	"aws-secrets-manager": "aws-secrets-manager",
	"aws-ssm":             "aws-parameter-store",
}

func (e *emitter) externalSecret(a *ir.App, sy *ir.SecretSync) {
	sy.Handle()
	store, ok := secretStores[sy.Provider]
	if !ok {
		store = sy.Provider
	}
	obj := &externalSecret{
		APIVersion: "external-secrets.io/v1",
		Kind:       "ExternalSecret",
		Metadata:   metav1.ObjectMeta{Name: sy.Secret, Namespace: e.opts.Namespace, Labels: e.labels(a.Name)},
		Spec: externalSecretSpec{
			RefreshInterval: "1h",
			SecretStoreRef:  esStoreRef{Kind: "ClusterSecretStore", Name: store},
			Target:          esTarget{Name: sy.Secret, CreationPolicy: "Owner"},
		},
	}
	for _, d := range sy.Data {
		obj.Spec.Data = append(obj.Spec.Data, externalSecretDataES{SecretKey: d.Key, RemoteRef: esRemoteRef{Key: d.Remote, Property: d.Property, Version: d.Version}})
	}
	e.add(Object{APIVersion: "external-secrets.io/v1", Kind: "ExternalSecret", Namespace: e.opts.Namespace, Name: sy.Secret, Owner: a.Name, Obj: obj})
	e.rep.Add(diag.WorkloadSecretStore, sy.Origin.Pos, "ExternalSecret %s syncs Secret %s through ClusterSecretStore %s, which must exist (External Secrets Operator, with an identity that may read the %d secret(s))", sy.Secret, sy.Secret, store, len(sy.Data))
}
