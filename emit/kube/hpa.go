package kube

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubelift/kubelift/ir"
)

// hpaObject builds an autoscaling/v2 HorizontalPodAutoscaler over the
// app's Deployment.
func (e *emitter) hpaObject(a *ir.App, metrics []autoscalingMetric) *autoscalingv2.HorizontalPodAutoscaler {
	as := a.Autoscaling
	min := as.Min
	if min < 1 {
		min = 1
	}
	max := as.Max
	if max < min {
		max = min
	}
	h := &autoscalingv2.HorizontalPodAutoscaler{
		TypeMeta: metav1.TypeMeta{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler"},
		ObjectMeta: metav1.ObjectMeta{
			Name:      a.Name,
			Namespace: e.opts.Namespace,
			Labels:    e.labels(a.Name),
		},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: a.Name},
			MinReplicas:    &min,
			MaxReplicas:    max,
		},
	}
	for _, m := range metrics {
		target := m.target
		h.Spec.Metrics = append(h.Spec.Metrics, autoscalingv2.MetricSpec{
			Type: autoscalingv2.ResourceMetricSourceType,
			Resource: &autoscalingv2.ResourceMetricSource{
				Name:   corev1.ResourceName(m.resource),
				Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &target},
			},
		})
	}
	if as.ScaleUpStabilizationSeconds != nil || as.ScaleDownStabilizationSeconds != nil || as.ScaleDownDisabled {
		b := &autoscalingv2.HorizontalPodAutoscalerBehavior{}
		if v := as.ScaleUpStabilizationSeconds; v != nil {
			w := *v
			b.ScaleUp = &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: &w}
		}
		if v := as.ScaleDownStabilizationSeconds; v != nil || as.ScaleDownDisabled {
			b.ScaleDown = &autoscalingv2.HPAScalingRules{}
			if v != nil {
				w := *v
				b.ScaleDown.StabilizationWindowSeconds = &w
			}
			if as.ScaleDownDisabled {
				d := autoscalingv2.DisabledPolicySelect
				b.ScaleDown.SelectPolicy = &d
			}
		}
		h.Spec.Behavior = b
	}
	return h
}
