package kube

import (
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

func int32p(v int32) *int32 { return &v }

func workloadApp() *ir.App {
	a := &ir.App{
		Name:     "api",
		Replicas: int32p(3),
		Ports:    []ir.Port{{Port: 80, TargetPort: 8080, Protocol: "TCP"}},
		Workload: &ir.Workload{
			Containers: []ir.Container{{
				Name: "api", Image: "example/api:1",
				Ports:     []ir.Port{{Port: 8080, Protocol: "TCP"}},
				Resources: ir.Resources{CPURequestMilli: 250, MemoryRequestMi: 256, MemoryLimitMi: 512},
				Env: []ir.EnvVar{
					{Name: "MODE", Value: "prod"},
					{Name: "DB_PASSWORD", Secret: &ir.SecretRef{Name: "api-secrets", Key: "DB_PASSWORD", Provider: "aws-secrets-manager", Remote: "arn:x"}},
				},
				Liveness: &ir.Probe{Exec: []string{"/health"}, PeriodSeconds: 30, TimeoutSeconds: 5, FailureThreshold: 3},
				Security: &ir.SecurityPolicy{Privileged: true, NoNewPrivileges: true, DropCapabilities: []string{"ALL"}},
				Mounts:   []ir.Mount{{Volume: "shared", Path: "/shared"}},
			}},
			InitContainers: []ir.Container{{Name: "proxy", Image: "envoy", Sidecar: true, Resources: ir.Resources{CPURequestMilli: 10}}},
			Volumes: []ir.Volume{
				{Name: "shared", Kind: "shared", ClaimName: "api-shared", Shared: &ir.SharedFilesystem{Driver: "efs.csi.aws.com", VolumeHandle: "fs-1::fsap-2"}},
				{Name: "db", Kind: "pvc", ClaimName: "api-db", Claim: &ir.VolumeClaim{AccessMode: "ReadWriteOnce", SizeMi: 2048}},
				{Name: "shm", Kind: "emptyDir", Medium: "Memory", SizeLimitMi: 64},
			},
			ServiceAccount: &ir.ServiceAccount{Name: "api", Annotations: []ir.KeyValue{{Key: "eks.amazonaws.com/role-arn", Value: "arn:aws:iam::1:role/api"}}},
			Placement:      &ir.Placement{OnePerNode: true, SpreadBy: []string{"topology.kubernetes.io/zone"}, Require: []ir.NodeRequirement{{Key: "kubernetes.io/arch", Operator: "In", Values: []string{"arm64"}}}},
			SecretSyncs: []ir.SecretSync{{Secret: "api-secrets", Provider: "aws-secrets-manager",
				Data: []ir.SecretSyncData{{Key: "DB_PASSWORD", Remote: "arn:aws:secretsmanager:r:1:secret:db", Property: "password", Version: "AWSPREVIOUS"}}}},
		},
		Rollout:     &ir.Rollout{MaxSurge: "1", MaxUnavailable: "0%"},
		Autoscaling: &ir.Autoscaling{Min: 2, Max: 6, Metrics: []ir.ScalingMetric{{Name: "cpu", TargetUtilization: 70}, {Name: "alb-request-count-per-target", TargetValue: "1000"}}},
	}
	return a
}

func emitApp(t *testing.T, a *ir.App) (map[string]Object, []diag.Diagnostic) {
	t.Helper()
	rep := &diag.Reporter{}
	objs := Emit(&ir.Project{Name: "p", Apps: []*ir.App{a}}, Options{Namespace: "ns"}, rep)
	m := map[string]Object{}
	for _, o := range objs {
		m[o.Kind+"/"+o.Name] = o
		if _, err := Marshal(o.Obj); err != nil {
			t.Fatalf("marshal %s: %v", o.Kind, err)
		}
	}
	return m, rep.Diagnostics()
}

func TestWorkloadObjects(t *testing.T) {
	objs, ds := emitApp(t, workloadApp())
	for _, k := range []string{"Deployment/api", "Service/api", "ServiceAccount/api", "HorizontalPodAutoscaler/api",
		"PersistentVolumeClaim/api-shared", "PersistentVolumeClaim/api-db", "ExternalSecret/api-secrets"} {
		if _, ok := objs[k]; !ok {
			t.Errorf("missing %s", k)
		}
	}
	dep := objs["Deployment/api"].Obj.(*appsv1.Deployment)
	if dep.Spec.Replicas != nil {
		t.Error("replicas must be left to the HPA")
	}
	if dep.Spec.Selector.MatchLabels["app.kubernetes.io/name"] != "api" || dep.Spec.Template.Labels["app.kubernetes.io/name"] != "api" {
		t.Error("selector does not match the template labels")
	}
	pod := dep.Spec.Template.Spec
	if pod.EnableServiceLinks == nil || *pod.EnableServiceLinks {
		t.Error("enableServiceLinks must be false")
	}
	if rp := pod.InitContainers[0].RestartPolicy; rp == nil || *rp != corev1.ContainerRestartPolicyAlways {
		t.Error("a sidecar is an init container with restartPolicy Always")
	}
	c := pod.Containers[0]
	if c.Resources.Limits.Cpu().MilliValue() != 0 || c.Resources.Requests.Cpu().MilliValue() != 250 {
		t.Errorf("cpu %v", c.Resources)
	}
	if c.Env[1].Value != "" || c.Env[1].ValueFrom.SecretKeyRef.Name != "api-secrets" {
		t.Errorf("secret env %+v", c.Env[1])
	}
	if sc := c.SecurityContext; sc.Privileged != nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Errorf("security context %+v", sc)
	}
	if pod.Affinity.PodAntiAffinity == nil || pod.Affinity.NodeAffinity == nil || len(pod.TopologySpreadConstraints) != 1 {
		t.Errorf("placement %+v %+v", pod.Affinity, pod.TopologySpreadConstraints)
	}
	if ru := dep.Spec.Strategy.RollingUpdate; ru.MaxSurge.String() != "1" || ru.MaxUnavailable.String() != "0%" {
		t.Errorf("strategy %+v", ru)
	}
	hpa := objs["HorizontalPodAutoscaler/api"].Obj.(*autoscalingv2.HorizontalPodAutoscaler)
	if len(hpa.Spec.Metrics) != 1 || *hpa.Spec.Metrics[0].Resource.Target.AverageUtilization != 70 || *hpa.Spec.MinReplicas != 2 {
		t.Errorf("hpa %+v", hpa.Spec)
	}
	pvc := objs["PersistentVolumeClaim/api-shared"].Obj.(*corev1.PersistentVolumeClaim)
	if pvc.Spec.VolumeName != "api-shared" || *pvc.Spec.StorageClassName != "" || pvc.Spec.AccessModes[0] != corev1.ReadWriteMany {
		t.Errorf("efs pvc %+v", pvc.Spec)
	}
	for _, code := range []diag.Code{diag.WorkloadSharedVolume, diag.WorkloadPrivileged, diag.WorkloadScalingMetric, diag.WorkloadReplicasOmitted, diag.WorkloadSecretStore} {
		found := false
		for _, d := range ds {
			found = found || d.Code == code
		}
		if !found {
			t.Errorf("no %s finding", code)
		}
	}
	for _, d := range ds {
		if d.Code == diag.IntentNotExpressed {
			t.Errorf("intent left unhandled: %v", d)
		}
	}
}

func TestExternalSecretYAML(t *testing.T) {
	objs, _ := emitApp(t, workloadApp())
	data, err := Marshal(objs["ExternalSecret/api-secrets"].Obj)
	if err != nil {
		t.Fatal(err)
	}
	want := `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: api-secrets
  namespace: ns
  labels:
    app.kubernetes.io/managed-by: kubelift
    app.kubernetes.io/name: api
    app.kubernetes.io/part-of: p
spec:
  refreshInterval: "1h"
  secretStoreRef:
    kind: ClusterSecretStore
    name: aws-secrets-manager
  target:
    name: api-secrets
    creationPolicy: Owner
  data:
  - secretKey: DB_PASSWORD
    remoteRef:
      key: arn:aws:secretsmanager:r:1:secret:db
      property: password
      version: AWSPREVIOUS
`
	if string(data) != want {
		t.Errorf("got:\n%s\nwant:\n%s", data, want)
	}
}

func TestNoHPAWithoutResourceMetric(t *testing.T) {
	a := workloadApp()
	a.Autoscaling.Metrics = a.Autoscaling.Metrics[1:]
	objs, ds := emitApp(t, a)
	if _, ok := objs["HorizontalPodAutoscaler/api"]; ok {
		t.Error("an HPA without a resource metric would scale on 80% CPU")
	}
	dep := objs["Deployment/api"].Obj.(*appsv1.Deployment)
	if dep.Spec.Replicas == nil || *dep.Spec.Replicas != 3 {
		t.Error("replicas must stay when no HPA is emitted")
	}
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.Message)
	}
	if !strings.Contains(strings.Join(msgs, "\n"), "no HorizontalPodAutoscaler is emitted") {
		t.Errorf("findings:\n%s", strings.Join(msgs, "\n"))
	}
}

func TestRecreateAndMemoryRequestMissing(t *testing.T) {
	a := workloadApp()
	a.Rollout = &ir.Rollout{Recreate: true}
	a.Autoscaling.Metrics = []ir.ScalingMetric{{Name: "memory", TargetUtilization: 80}}
	a.Workload.InitContainers[0].Resources.MemoryRequestMi = 0
	objs, ds := emitApp(t, a)
	dep := objs["Deployment/api"].Obj.(*appsv1.Deployment)
	if dep.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType || dep.Spec.Strategy.RollingUpdate != nil {
		t.Errorf("strategy %+v", dep.Spec.Strategy)
	}
	found := false
	for _, d := range ds {
		found = found || d.Code == diag.WorkloadScalingRequest && strings.Contains(d.Message, "proxy")
	}
	if !found {
		t.Error("the sidecar without a memory request is not reported")
	}
}
