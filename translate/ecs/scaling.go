package ecs

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// autoscaling maps the service's scalable target and policies.
func (t *translator) autoscaling(s *service, app *ir.App) {
	var pols []*policy
	for _, p := range t.policies {
		if p.svc == s {
			pols = append(pols, p)
		}
	}
	tg := s.target
	if tg == nil && len(pols) == 0 {
		return
	}
	if tg == nil {
		t.rep.Add(diag.ECSScalingUnlinked, pols[0].p.Pos, "scaling policies of service %s have no scalable target among the inputs, so the replica range is unknown; they are not converted", s.app.Name)
		return
	}
	st := tg.t
	as := &ir.Autoscaling{Min: int32(st.MinCapacity.V), Max: int32(st.MaxCapacity.V)}
	as.Origin = origin(st.Pos, "scalable target of service "+s.app.Name)
	if st.MinCapacity.V < 1 {
		as.Min = 1
		t.rep.Add(diag.ECSScalingMinZero, st.MinCapacity.Pos, "MinCapacity %d becomes minReplicas 1: an HPA cannot scale to zero (KEDA can)", st.MinCapacity.V)
	}
	if as.Max < as.Min {
		as.Max = as.Min
	}
	if ss := st.SuspendedState; ss != nil && (ss.DynamicScalingInSuspended.V || ss.DynamicScalingOutSuspended.V || ss.ScheduledScalingSuspended.V) {
		t.rep.Add(diag.ECSScalingSuspended, ss.Pos, "scaling of service %s was suspended; the HPA scales whenever its metrics say so", s.app.Name)
	}
	if st.ScheduledActions.Set {
		t.rep.Add(diag.ECSScalingScheduled, st.ScheduledActions.Pos, "scheduled scaling actions of service %s are not converted: use KEDA's cron scaler or a CronJob that patches minReplicas", s.app.Name)
	}
	metrics := map[string]ir.ScalingMetric{}
	for _, p := range pols {
		t.policy(s, p, as, metrics)
	}
	for _, n := range slices.Sorted(maps.Keys(metrics)) {
		as.Metrics = append(as.Metrics, metrics[n])
	}
	if len(as.Metrics) == 0 {
		if len(pols) == 0 {
			t.rep.Add(diag.ECSScalingNoPolicy, st.Pos, "service %s may scale between %d and %d tasks but no scaling policy is among the inputs; no HPA is emitted and the replica count stays fixed", s.app.Name, st.MinCapacity.V, st.MaxCapacity.V)
		}
		return
	}
	app.Autoscaling = as
}

// policy maps one scaling policy into as (target tracking) or reports it.
func (t *translator) policy(s *service, p *policy, as *ir.Autoscaling, metrics map[string]ir.ScalingMetric) {
	sp := p.p
	name := orDefault(sp.PolicyName.V, sp.ID)
	typ := sp.PolicyType.V
	if typ == "" {
		switch {
		case sp.StepScalingPolicyConfiguration != nil:
			typ = "StepScaling"
		case sp.TargetTrackingScalingPolicyConfiguration != nil:
			typ = "TargetTrackingScaling"
		}
	}
	switch typ {
	case "TargetTrackingScaling":
		tt := sp.TargetTrackingScalingPolicyConfiguration
		if tt == nil {
			return
		}
		o := origin(tt.Pos, "scaling policy "+name)
		var m ir.ScalingMetric
		switch {
		case tt.PredefinedMetricSpecification != nil:
			pm := tt.PredefinedMetricSpecification
			switch pm.PredefinedMetricType.V {
			case "ECSServiceAverageCPUUtilization":
				m = ir.ScalingMetric{Name: "cpu", TargetUtilization: int32(math.Round(tt.TargetValue.V)), Origin: o}
				t.rep.Add(diag.ECSScalingUtilization, tt.Pos, "target tracking at %s%% CPU becomes an HPA CPU utilization target; ECS divided by reserved cpu units, the HPA divides by requests, which hold the same values", tt.TargetValue.Text())
			case "ECSServiceAverageMemoryUtilization":
				m = ir.ScalingMetric{Name: "memory", TargetUtilization: int32(math.Round(tt.TargetValue.V)), Origin: o}
				t.rep.Add(diag.ECSScalingUtilization, tt.Pos, "target tracking at %s%% memory becomes an HPA memory utilization target over requests (ECS divided by memoryReservation or memory); memory rarely falls after load, so scale-in may not happen", tt.TargetValue.Text())
			case "ALBRequestCountPerTarget":
				m = ir.ScalingMetric{Name: "alb-request-count-per-target", TargetValue: tt.TargetValue.Text(), Origin: o}
			default:
				t.rep.Add(diag.ECSScalingCustomMetric, pm.Pos, "predefined metric %s of policy %s does not apply to an ECS service; not converted", pm.PredefinedMetricType.V, name)
				return
			}
		case tt.CustomizedMetricSpecification.Set:
			if ns := findString(tt.CustomizedMetricSpecification.V, "Namespace", "namespace"); ns == "AWS/SQS" {
				q := findString(tt.CustomizedMetricSpecification.V, "Value", "value")
				t.rep.Add(diag.ECSScalingQueue, tt.CustomizedMetricSpecification.Pos, "policy %s tracks an SQS metric (queue %s) at %s; use KEDA's aws-sqs-queue scaler with that queue and a target of about %s messages per replica", name, orDefault(q, "unknown"), tt.TargetValue.Text(), tt.TargetValue.Text())
			} else {
				t.rep.Add(diag.ECSScalingCustomMetric, tt.CustomizedMetricSpecification.Pos, "policy %s tracks the CloudWatch metric %s at %s; serve it through a metrics adapter or KEDA's aws-cloudwatch scaler and add it to the HPA", name, orDefault(findString(tt.CustomizedMetricSpecification.V, "MetricName", "metric_name"), "(custom)"), tt.TargetValue.Text())
			}
			return
		default:
			return
		}
		if prev, ok := metrics[m.Name]; ok {
			// Two policies on one metric: ECS scales out when either
			// asks, so the lower target wins.
			if prev.TargetUtilization <= m.TargetUtilization && m.TargetValue == "" {
				m = prev
			}
		}
		metrics[m.Name] = m
		// A cooldown of 0 is what `terraform show -json` lists for an
		// unset one.
		tt.ScaleOutCooldown.Set = tt.ScaleOutCooldown.Set && tt.ScaleOutCooldown.V > 0
		tt.ScaleInCooldown.Set = tt.ScaleInCooldown.Set && tt.ScaleInCooldown.V > 0
		if tt.ScaleOutCooldown.Set || tt.ScaleInCooldown.Set {
			if tt.ScaleOutCooldown.Set {
				v := int32(min(tt.ScaleOutCooldown.V, 3600))
				if as.ScaleUpStabilizationSeconds == nil || *as.ScaleUpStabilizationSeconds < v {
					as.ScaleUpStabilizationSeconds = &v
				}
			}
			if tt.ScaleInCooldown.Set {
				v := int32(min(tt.ScaleInCooldown.V, 3600))
				if as.ScaleDownStabilizationSeconds == nil || *as.ScaleDownStabilizationSeconds < v {
					as.ScaleDownStabilizationSeconds = &v
				}
			}
			t.rep.Add(diag.ECSScalingCooldown, tt.Pos, "cooldowns of policy %s (scale-out %ds, scale-in %ds) become HPA stabilization windows, which are not quite the same", name, tt.ScaleOutCooldown.V, tt.ScaleInCooldown.V)
		}
		if tt.DisableScaleIn.V {
			as.ScaleDownDisabled = true
		}
	case "StepScaling":
		t.stepScaling(s, p, name)
	case "PredictiveScaling":
		t.rep.Add(diag.ECSScalingCustomMetric, sp.Pos, "predictive scaling policy %s has no HPA equivalent; not converted", name)
	}
}

// findString finds the first string under one of keys anywhere in v.
func findString(v *pe.Value, keys ...string) string {
	if v == nil {
		return ""
	}
	for _, e := range v.Entries {
		for _, k := range keys {
			if e.Key == k && e.Val != nil && e.Val.Kind == pe.KindString {
				return e.Val.Str
			}
		}
	}
	for _, e := range v.Entries {
		if s := findString(e.Val, keys...); s != "" {
			return s
		}
	}
	for _, it := range v.Items {
		if s := findString(it, keys...); s != "" {
			return s
		}
	}
	return ""
}

// stepScaling reports a step-scaling policy with the nearest equivalent,
// read from the CloudWatch alarms that trigger it.
func (t *translator) stepScaling(s *service, p *policy, name string) {
	var alarms []string
	var thresholds []float64
	metric, ns := "", ""
	for _, a := range p.alarms {
		alarms = append(alarms, fmt.Sprintf("%s %s %s", a.MetricName.V, a.ComparisonOperator.V, a.Threshold.Text()))
		if a.Threshold.Set {
			thresholds = append(thresholds, a.Threshold.V)
		}
		if metric == "" {
			metric, ns = a.MetricName.V, a.Namespace.V
		}
	}
	// Thresholds of the other step policies of the service on the same
	// metric (scale-out and scale-in alarms) bound the target.
	for _, q := range t.policies {
		if q == p || q.svc != s {
			continue
		}
		for _, a := range q.alarms {
			if a.MetricName.V == metric && a.Threshold.Set {
				thresholds = append(thresholds, a.Threshold.V)
			}
		}
	}
	sort.Float64s(thresholds)
	trigger := "no alarm among the inputs"
	if len(alarms) > 0 {
		trigger = "alarm " + strings.Join(alarms, "; ")
	}
	nearest := "target tracking on the alarm's metric"
	switch {
	case ns == "AWS/SQS":
		t.rep.Add(diag.ECSScalingQueue, p.p.Pos, "step scaling policy %s reacts to an SQS queue (%s); use KEDA's aws-sqs-queue scaler", name, trigger)
		return
	case (metric == "CPUUtilization" || metric == "MemoryUtilization") && len(thresholds) > 0:
		res := "CPU"
		if metric == "MemoryUtilization" {
			res = "memory"
		}
		mid := (thresholds[0] + thresholds[len(thresholds)-1]) / 2
		nearest = fmt.Sprintf("an HPA %s utilization target of about %.0f%%", res, mid)
		if len(thresholds) > 1 && thresholds[0] != thresholds[len(thresholds)-1] {
			nearest += fmt.Sprintf(" (between the alarms' thresholds %g and %g)", thresholds[0], thresholds[len(thresholds)-1])
		}
	}
	t.rep.Add(diag.ECSScalingStep, p.p.Pos, "step scaling policy %s (%s) has no HPA equivalent; nearest: %s. No HPA is emitted for it", name, trigger, nearest)
}

// reportUnlinkedScaling reports targets and policies no service took.
func (t *translator) reportUnlinkedScaling() {
	for _, tg := range t.targets {
		if !t.isECSTarget(tg.t.ServiceNamespace, tg.t.ScalableDimension) {
			t.rep.Add(diag.ECSScalingUnlinked, tg.t.Pos, "scalable target %s scales %s %s, not an ECS service; not converted", orDefault(tg.t.ID, tg.t.ResourceId.V), tg.t.ServiceNamespace.V, tg.t.ScalableDimension.V)
			continue
		}
		if tg.svc == nil {
			t.rep.Add(diag.ECSScalingUnlinked, tg.t.Pos, "scalable target %s names service %s, which is not among the inputs; not converted", orDefault(tg.t.ID, "(unnamed)"), tg.t.ResourceId.V)
		} else if tg.svc.target != tg {
			t.rep.Add(diag.ECSScalingUnlinked, tg.t.Pos, "service %s has two scalable targets; only the first is converted", serviceLabel(tg.svc.s))
		}
	}
	for _, p := range t.policies {
		if p.svc == nil && p.target == nil && t.isECSTarget(p.p.ServiceNamespace, p.p.ScalableDimension) {
			t.rep.Add(diag.ECSScalingUnlinked, p.p.Pos, "scaling policy %s names no service or scalable target among the inputs; not converted", orDefault(p.p.PolicyName.V, p.p.ID))
		}
	}
}
