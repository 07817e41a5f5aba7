package ecs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// service maps the service's own fields onto the app built from its task.
func (t *translator) service(s *service, b *builder) {
	sv := s.s
	app := s.app
	if sv.DesiredCount.Set {
		r := int32(sv.DesiredCount.V)
		app.Replicas = &r
	}
	if known(sv.SchedulingStrategy) && sv.SchedulingStrategy.V == "DAEMON" {
		one := int32(1)
		app.Replicas = &one
		b.add(diag.ECSDaemonService, sv.SchedulingStrategy.Pos, "service %s runs one task per container instance (DAEMON); it is emitted as a Deployment with one replica: make it a DaemonSet", s.app.Name)
	}
	for _, lb := range sv.LoadBalancers {
		t.loadBalancer(s, b, lb)
	}
	t.gracePeriod(s, b)
	if sv.ServiceRegistries.Set {
		b.add(diag.ECSServiceDiscovery, sv.ServiceRegistries.Pos, "Cloud Map service discovery becomes the cluster DNS name %s.<namespace>.svc.cluster.local; clients using the Cloud Map name must change", app.Name)
	}
	if sv.ServiceConnectConfiguration.Set {
		b.add(diag.ECSServiceDiscovery, sv.ServiceConnectConfiguration.Pos, "Service Connect becomes the cluster DNS name %s.<namespace>.svc.cluster.local; client aliases and its proxy's retries and timeouts are not carried over", app.Name)
	}
	if sv.VpcLatticeConfigurations.Set {
		b.add(diag.ECSServiceDiscovery, sv.VpcLatticeConfigurations.Pos, "VPC Lattice target groups are not carried over; register the Service with the AWS Gateway API Controller for Lattice")
	}
	if nc := sv.NetworkConfiguration; nc != nil {
		b.add(diag.ECSNetworkConfiguration, nc.Pos, "subnets and security groups of service %s are network settings of the cluster: reproduce the security groups with NetworkPolicies or security groups for pods", s.app.Name)
	}
	if known(sv.LaunchType) || len(sv.CapacityProviderStrategy) > 0 {
		pos := sv.LaunchType.Pos
		what := "launch type " + sv.LaunchType.V
		if len(sv.CapacityProviderStrategy) > 0 {
			pos = sv.CapacityProviderStrategy[0].Pos
			var ps []string
			for _, c := range sv.CapacityProviderStrategy {
				ps = append(ps, fmt.Sprintf("%s (base %d, weight %d)", c.CapacityProvider.V, c.Base.V, c.Weight.V))
			}
			what = "capacity providers " + strings.Join(ps, ", ")
			b.addSev(diag.ECSCapacityProvider, diag.Warning, pos, "%s: base and weight splits have no Deployment equivalent; select nodes by capacity type (eks.amazonaws.com/capacityType, karpenter.sh/capacity-type) or use two Deployments", what)
		} else {
			b.add(diag.ECSCapacityProvider, pos, "%s becomes node selection in the cluster (a node group, a Karpenter pool or an EKS Fargate profile)", what)
		}
	}
	if len(sv.PlacementConstraints) > 0 {
		b.placementConstraints(sv.PlacementConstraints, "service")
	}
	if len(sv.PlacementStrategy) > 0 {
		b.placementStrategy(sv.PlacementStrategy)
	}
	if sv.EnableExecuteCommand.V {
		b.add(diag.ECSExecuteCommand, sv.EnableExecuteCommand.Pos, "ECS Exec becomes kubectl exec; grant pods/exec in RBAC instead of the ssmmessages permissions")
	}
	if dc := sv.DeploymentController; dc != nil && known(dc.Type) && dc.Type.V != "ECS" {
		b.add(diag.ECSDeploymentController, dc.Pos, "deployment controller %s is not carried over; the Deployment rolls pods in place (Argo Rollouts offers blue/green)", dc.Type.V)
	}
	if d := sv.DeploymentConfiguration; d != nil {
		if known(d.Strategy) && d.Strategy.V != "ROLLING" {
			b.add(diag.ECSDeploymentController, d.Strategy.Pos, "ECS %s deployments (test traffic, bake time, lifecycle hooks) are not carried over; the Deployment rolls pods in place (Argo Rollouts offers blue/green and canary)", d.Strategy.V)
		}
		if cb := d.DeploymentCircuitBreaker; cb != nil && cb.Enable.V {
			t.circuitBreaker(b, cb)
		}
		if al := d.Alarms; al != nil && al.Enable.V {
			t.alarmsRollback(b, al)
		}
	}
	if cb := sv.DeploymentCircuitBreakerTF; cb != nil && cb.Enable.V {
		t.circuitBreaker(b, cb)
	}
	if al := sv.AlarmsTF; al != nil && al.Enable.V {
		t.alarmsRollback(b, al)
	}
	if sv.VolumeConfigurations.Set {
		b.add(diag.ECSVolumeUnsupported, sv.VolumeConfigurations.Pos, "EBS volumes the service attaches at launch are not converted; use a PersistentVolumeClaim (a StatefulSet with volumeClaimTemplates for one volume per pod)")
	}
	for _, f := range []struct {
		name string
		set  bool
		pos  diag.Pos
	}{
		{"cluster", sv.Cluster.Set, sv.Cluster.Pos}, {"role", sv.Role.Set, sv.Role.Pos},
		{"platformVersion", sv.PlatformVersion.Set, sv.PlatformVersion.Pos}, {"tags", sv.Tags.Set, sv.Tags.Pos},
		{"propagateTags", sv.PropagateTags.Set, sv.PropagateTags.Pos},
		{"enableECSManagedTags", sv.EnableECSManagedTags.Set, sv.EnableECSManagedTags.Pos},
		{"availabilityZoneRebalancing", sv.AvailabilityZoneRebalancing.Set, sv.AvailabilityZoneRebalancing.Pos},
		{"forceNewDeployment", sv.ForceNewDeployment.Set, sv.ForceNewDeployment.Pos},
	} {
		if f.set {
			b.notCarried = append(b.notCarried, notCarried{f.name, f.pos})
		}
	}
	b.finishPod()
}

func (t *translator) circuitBreaker(b *builder, cb *pe.CircuitBreaker) {
	what := "marked the deployment failed"
	if cb.Rollback.V {
		what = "rolled the deployment back"
	}
	b.add(diag.ECSCircuitBreaker, cb.Pos, "the deployment circuit breaker %s when tasks kept failing; a Deployment only reports Progressing=False after progressDeadlineSeconds and rolls back nothing by itself", what)
}

func (t *translator) alarmsRollback(b *builder, al *pe.DeploymentAlarms) {
	var names []string
	for _, n := range al.AlarmNames {
		names = append(names, n.V)
	}
	b.add(diag.ECSCircuitBreaker, al.Pos, "deployments were watched by CloudWatch alarms (%s); nothing watches a Deployment's rollout (Argo Rollouts analysis or Flagger can)", strings.Join(names, ", "))
}

// loadBalancer checks a load balancer target and reports the Service port
// and readiness it becomes.
func (t *translator) loadBalancer(s *service, b *builder, lb *pe.LoadBalancer) {
	if !known(lb.ContainerName) {
		return
	}
	c := b.byName[lb.ContainerName.V]
	guess := ""
	if s.guessed {
		guess = fmt.Sprintf(" (the service names no task definition; %s is the only one among the inputs)", orDefault(s.task.td.Family.V, "the task definition"))
	}
	if c == nil {
		b.addSev(diag.ECSLoadBalancer, diag.Error, lb.ContainerName.Pos, "the load balancer of service %s targets container %q, which task definition %s does not define%s; the target is not converted", s.app.Name, lb.ContainerName.V, orDefault(s.task.td.Family.V, "(unnamed)"), guess)
		return
	}
	port := int32(lb.ContainerPort.V)
	found := false
	for _, pm := range c.PortMappings {
		if pm.ContainerPort.Set && int32(pm.ContainerPort.V) == port {
			found = true
		}
	}
	if !found && lb.ContainerPort.Set {
		b.addSev(diag.ECSLoadBalancer, diag.Error, lb.ContainerPort.Pos, "the load balancer of service %s targets port %d of container %s, which has no such port mapping%s; the target is not converted", s.app.Name, port, lb.ContainerName.V, guess)
		return
	}
	tg := "target group " + lb.TargetGroupArn.V
	switch {
	case lb.LoadBalancerName.Set:
		tg = "classic load balancer " + lb.LoadBalancerName.V
	case len(lb.TargetGroupArn.Refs) > 0:
		tg = "target group " + strings.Join(lb.TargetGroupArn.Refs, ", ")
	case !known(lb.TargetGroupArn):
		tg = "its target group"
	}
	var svcPort int32 = port
	for _, p := range s.app.Ports {
		if p.TargetPort == port {
			svcPort = p.Port
		}
	}
	bind := "or bind the target group with a TargetGroupBinding (target type ip)"
	if lb.LoadBalancerName.Set {
		bind = "or a Service of type LoadBalancer"
	}
	b.add(diag.ECSLoadBalancer, lb.Pos, "%s forwarded to port %d of container %s: Service %s port %d targets it; route external traffic with an Ingress or Gateway, %s", tg, port, lb.ContainerName.V, s.app.Name, svcPort, bind)
	if !t.readiness(s, b, lb) {
		if ic := b.irContainer(lb.ContainerName.V); ic != nil && ic.Readiness == nil {
			b.addSev(diag.ECSReadiness, diag.Warning, lb.Pos, "the load balancer's health check is not among the inputs, so container %s has no readinessProbe: add one mirroring it, or pods receive traffic as soon as they start", lb.ContainerName.V)
		}
	}
}

// readiness derives a readiness probe from the target group's health check.
func (t *translator) readiness(s *service, b *builder, lb *pe.LoadBalancer) bool {
	var g *pe.TargetGroup
	for _, x := range t.tgs {
		if refersTo(lb.TargetGroupArn.Refs, s.scope, x.scope, x.v.ID) {
			g = x.v
		}
	}
	if g == nil {
		return false
	}
	ic := b.irContainer(lb.ContainerName.V)
	if ic == nil || ic.Readiness != nil {
		return ic != nil
	}
	path, port, proto := g.HealthCheckPath.V, g.HealthCheckPort.V, g.HealthCheckProtocol.V
	interval, timeout, healthy, unhealthy := g.HealthCheckIntervalSeconds, g.HealthCheckTimeoutSeconds, g.HealthyThresholdCount, g.UnhealthyThresholdCount
	enabled := !g.HealthCheckEnabled.Set || g.HealthCheckEnabled.V
	pos := g.Pos
	if h := g.HealthCheckTF; h != nil {
		path, port, proto = h.Path.V, h.Port.V, h.Protocol.V
		interval, timeout, healthy, unhealthy = h.Interval, h.Timeout, h.HealthyThreshold, h.UnhealthyThreshold
		enabled = !h.Enabled.Set || h.Enabled.V
		pos = h.Pos
	}
	if !enabled {
		return true
	}
	if proto == "" {
		proto = g.Protocol.V
	}
	if proto == "" {
		proto = "HTTP"
	}
	p := &ir.Probe{PeriodSeconds: 30, TimeoutSeconds: 5, SuccessThreshold: 5, FailureThreshold: 2, Origin: origin(pos, "health check of target group "+g.ID)}
	cport := int32(lb.ContainerPort.V)
	if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65536 {
		cport = int32(n)
	}
	switch strings.ToUpper(proto) {
	case "HTTP", "HTTPS":
		if path == "" {
			path = "/"
		}
		p.HTTPPath, p.Port, p.HTTPS = path, cport, strings.ToUpper(proto) == "HTTPS"
	default:
		p.TCPPort = cport
		p.TimeoutSeconds = 10
	}
	if interval.Set && interval.V > 0 {
		p.PeriodSeconds = int32(interval.V)
	}
	if timeout.Set && timeout.V > 0 {
		p.TimeoutSeconds = int32(timeout.V)
	}
	if healthy.Set && healthy.V > 0 {
		p.SuccessThreshold = int32(healthy.V)
	}
	if unhealthy.Set && unhealthy.V > 0 {
		p.FailureThreshold = int32(unhealthy.V)
	}
	ic.Readiness = p
	what := fmt.Sprintf("HTTP GET %s on port %d", p.HTTPPath, cport)
	if p.TCPPort != 0 {
		what = fmt.Sprintf("a TCP connection to port %d", cport)
	}
	b.add(diag.ECSReadiness, pos, "the health check of target group %s becomes the readinessProbe of container %s (%s, every %ds, %d successes, %d failures); an HTTP probe accepts 200-399, the target group its matcher", g.ID, ic.Name, what, p.PeriodSeconds, p.SuccessThreshold, p.FailureThreshold)
	return true
}

// gracePeriod makes the startup probe budget cover
// healthCheckGracePeriodSeconds.
func (t *translator) gracePeriod(s *service, b *builder) {
	g := s.s.HealthCheckGracePeriodSeconds
	if !g.Set || g.V <= 0 {
		return
	}
	ic := b.irContainer(b.main)
	if ic == nil || ic.Liveness == nil {
		b.add(diag.ECSGracePeriod, g.Pos, "healthCheckGracePeriodSeconds %d needs nothing here: no liveness probe can restart container %s while it starts, and readiness gates traffic from the start", g.V, orDefault(b.rename[b.main], b.main))
		return
	}
	period := max(ic.Liveness.PeriodSeconds, 1)
	need := int32((g.V+int64(period)-1)/int64(period)) + ic.Liveness.FailureThreshold
	if ic.Startup == nil {
		st := *ic.Liveness
		st.FailureThreshold = need
		ic.Startup = &st
	} else if ic.Startup.PeriodSeconds*ic.Startup.FailureThreshold < int32(g.V) {
		ic.Startup.FailureThreshold = int32((g.V+int64(ic.Startup.PeriodSeconds)-1)/int64(max(ic.Startup.PeriodSeconds, 1))) + ic.Liveness.FailureThreshold
	}
	b.add(diag.ECSGracePeriod, g.Pos, "healthCheckGracePeriodSeconds %d: the startup probe of container %s allows %ds before the liveness probe takes over", g.V, ic.Name, ic.Startup.PeriodSeconds*ic.Startup.FailureThreshold)
}

// rollout maps the deployment configuration to a rolling update.
func (t *translator) rollout(s *service, app *ir.App) {
	sv := s.s
	maxP, minP := int64(200), int64(100)
	if known(sv.SchedulingStrategy) && sv.SchedulingStrategy.V == "DAEMON" {
		maxP, minP = 100, 0
	}
	pos := sv.Pos
	if d := sv.DeploymentConfiguration; d != nil {
		pos = d.Pos
		if d.MaximumPercent.Set {
			maxP = d.MaximumPercent.V
		}
		if d.MinimumHealthyPercent.Set {
			minP = d.MinimumHealthyPercent.V
		}
	}
	if sv.DeploymentMaximumPercent.Set {
		maxP, pos = sv.DeploymentMaximumPercent.V, sv.DeploymentMaximumPercent.Pos
	}
	if sv.DeploymentMinimumHealthy.Set {
		minP, pos = sv.DeploymentMinimumHealthy.V, sv.DeploymentMinimumHealthy.Pos
	}
	ro := &ir.Rollout{}
	ro.Origin = origin(pos, "deploymentConfiguration of service "+s.app.Name)
	app.Rollout = ro
	if maxP <= 100 && minP <= 0 {
		ro.Recreate = true
		b := fmt.Sprintf("maximumPercent %d with minimumHealthyPercent %d stops every task before starting new ones: strategy Recreate", maxP, minP)
		t.rep.Add(diag.ECSRollout, pos, "%s", b)
		return
	}
	surge := max(maxP-100, 0)
	unavail := min(max(100-minP, 0), 100)
	ro.MaxUnavailable = strconv.FormatInt(unavail, 10) + "%"
	how := ""
	if app.Autoscaling == nil && app.Replicas != nil && *app.Replicas > 0 {
		d := int64(*app.Replicas)
		abs := d*maxP/100 - d
		ro.MaxSurge = strconv.FormatInt(max(abs, 0), 10)
		pods := "pods"
		if ro.MaxSurge == "1" {
			pods = "pod"
		}
		how = fmt.Sprintf("maxSurge %s %s (ECS rounds %d%% of %d tasks down; a percentage would round up)", ro.MaxSurge, pods, maxP, d)
	} else {
		ro.MaxSurge = strconv.FormatInt(surge, 10) + "%"
		how = "maxSurge " + ro.MaxSurge
		if app.Autoscaling != nil {
			how += " (a percentage, since the replica count changes; Kubernetes rounds it up where ECS rounded down)"
		}
	}
	if (ro.MaxSurge == "0" || ro.MaxSurge == "0%") && unavail == 0 {
		ro.MaxSurge = "1"
		t.rep.Add(diag.ECSRolloutStuck, pos, "maximumPercent %d and minimumHealthyPercent %d leave no room to replace a task; the rollout allows one extra pod (maxSurge 1)", maxP, minP)
		return
	}
	t.rep.Add(diag.ECSRollout, pos, "maximumPercent %d and minimumHealthyPercent %d become a rolling update with %s and maxUnavailable %s", maxP, minP, how, ro.MaxUnavailable)
}
