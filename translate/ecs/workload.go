package ecs

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// role is what a container becomes in the pod.
type role uint8

const (
	roleRegular role = iota
	// roleSidecar: others wait for it to start (START/HEALTHY): a native
	// sidecar, started before the regular containers.
	roleSidecar
	// roleInit: others wait for it to exit 0 (SUCCESS).
	roleInit
	// roleInitComplete: others wait for it to exit, whatever the code (COMPLETE).
	roleInitComplete
)

// builder turns one task definition into the workload of one app.
type builder struct {
	t   *translator
	rep *diag.Reporter
	tk  *task
	td  *pe.TaskDefinition
	app *ir.App
	svc *service
	w   *ir.Workload

	netMode string
	fargate bool
	windows bool

	ctrNames    ir.Namer
	rename      map[string]string // ECS container name -> Kubernetes name
	byName      map[string]*pe.ContainerDefinition
	order       []*pe.ContainerDefinition
	main        string // ECS name of the main container
	roles       map[string]role
	healthy     map[string]bool // containers others wait for with HEALTHY
	ctrs        map[string]*ir.Container
	volNames    ir.Namer
	volRename   map[string]string
	ownMounts   map[string][]ir.Mount
	portNames   ir.Namer
	podPorts    map[string]string   // "8080/TCP" -> ECS container name
	appPorts    map[string]*ir.Port // "8080/TCP" (service port) -> port
	appPortOf   map[string]string   // service port key -> ECS container name
	annKeys     map[string]string   // annotation key -> value
	annSeen     bool
	sysctls     map[string]string
	hosts       map[string][]string
	notCarried  []notCarried
	secrets     *secretSet
	explicitCPU map[string]bool
}

type notCarried struct {
	name string
	pos  diag.Pos
}

func newBuilder(t *translator, tk *task, app *ir.App, s *service) *builder {
	return &builder{t: t, rep: t.rep, tk: tk, td: tk.td, app: app, svc: s,
		rename: map[string]string{}, byName: map[string]*pe.ContainerDefinition{}, roles: map[string]role{},
		healthy: map[string]bool{}, ctrs: map[string]*ir.Container{}, volRename: map[string]string{},
		ownMounts: map[string][]ir.Mount{}, podPorts: map[string]string{}, appPorts: map[string]*ir.Port{},
		appPortOf: map[string]string{}, annKeys: map[string]string{}, sysctls: map[string]string{},
		hosts: map[string][]string{}, explicitCPU: map[string]bool{}}
}

func (b *builder) add(code diag.Code, pos diag.Pos, format string, args ...any) {
	b.rep.Add(code, pos, format, args...)
}

// addSev reports with a severity other than the code's default.
func (b *builder) addSev(code diag.Code, sev diag.Severity, pos diag.Pos, format string, args ...any) {
	d := diag.New(code, pos, format, args...)
	d.Severity = sev
	b.rep.Report(d)
}

func (b *builder) build() {
	td := b.td
	b.w = &ir.Workload{Origin: origin(td.Pos, b.app.Origin.Construct)}
	b.app.Workload = b.w
	b.secrets = newSecretSet(b)
	b.platform()
	b.names()
	b.volumes()
	b.dependencies()
	for _, c := range b.order {
		b.container(c)
	}
	for _, c := range b.order {
		b.volumesFrom(c)
	}
	b.taskLevel()
	b.resources()
	b.assemble()
	b.secrets.finish()
}

// irContainer returns the emitted container (regular or init) of an ECS
// container, or nil.
func (b *builder) irContainer(ecsName string) *ir.Container {
	n, ok := b.rename[ecsName]
	if !ok {
		return nil
	}
	for i := range b.w.Containers {
		if b.w.Containers[i].Name == n {
			return &b.w.Containers[i]
		}
	}
	for i := range b.w.InitContainers {
		if b.w.InitContainers[i].Name == n {
			return &b.w.InitContainers[i]
		}
	}
	return nil
}

// platform reads the network mode, launch type and operating system.
func (b *builder) platform() {
	td := b.td
	for _, c := range td.RequiresCompatibilities {
		if c.V == "FARGATE" && len(td.RequiresCompatibilities) == 1 {
			b.fargate = true
		}
	}
	if b.svc != nil && known(b.svc.s.LaunchType) && b.svc.s.LaunchType.V == "FARGATE" {
		b.fargate = true
	}
	switch {
	case known(td.NetworkMode):
		b.netMode = td.NetworkMode.V
	case td.Bare || b.fargate:
		b.netMode = "awsvpc"
	default:
		b.netMode = "bridge" // the EC2 default on Linux
	}
	if rp := td.RuntimePlatform; rp != nil && known(rp.OperatingSystemFamily) && strings.HasPrefix(rp.OperatingSystemFamily.V, "WINDOWS") {
		b.windows = true
	}
}

// names gives every container a DNS-1123 name, keeping a rename map so
// that dependsOn, volumesFrom, links and load balancers still resolve,
// and picks the main container.
func (b *builder) names() {
	for _, c := range b.td.ContainerDefinitions {
		if !c.Name.Set {
			continue
		}
		b.order = append(b.order, c)
		b.byName[c.Name.V] = c
		n := b.ctrNames.Name(c.Name.V, c.Name.V)
		b.rename[c.Name.V] = n
		if n != c.Name.V {
			b.add(diag.NameSanitized, c.Name.Pos, "container %q is named %s in Kubernetes", c.Name.V, n)
		}
	}
	// The main container: behind the load balancer, else the first
	// essential one with ports, else the first essential one.
	if b.svc != nil {
		for _, lb := range b.svc.s.LoadBalancers {
			if known(lb.ContainerName) && b.byName[lb.ContainerName.V] != nil {
				b.main = lb.ContainerName.V
				return
			}
		}
	}
	for _, c := range b.order {
		if (!c.Essential.Set || c.Essential.V) && len(c.PortMappings) > 0 {
			b.main = c.Name.V
			return
		}
	}
	for _, c := range b.order {
		if !c.Essential.Set || c.Essential.V {
			b.main = c.Name.V
			return
		}
	}
	if len(b.order) > 0 {
		b.main = b.order[0].Name.V
	}
}

// dependencies turns dependsOn into init containers and native sidecars.
func (b *builder) dependencies() {
	for _, c := range b.order {
		for _, d := range c.DependsOn {
			if !known(d.ContainerName) || !known(d.Condition) {
				continue
			}
			target := d.ContainerName.V
			if b.byName[target] == nil {
				b.add(diag.ECSDependsOnMissing, d.ContainerName.Pos, "container %s waits for container %q, which is not among the inputs; it starts without waiting", c.Name.V, target)
				continue
			}
			var r role
			switch d.Condition.V {
			case "START":
				r = roleSidecar
			case "HEALTHY":
				r = roleSidecar
				if b.byName[target].HealthCheck == nil {
					b.addSev(diag.ECSDependsOn, diag.Warning, d.Condition.Pos, "container %s waits for container %s to be HEALTHY, but %s has no healthCheck (ECS would never start %s); it waits only for %s to start", c.Name.V, target, target, c.Name.V, target)
				} else {
					b.healthy[target] = true
				}
			case "SUCCESS":
				r = roleInit
			case "COMPLETE":
				r = roleInitComplete
			default:
				continue
			}
			// A container run to completion for one and started for
			// another runs to completion: that also satisfies START.
			if cur := b.roles[target]; r > cur {
				b.roles[target] = r
			}
		}
	}
	for _, c := range b.order {
		r := b.roles[c.Name.V]
		n := c.Name.V
		switch r {
		case roleSidecar:
			what := "start"
			if b.healthy[n] {
				what = "pass its health check (startupProbe)"
			}
			b.add(diag.ECSDependsOn, c.Name.Pos, "other containers wait for %s to %s: it becomes a native sidecar (an init container with restartPolicy Always)", n, what)
		case roleInit:
			b.add(diag.ECSDependsOn, c.Name.Pos, "other containers wait for %s to exit successfully: it becomes an init container", n)
		case roleInitComplete:
			b.add(diag.ECSDependsOn, c.Name.Pos, "other containers wait for %s to exit (COMPLETE, any exit code): it becomes an init container whose command ignores failure", n)
		}
		if r == roleInit || r == roleInitComplete {
			if !c.Essential.Set || c.Essential.V {
				b.addSev(diag.ECSEssential, diag.Warning, c.Name.Pos, "container %s is essential, so ECS stopped the task when it exited, yet others waited for it to exit; it becomes an init container", n)
			}
		}
	}
}

// container translates one container definition.
func (b *builder) container(c *pe.ContainerDefinition) {
	n := c.Name.V
	ic := &ir.Container{Name: b.rename[n], Image: c.Image.V, Origin: origin(c.Pos, "container "+n)}
	b.ctrs[n] = ic
	if c.Image.Set && len(c.Image.Unresolved) == 0 && isTemplated(c.Image.V) {
		b.add(diag.ECSTemplatePlaceholder, c.Image.Pos, "image of container %s holds a template placeholder (%s); render the file with its tool first", n, c.Image.V)
	}
	for _, s := range c.EntryPoint {
		ic.Command = append(ic.Command, b.escape(s, "entryPoint of container "+n))
	}
	for _, s := range c.Command {
		ic.Args = append(ic.Args, b.escape(s, "command of container "+n))
	}
	if c.WorkingDirectory.Set {
		ic.WorkingDir = c.WorkingDirectory.V
	}
	ic.Stdin = c.Interactive.V
	ic.TTY = c.PseudoTerminal.V
	for _, e := range c.Environment {
		b.env(ic, c, e)
	}
	for _, s := range c.Secrets {
		b.secrets.secret(ic, c, s)
	}
	for _, ef := range c.EnvironmentFiles {
		b.add(diag.ECSEnvironmentFile, ef.Pos, "container %s reads environment file %s from S3; its variables are missing: create a ConfigMap from it and add it with envFrom", n, ef.Value.V)
	}
	b.ports(ic, c)
	b.containerResources(ic, c)
	b.health(ic, c)
	b.mounts(ic, c)
	b.security(ic, c)
	b.logging(c)
	b.podSettings(c)
	b.otherSettings(ic, c)
}

// escapeExpansion protects a literal from Kubernetes' $(VAR) expansion in
// command, args and env values: every '$' followed by '(' or '$' is doubled,
// since Kubernetes turns "$$" into "$". ECS expands nothing.
func escapeExpansion(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '$') {
			sb.WriteString("$$")
			continue
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

func (b *builder) env(ic *ir.Container, c *pe.ContainerDefinition, e *pe.KeyValuePair) {
	if !e.Name.Set {
		return
	}
	o := origin(e.Pos, "environment "+e.Name.V+" of container "+c.Name.V)
	if why := credentialReason(e.Name.V, e.Value.V, e.Value.Set && len(e.Value.Unresolved) == 0); why != "" {
		ref := b.secrets.envCredential(c, e, why)
		ic.Env = append(ic.Env, ir.EnvVar{Name: e.Name.V, Secret: ref, Origin: o})
		return
	}
	if len(e.Value.Unresolved) > 0 {
		b.add(diag.ECSUnresolved, e.Value.Pos, "environment %s of container %s depends on %s, which only AWS or Terraform can evaluate; left as the placeholder %s", e.Name.V, c.Name.V, strings.Join(e.Value.Unresolved, ", "), e.Value.V)
	}
	ic.Env = append(ic.Env, ir.EnvVar{Name: e.Name.V, Value: b.escape(e.Value, "environment "+e.Name.V+" of container "+c.Name.V), Origin: o})
}

// escape escapes a value against $(VAR) expansion, saying so when it
// changes it.
func (b *builder) escape(s pe.Str, what string) string {
	out := escapeExpansion(s.V)
	if out != s.V {
		b.add(diag.ECSExpansionEscaped, s.Pos, "%s holds $( or $$, written as $$( and $$$$ so that Kubernetes passes it on unexpanded as ECS did", what)
	}
	return out
}

// ports records the container's ports and the Service ports they make.
func (b *builder) ports(ic *ir.Container, c *pe.ContainerDefinition) {
	n := c.Name.V
	for _, pm := range c.PortMappings {
		if pm.ContainerPortRange.Set {
			b.add(diag.ECSPortRange, pm.ContainerPortRange.Pos, "container %s maps the port range %s; Kubernetes ports are single ports, so the range is not exposed", n, pm.ContainerPortRange.V)
			continue
		}
		if !pm.ContainerPort.Set || pm.ContainerPort.V < 1 || pm.ContainerPort.V > 65535 {
			continue
		}
		cp := int32(pm.ContainerPort.V)
		proto := "TCP"
		if known(pm.Protocol) && pm.Protocol.V == "udp" {
			proto = "UDP"
		}
		key := fmt.Sprintf("%d/%s", cp, proto)
		first := true
		if other, dup := b.podPorts[key]; dup {
			if other != n {
				b.add(diag.ECSPortCollision, pm.ContainerPort.Pos, "containers %s and %s both listen on %s; in a pod they share one network namespace, so %s cannot bind it", other, n, key, n)
				continue
			}
			first = false
		}
		b.podPorts[key] = n
		pname := ""
		if known(pm.Name) && pm.Name.V != "" && first {
			want := ianaName(pm.Name.V)
			pname = b.portNames.Name(pm.Name.V, want)
			if len(pname) > 15 || !validIANA(pname) {
				pname = b.portNames.Name(pm.Name.V+"#", ianaName(proto+strconv.Itoa(int(cp))))
			}
			if pname != pm.Name.V {
				b.add(diag.NameSanitized, pm.Name.Pos, "port name %q is %s in Kubernetes (port names are at most 15 lowercase letters, digits and '-')", pm.Name.V, pname)
			}
		}
		ap := ""
		if known(pm.AppProtocol) {
			switch pm.AppProtocol.V {
			case "http":
				ap = "http"
			case "http2", "grpc":
				ap = "kubernetes.io/h2c"
			}
		}
		o := origin(pm.Pos, "portMappings of container "+n)
		if first {
			ic.Ports = append(ic.Ports, ir.Port{Name: pname, Port: cp, Protocol: proto, AppProtocol: ap, Origin: o})
		}
		svcPort := cp
		if pm.HostPort.Set && pm.HostPort.V != 0 && int32(pm.HostPort.V) != cp {
			hp := int32(pm.HostPort.V)
			switch b.netMode {
			case "awsvpc":
				b.addSev(diag.ECSHostPort, diag.Warning, pm.HostPort.Pos, "container %s maps hostPort %d to containerPort %d, which awsvpc networking does not allow (ECS requires them equal); the Service listens on %d and forwards to %d", n, hp, cp, hp, cp)
				svcPort = hp
			case "host":
				b.addSev(diag.ECSHostPort, diag.Warning, pm.HostPort.Pos, "container %s maps hostPort %d to containerPort %d, which host networking does not allow; the process listens on %d", n, hp, cp, cp)
			default:
				b.add(diag.ECSHostPort, pm.HostPort.Pos, "container %s published containerPort %d on the instance's port %d; the Service listens on %d and forwards to %d, and no hostPort is set on the pod", n, cp, hp, hp, cp)
				svcPort = hp
			}
		}
		skey := fmt.Sprintf("%d/%s", svcPort, proto)
		if _, dup := b.appPorts[skey]; dup {
			continue
		}
		p := &ir.Port{Name: pname, Port: svcPort, Protocol: proto, AppProtocol: ap, Origin: o}
		if svcPort != cp {
			p.TargetPort = cp
		}
		b.appPorts[skey] = p
		b.appPortOf[skey] = n
	}
}

// ianaName makes s a Kubernetes port name: lowercase letters, digits and
// single '-', at most 15 characters, with at least one letter.
func ianaName(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			sb.WriteRune(r)
			dash = false
		default:
			if !dash && sb.Len() > 0 {
				sb.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(sb.String(), "-")
	if len(out) > 15 {
		out = strings.TrimRight(out[:15], "-")
	}
	if !strings.ContainsAny(out, "abcdefghijklmnopqrstuvwxyz") {
		out = "p" + out
		if len(out) > 15 {
			out = out[:15]
		}
	}
	return out
}

func validIANA(s string) bool {
	if s == "" || len(s) > 15 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	letter := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			letter = true
		case r >= '0' && r <= '9', r == '-':
		default:
			return false
		}
	}
	return letter
}

// containerResources maps cpu units and memory (MiB).
func (b *builder) containerResources(ic *ir.Container, c *pe.ContainerDefinition) {
	r := &ic.Resources
	if c.Cpu.Set && c.Cpu.V > 1 {
		r.CPURequestMilli = cpuMilli(c.Cpu.V)
		b.explicitCPU[c.Name.V] = true
		if b.windows {
			r.CPULimitMilli = r.CPURequestMilli
		}
	}
	switch {
	case c.Memory.Set && c.MemoryReservation.Set:
		if c.MemoryReservation.V > c.Memory.V {
			b.add(diag.ECSMemoryReservation, c.MemoryReservation.Pos, "container %s reserves %d MiB but is limited to %d MiB; requests and limits are both %d Mi", c.Name.V, c.MemoryReservation.V, c.Memory.V, c.Memory.V)
			r.MemoryRequestMi, r.MemoryLimitMi = c.Memory.V, c.Memory.V
		} else {
			r.MemoryRequestMi, r.MemoryLimitMi = c.MemoryReservation.V, c.Memory.V
		}
	case c.Memory.Set:
		r.MemoryRequestMi, r.MemoryLimitMi = c.Memory.V, c.Memory.V
	case c.MemoryReservation.Set:
		// Soft limit only: the container may burst to all of the
		// instance's memory, so there is no limit (Burstable).
		r.MemoryRequestMi = c.MemoryReservation.V
	}
	for _, rr := range c.ResourceRequirements {
		if !known(rr.Type) {
			continue
		}
		switch rr.Type.V {
		case "GPU":
			n, err := strconv.ParseInt(strings.TrimSpace(rr.Value.V), 10, 64)
			if err != nil || n < 1 {
				b.add(diag.ECSInvalidValue, rr.Value.Pos, "GPU count of container %s is not a positive whole number", c.Name.V)
				continue
			}
			r.GPUs = n
			b.add(diag.ECSGPU, rr.Pos, "container %s reserves %d GPU(s): limits nvidia.com/gpu: %d (needs the NVIDIA device plugin on GPU nodes)", c.Name.V, n, n)
		case "InferenceAccelerator":
			b.add(diag.ECSUnsupported, rr.Pos, "container %s uses Elastic Inference accelerator %s, which AWS retired and Kubernetes cannot attach; move inference to a GPU or Inferentia node", c.Name.V, rr.Value.V)
		}
	}
}

// cpuMilli converts ECS cpu units (1024 per vCPU) to millicores, rounded.
func cpuMilli(units int64) int64 { return (units*1000 + 512) / 1024 }

// probeCommand turns an ECS health check command into an exec probe.
func probeCommand(cmd []pe.Str) []string {
	if len(cmd) == 0 {
		return nil
	}
	var rest []string
	for _, s := range cmd[1:] {
		rest = append(rest, s.V)
	}
	switch cmd[0].V {
	case "CMD":
		return rest
	case "CMD-SHELL":
		return []string{"/bin/sh", "-c", strings.Join(rest, " ")}
	}
	out := []string{cmd[0].V}
	return append(out, rest...)
}

func (b *builder) health(ic *ir.Container, c *pe.ContainerDefinition) {
	hc := c.HealthCheck
	if hc == nil || len(hc.Command) == 0 {
		return
	}
	if r := b.roles[c.Name.V]; r == roleInit || r == roleInitComplete {
		b.addSev(diag.ECSHealthCheck, diag.Warning, hc.Pos, "container %s runs to completion as an init container, which cannot have probes; its healthCheck is not carried over", c.Name.V)
		return
	}
	exec := probeCommand(hc.Command)
	if len(exec) == 0 {
		return
	}
	interval, timeout, retries := int32(30), int32(5), int32(3)
	if hc.Interval.Set {
		interval = int32(hc.Interval.V)
	}
	if hc.Timeout.Set {
		timeout = int32(hc.Timeout.V)
	}
	if hc.Retries.Set {
		retries = int32(hc.Retries.V)
	}
	interval, timeout, retries = max(interval, 1), max(timeout, 1), max(retries, 1)
	o := origin(hc.Pos, "healthCheck of container "+c.Name.V)
	ic.Liveness = &ir.Probe{Exec: exec, PeriodSeconds: interval, TimeoutSeconds: timeout, FailureThreshold: retries, Origin: o}
	var sp int32
	if hc.StartPeriod.Set {
		sp = int32(hc.StartPeriod.V)
	}
	msg := "a liveness probe (period %ds, timeout %ds, %d failures)"
	args := []any{interval, timeout, retries}
	if sp > 0 || b.healthy[c.Name.V] {
		ft := (sp+interval-1)/interval + retries
		ic.Startup = &ir.Probe{Exec: exec, PeriodSeconds: interval, TimeoutSeconds: timeout, FailureThreshold: ft, Origin: o}
		msg += " and a startup probe allowing %ds before the liveness probe starts"
		args = append(args, ft*interval)
	}
	b.add(diag.ECSHealthCheck, hc.Pos, "the healthCheck of container %s becomes "+msg+"; a failing liveness probe restarts the container, where ECS replaced the whole task", append([]any{c.Name.V}, args...)...)
}

// mounts maps mountPoints, sharedMemorySize and tmpfs.
func (b *builder) mounts(ic *ir.Container, c *pe.ContainerDefinition) {
	n := c.Name.V
	for _, mp := range c.MountPoints {
		if !known(mp.SourceVolume) || !mp.ContainerPath.Set {
			continue
		}
		vol, ok := b.volRename[mp.SourceVolume.V]
		if !ok {
			// Bare container definitions: the task's volumes are unknown.
			vol = b.volNames.Name("volume:"+mp.SourceVolume.V, mp.SourceVolume.V)
			b.volRename[mp.SourceVolume.V] = vol
			b.w.Volumes = append(b.w.Volumes, ir.Volume{Name: vol, Kind: "emptyDir", Origin: origin(mp.Pos, "volume "+mp.SourceVolume.V)})
			b.add(diag.ECSDependsOnMissing, mp.SourceVolume.Pos, "container %s mounts volume %q, which is defined in a task definition that is not among the inputs; an emptyDir stands in for it", n, mp.SourceVolume.V)
		}
		m := ir.Mount{Volume: vol, Path: mp.ContainerPath.V, ReadOnly: mp.ReadOnly.V}
		b.ownMounts[n] = append(b.ownMounts[n], m)
		ic.Mounts = append(ic.Mounts, m)
	}
	lp := c.LinuxParameters
	if lp == nil {
		return
	}
	if lp.SharedMemorySize.Set && lp.SharedMemorySize.V > 0 {
		vol := b.volNames.Name("shm:"+n, b.rename[n]+"-shm")
		b.w.Volumes = append(b.w.Volumes, ir.Volume{Name: vol, Kind: "emptyDir", Medium: "Memory", SizeLimitMi: lp.SharedMemorySize.V, Origin: origin(lp.SharedMemorySize.Pos, "sharedMemorySize of container "+n)})
		ic.Mounts = append(ic.Mounts, ir.Mount{Volume: vol, Path: "/dev/shm"})
		b.addSev(diag.ECSLinuxParameters, diag.Info, lp.SharedMemorySize.Pos, "sharedMemorySize %d MiB of container %s becomes a memory-backed emptyDir at /dev/shm; it counts toward the container's memory limit", lp.SharedMemorySize.V, n)
	}
	for i, tf := range lp.Tmpfs {
		if !tf.ContainerPath.Set {
			continue
		}
		vol := b.volNames.Name("tmpfs:"+n+":"+strconv.Itoa(i), b.rename[n]+"-tmpfs")
		v := ir.Volume{Name: vol, Kind: "emptyDir", Medium: "Memory", Origin: origin(tf.Pos, "tmpfs of container "+n)}
		if tf.Size.Set && tf.Size.V > 0 {
			v.SizeLimitMi = tf.Size.V
		}
		b.w.Volumes = append(b.w.Volumes, v)
		ic.Mounts = append(ic.Mounts, ir.Mount{Volume: vol, Path: tf.ContainerPath.V})
		if len(tf.MountOptions) > 0 {
			var opts []string
			for _, o := range tf.MountOptions {
				opts = append(opts, o.V)
			}
			b.add(diag.ECSLinuxParameters, tf.Pos, "tmpfs %s of container %s becomes a memory-backed emptyDir; its mount options (%s) cannot be expressed", tf.ContainerPath.V, n, strings.Join(opts, ","))
		}
	}
}

// volumesFrom shares the source container's mounts.
func (b *builder) volumesFrom(c *pe.ContainerDefinition) {
	ic := b.ctrs[c.Name.V]
	for _, vf := range c.VolumesFrom {
		if !known(vf.SourceContainer) {
			continue
		}
		src := vf.SourceContainer.V
		if b.byName[src] == nil {
			b.add(diag.ECSDependsOnMissing, vf.SourceContainer.Pos, "container %s mounts the volumes of container %q, which is not among the inputs; they are not shared", c.Name.V, src)
			continue
		}
		ms := b.ownMounts[src]
		if len(ms) == 0 {
			b.add(diag.ECSVolumesFrom, vf.Pos, "container %s takes the volumes of %s, which declares no mount points: volumes of its image (Dockerfile VOLUME) cannot be shared in Kubernetes; mount a shared emptyDir in both, filled by an init container if %s ships data there", c.Name.V, src, src)
			continue
		}
		var paths []string
		for _, m := range ms {
			if vf.ReadOnly.V {
				m.ReadOnly = true
			}
			if hasMountPath(ic.Mounts, m.Path) {
				continue
			}
			ic.Mounts = append(ic.Mounts, m)
			paths = append(paths, m.Path)
		}
		b.add(diag.ECSVolumesFrom, vf.Pos, "container %s mounts the volumes of %s at the same paths (%s); volumes declared only in %s's image are not shared", c.Name.V, src, strings.Join(paths, ", "), src)
	}
}

func hasMountPath(ms []ir.Mount, p string) bool {
	for _, m := range ms {
		if m.Path == p {
			return true
		}
	}
	return false
}

// security maps user, read-only root, privileged, capabilities and Docker
// security options.
func (b *builder) security(ic *ir.Container, c *pe.ContainerDefinition) {
	n := c.Name.V
	sp := &ir.SecurityPolicy{}
	if known(c.User) && c.User.V != "" {
		u, g, ok := numericUser(c.User.V)
		if ok {
			sp.RunAsUser = &u
			if g >= 0 {
				sp.RunAsGroup = &g
			}
		} else {
			b.add(diag.ECSUserName, c.User.Pos, "container %s runs as user %q; Kubernetes takes numeric IDs only, so the image's USER applies: set runAsUser from the image's /etc/passwd", n, c.User.V)
		}
	}
	if c.ReadonlyRootFilesystem.V {
		sp.ReadOnlyRootFilesystem = true
		b.add(diag.ECSReadonlyRoot, c.ReadonlyRootFilesystem.Pos, "container %s keeps a read-only root file system; mount an emptyDir at /tmp and any other path it writes to", n)
	}
	if c.Privileged.V {
		sp.Privileged = true // the emitter says what it can do with it
	}
	if lp := c.LinuxParameters; lp != nil && lp.Capabilities != nil {
		for _, a := range lp.Capabilities.Add {
			sp.AddCapabilities = append(sp.AddCapabilities, capName(a.V))
		}
		for _, d := range lp.Capabilities.Drop {
			sp.DropCapabilities = append(sp.DropCapabilities, capName(d.V))
		}
	}
	for _, o := range c.DockerSecurityOptions {
		if !known(o) {
			continue
		}
		v := o.V
		switch {
		case v == "no-new-privileges" || v == "no-new-privileges:true":
			sp.NoNewPrivileges = true
		case strings.HasPrefix(v, "apparmor:"):
			p := strings.TrimPrefix(v, "apparmor:")
			switch p {
			case "unconfined":
				sp.AppArmorProfile = "unconfined"
			case "docker-default", "runtime/default":
				sp.AppArmorProfile = "runtime/default"
			default:
				sp.AppArmorProfile = "localhost/" + p
			}
		case strings.HasPrefix(v, "label:"):
			kv := strings.TrimPrefix(v, "label:")
			k, val, _ := strings.Cut(kv, ":")
			if sp.SELinux == nil {
				sp.SELinux = &ir.SELinuxLabel{}
			}
			switch k {
			case "user":
				sp.SELinux.User = val
			case "role":
				sp.SELinux.Role = val
			case "type":
				sp.SELinux.Type = val
			case "level":
				sp.SELinux.Level = val
			default:
				b.add(diag.ECSSecurityOptions, o.Pos, "security option %q of container %s has no securityContext equivalent", v, n)
			}
			if *sp.SELinux == (ir.SELinuxLabel{}) {
				sp.SELinux = nil
			}
		default:
			b.add(diag.ECSSecurityOptions, o.Pos, "security option %q of container %s has no securityContext equivalent", v, n)
		}
	}
	if sp.RunAsUser != nil || sp.ReadOnlyRootFilesystem || sp.Privileged || len(sp.AddCapabilities) > 0 ||
		len(sp.DropCapabilities) > 0 || sp.NoNewPrivileges || sp.AppArmorProfile != "" || sp.SELinux != nil {
		ic.Security = sp
	}
}

// numericUser reads "uid" or "uid:gid".
func numericUser(s string) (int64, int64, bool) {
	us, gs, hasG := strings.Cut(s, ":")
	u, err := strconv.ParseInt(us, 10, 64)
	if err != nil || u < 0 {
		return 0, 0, false
	}
	if !hasG {
		return u, -1, true
	}
	g, err := strconv.ParseInt(gs, 10, 64)
	if err != nil || g < 0 {
		return 0, 0, false
	}
	return u, g, true
}

func capName(s string) string { return strings.TrimPrefix(strings.ToUpper(s), "CAP_") }

// logging reports the log driver and its cluster-level replacement.
func (b *builder) logging(c *pe.ContainerDefinition) {
	n := c.Name.V
	if fc := c.FirelensConfiguration; fc != nil {
		b.add(diag.ECSFirelens, fc.Pos, "container %s is a FireLens log router (%s); it is kept as a container but receives no logs in Kubernetes: run Fluent Bit as a DaemonSet instead and delete it", n, orDefault(fc.Type.V, "fluentbit"))
	}
	lc := c.LogConfiguration
	if lc == nil || !known(lc.LogDriver) {
		return
	}
	opt := func(k string) string {
		for _, e := range lc.Options.Entries {
			if e.Key == k {
				return e.Val.V
			}
		}
		return ""
	}
	var keys []string
	for _, e := range lc.Options.Entries {
		keys = append(keys, e.Key)
	}
	secretNote := ""
	if len(lc.SecretOptions) > 0 {
		var names []string
		for _, s := range lc.SecretOptions {
			names = append(names, s.Name.V)
		}
		secretNote = fmt.Sprintf("; its secretOptions (%s) become the agent's credentials", strings.Join(names, ", "))
	}
	switch lc.LogDriver.V {
	case "awslogs":
		where := "CloudWatch Logs"
		if g := opt("awslogs-group"); g != "" {
			where += " group " + g
		}
		if r := opt("awslogs-region"); r != "" {
			where += " in " + r
		}
		if p := opt("awslogs-stream-prefix"); p != "" {
			where += ", stream prefix " + p
		}
		b.add(diag.ECSLogging, lc.Pos, "container %s logged to %s with awslogs; it now logs to stdout: ship pod logs there with a node agent (Fluent Bit DaemonSet, cloudwatch_logs output)%s", n, where, secretNote)
	case "awsfirelens":
		out := opt("Name")
		if out == "" {
			out = "the router's own configuration"
		} else {
			out = "output " + out
		}
		b.add(diag.ECSFirelens, lc.Pos, "container %s sent its logs through FireLens (%s; options %s); configure that output in a Fluent Bit DaemonSet, matching this pod's logs%s", n, out, orDefault(strings.Join(keys, ", "), "none"), secretNote)
	default:
		b.addSev(diag.ECSLogging, diag.Warning, lc.Pos, "container %s logged with the %s driver (options %s); it now logs to stdout: forward pod logs with a node agent configured for that destination%s", n, lc.LogDriver.V, orDefault(strings.Join(keys, ", "), "none"), secretNote)
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// podSettings gathers per-container settings that are per pod in
// Kubernetes: hostname, hosts, DNS, sysctls, labels, stop timeout.
func (b *builder) podSettings(c *pe.ContainerDefinition) {
	n := c.Name.V
	w := b.w
	if known(c.Hostname) && c.Hostname.V != "" {
		switch {
		case w.Hostname == "":
			w.Hostname = c.Hostname.V
		case w.Hostname != c.Hostname.V:
			b.add(diag.ECSDNS, c.Hostname.Pos, "container %s sets hostname %s, but the pod already has hostname %s (hostname is per pod)", n, c.Hostname.V, w.Hostname)
		}
	}
	for _, h := range c.ExtraHosts {
		if known(h.IpAddress) && known(h.Hostname) && !slices.Contains(b.hosts[h.IpAddress.V], h.Hostname.V) {
			b.hosts[h.IpAddress.V] = append(b.hosts[h.IpAddress.V], h.Hostname.V)
		}
	}
	if len(c.DnsServers) > 0 || len(c.DnsSearchDomains) > 0 {
		if w.DNS == nil {
			w.DNS = &ir.DNSConfig{}
		}
		for _, s := range c.DnsServers {
			if !slices.Contains(w.DNS.Nameservers, s.V) {
				w.DNS.Nameservers = append(w.DNS.Nameservers, s.V)
			}
		}
		for _, s := range c.DnsSearchDomains {
			if !slices.Contains(w.DNS.Searches, s.V) {
				w.DNS.Searches = append(w.DNS.Searches, s.V)
			}
		}
		var pos diag.Pos
		if len(c.DnsServers) > 0 {
			pos = c.DnsServers[0].Pos
		} else {
			pos = c.DnsSearchDomains[0].Pos
		}
		b.add(diag.ECSDNS, pos, "DNS settings of container %s apply to the whole pod and are added after the cluster DNS (dnsConfig), where Docker replaced its resolver configuration", n)
	}
	for _, sc := range c.SystemControls {
		if !known(sc.Namespace) {
			continue
		}
		k := sc.Namespace.V
		if !strings.Contains(k, ".") {
			b.add(diag.ECSSysctls, sc.Namespace.Pos, "system control %q of container %s is not a kernel parameter name; left out", k, n)
			continue
		}
		if prev, ok := b.sysctls[k]; ok && prev != sc.Value.V {
			b.add(diag.ECSSysctls, sc.Pos, "container %s sets %s to %q, but the pod already sets it to %q (sysctls are per pod)", n, k, sc.Value.V, prev)
			continue
		}
		b.sysctls[k] = sc.Value.V
		if !safeSysctls[k] {
			b.add(diag.ECSSysctls, sc.Pos, "sysctl %s (container %s) is set for the whole pod and is not safe by default: the kubelet must allow it (--allowed-unsafe-sysctls)", k, n)
		}
	}
	for _, e := range c.DockerLabels.Entries {
		if !validAnnotationKey(e.Key) {
			b.add(diag.ECSDockerLabels, e.KeyPos, "Docker label %q of container %s is not a valid annotation key; left out", e.Key, n)
			continue
		}
		if prev, ok := b.annKeys[e.Key]; ok {
			if prev != e.Val.V {
				b.addSev(diag.ECSDockerLabels, diag.Warning, e.KeyPos, "Docker label %s of container %s differs from another container's; pod annotations are per pod, the first is kept", e.Key, n)
			}
			continue
		}
		b.annKeys[e.Key] = e.Val.V
		if !b.annSeen {
			b.annSeen = true
			b.add(diag.ECSDockerLabels, c.DockerLabels.Pos, "Docker labels become annotations of the pod; vendor autodiscovery labels use other annotation keys in Kubernetes")
		}
	}
	if c.StopTimeout.Set && c.StopTimeout.V > 0 {
		v := c.StopTimeout.V
		if w.TerminationGracePeriodSeconds == nil || *w.TerminationGracePeriodSeconds < v {
			w.TerminationGracePeriodSeconds = &v
		}
		b.add(diag.ECSStopTimeout, c.StopTimeout.Pos, "stopTimeout %ds of container %s: the pod's terminationGracePeriodSeconds is the largest stopTimeout of its containers", v, n)
	}
}

// safeSysctls are the sysctls Kubernetes allows without kubelet flags.
var safeSysctls = map[string]bool{
	"kernel.shm_rmid_forced": true, "net.ipv4.ip_local_port_range": true, "net.ipv4.tcp_syncookies": true,
	"net.ipv4.ping_group_range": true, "net.ipv4.ip_unprivileged_port_start": true, "net.ipv4.ip_local_reserved_ports": true,
	"net.ipv4.tcp_keepalive_time": true, "net.ipv4.tcp_fin_timeout": true, "net.ipv4.tcp_keepalive_intvl": true,
	"net.ipv4.tcp_keepalive_probes": true,
}

// validAnnotationKey checks a Kubernetes qualified name with an optional
// DNS-subdomain prefix.
func validAnnotationKey(k string) bool {
	prefix, name, hasPrefix := strings.Cut(k, "/")
	if !hasPrefix {
		name, prefix = prefix, ""
	} else if prefix == "" || len(prefix) > 253 || strings.ToLower(prefix) != prefix || !subdomain(prefix) {
		return false
	}
	if name == "" || len(name) > 63 {
		return false
	}
	for i, r := range name {
		alnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		if (i == 0 || i == len(name)-1) && !alnum {
			return false
		}
		if !alnum && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

func subdomain(s string) bool {
	for _, l := range strings.Split(s, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// otherSettings reports the container settings Kubernetes has no field for.
func (b *builder) otherSettings(ic *ir.Container, c *pe.ContainerDefinition) {
	n := c.Name.V
	if len(c.Ulimits) > 0 {
		var ls []string
		for _, u := range c.Ulimits {
			ls = append(ls, fmt.Sprintf("%s %d/%d", u.Name.V, u.SoftLimit.V, u.HardLimit.V))
		}
		b.add(diag.ECSUlimits, c.Ulimits[0].Pos, "ulimits of container %s (%s) cannot be set on a pod; the runtime's defaults apply", n, strings.Join(ls, ", "))
	}
	if lp := c.LinuxParameters; lp != nil {
		if lp.InitProcessEnabled.V {
			b.add(diag.ECSLinuxParameters, lp.InitProcessEnabled.Pos, "container %s ran an init process (initProcessEnabled) to reap zombies; add tini or dumb-init to the image", n)
		}
		if len(lp.Devices) > 0 {
			b.add(diag.ECSLinuxParameters, lp.Devices[0].Pos, "host devices of container %s cannot be passed to a pod without a device plugin", n)
		}
		if lp.MaxSwap.Set || lp.Swappiness.Set {
			pos := lp.MaxSwap.Pos
			if !lp.MaxSwap.Set {
				pos = lp.Swappiness.Pos
			}
			b.add(diag.ECSLinuxParameters, pos, "swap settings of container %s are node settings in Kubernetes", n)
		}
	}
	if len(c.Links) > 0 {
		var ls []string
		for _, l := range c.Links {
			ls = append(ls, l.V)
		}
		b.add(diag.ECSLinks, c.Links[0].Pos, "container %s reached %s through links; in a pod they are on localhost", n, strings.Join(ls, ", "))
	}
	if c.DisableNetworking.V {
		b.add(diag.ECSNetworkMode, c.DisableNetworking.Pos, "container %s had networking disabled; it now shares the pod's network (a NetworkPolicy can deny the pod's traffic)", n)
	}
	if c.Essential.Set && !c.Essential.V && b.roles[n] == roleRegular {
		b.add(diag.ECSEssential, c.Essential.Pos, "container %s is not essential: ECS left it stopped when it exited and kept the task running; Kubernetes restarts it. If it is short-lived, make it an init container or a Job", n)
	}
	if rp := c.RestartPolicy; rp != nil && rp.Enabled.V {
		b.add(diag.ECSRestartPolicy, rp.Pos, "container %s had an ECS restart policy; Kubernetes restarts exited containers by itself (ignored exit codes cannot be expressed)", n)
	}
	if len(c.CredentialSpecs) > 0 {
		b.add(diag.ECSUnsupported, c.CredentialSpecs[0].Pos, "container %s uses a credential spec (Active Directory gMSA); configure Windows gMSA for pods (GMSACredentialSpec resource and webhook) by hand", n)
	}
	if rc := c.RepositoryCredentials; rc != nil && rc.CredentialsParameter.Set {
		secret := ir.DNSLabel(b.app.Name + "-registry")
		if !slices.Contains(b.w.ImagePullSecrets, secret) {
			b.w.ImagePullSecrets = append(b.w.ImagePullSecrets, secret)
		}
		b.add(diag.ECSRepositoryCreds, rc.Pos, "container %s pulls with credentials from %s: create Secret %s of type kubernetes.io/dockerconfigjson with them (imagePullSecrets refers to it)", n, rc.CredentialsParameter.V, secret)
	}
	if c.StartTimeout.Set {
		b.notCarried = append(b.notCarried, notCarried{"startTimeout", c.StartTimeout.Pos})
	}
	if c.VersionConsistency.Set {
		b.notCarried = append(b.notCarried, notCarried{"versionConsistency", c.VersionConsistency.Pos})
	}
	_ = ic
}

// taskLevel maps the task definition's own fields.
func (b *builder) taskLevel() {
	td := b.td
	w := b.w
	if known(td.TaskRoleArn) || (td.TaskRoleArn.Set && len(td.TaskRoleArn.Unresolved) > 0) {
		arn := td.TaskRoleArn.V
		if !strings.HasPrefix(arn, "arn:") {
			arn = "arn:aws:iam::" + placeholderText("AWS::AccountId") + ":role/" + arn
			b.add(diag.ECSUnresolved, td.TaskRoleArn.Pos, "taskRoleArn is the role name %s; its ARN needs the account ID, left as the placeholder %s", td.TaskRoleArn.V, placeholderText("AWS::AccountId"))
		}
		w.ServiceAccount = &ir.ServiceAccount{Name: b.app.Name, Annotations: []ir.KeyValue{{Key: "eks.amazonaws.com/role-arn", Value: arn}},
			Origin: origin(td.TaskRoleArn.Pos, "taskRoleArn")}
		b.add(diag.ECSTaskRole, td.TaskRoleArn.Pos, "task role %s becomes ServiceAccount %s with the IRSA annotation; the role's trust policy must allow the cluster's OIDC provider instead of ecs-tasks.amazonaws.com", arn, b.app.Name)
	}
	if td.ExecutionRoleArn.Set {
		b.add(diag.ECSExecutionRole, td.ExecutionRoleArn.Pos, "execution role %s is not attached to the pod: image pulls use the node role, secrets the secret-sync controller's identity, logs the log agent's", td.ExecutionRoleArn.V)
	}
	switch b.netMode {
	case "host":
		w.HostNetwork = true
		b.add(diag.ECSNetworkMode, td.NetworkMode.Pos, "networkMode host becomes hostNetwork: true; Pod Security baseline rejects it and EKS Fargate cannot run it")
	case "bridge":
		if len(b.order) > 1 {
			what := "bridge networking"
			if !td.NetworkMode.Set {
				what = "with no networkMode, ECS used bridge networking (the EC2 default), which"
			}
			b.addSev(diag.ECSNetworkMode, diag.Info, b.netModePos(), "%s gave each container its own network namespace; in the pod they share localhost, so containers that reached each other by name or link now use localhost and must not use the same port", what)
		}
	case "none":
		b.add(diag.ECSNetworkMode, td.NetworkMode.Pos, "networkMode none has no pod equivalent: the pod gets a network (a NetworkPolicy can deny its traffic)")
	}
	if known(td.PidMode) {
		switch td.PidMode.V {
		case "task":
			w.ShareProcessNamespace = true
			b.addSev(diag.ECSProcessNamespaces, diag.Info, td.PidMode.Pos, "pidMode task becomes shareProcessNamespace: true")
		case "host":
			w.HostPID = true
			b.add(diag.ECSProcessNamespaces, td.PidMode.Pos, "pidMode host becomes hostPID: true; Pod Security baseline rejects it")
		}
	}
	if known(td.IpcMode) {
		switch td.IpcMode.V {
		case "task":
			b.addSev(diag.ECSProcessNamespaces, diag.Info, td.IpcMode.Pos, "ipcMode task needs nothing: containers of a pod share the IPC namespace")
		case "host":
			w.HostIPC = true
			b.add(diag.ECSProcessNamespaces, td.IpcMode.Pos, "ipcMode host becomes hostIPC: true; Pod Security baseline rejects it")
		case "none":
			b.add(diag.ECSProcessNamespaces, td.IpcMode.Pos, "ipcMode none has no equivalent: containers of a pod share the IPC namespace")
		}
	}
	if rp := td.RuntimePlatform; rp != nil {
		b.runtimePlatform(rp)
	}
	if len(td.PlacementConstraints) > 0 {
		b.placementConstraints(td.PlacementConstraints, "task definition")
	}
	if es := td.EphemeralStorage; es != nil && es.SizeInGiB.Set {
		if mc := b.ctrs[b.main]; mc != nil {
			mc.Resources.EphemeralStorageMi = es.SizeInGiB.V * 1024
			b.add(diag.ECSEphemeralStorage, es.Pos, "ephemeral storage of %d GiB becomes an ephemeral-storage request and limit of container %s; writing more evicts the pod", es.SizeInGiB.V, mc.Name)
		}
	}
	if pc := td.ProxyConfiguration; pc != nil {
		b.add(diag.ECSProxyConfiguration, pc.Pos, "App Mesh proxy configuration (%s, container %s) is not carried over; use your mesh's sidecar injection", orDefault(pc.Type.V, "APPMESH"), pc.ContainerName.V)
	}
	if td.InferenceAccelerators.Set {
		b.add(diag.ECSUnsupported, td.InferenceAccelerators.Pos, "Elastic Inference accelerators have no Kubernetes equivalent (AWS retired the service); move inference to GPU or Inferentia nodes")
	}
	if td.Tags.Set {
		b.notCarried = append(b.notCarried, notCarried{"tags", td.Tags.Pos})
	}
	if td.EnableFaultInjection.Set {
		b.notCarried = append(b.notCarried, notCarried{"enableFaultInjection", td.EnableFaultInjection.Pos})
	}
	if len(td.RequiresCompatibilities) > 0 {
		b.notCarried = append(b.notCarried, notCarried{"requiresCompatibilities", td.RequiresCompatibilities[0].Pos})
	}
}

func placeholderText(s string) string { return "${unresolved:" + s + "}" }

func (b *builder) netModePos() diag.Pos {
	if b.td.NetworkMode.Set {
		return b.td.NetworkMode.Pos
	}
	return b.td.Pos
}

// windowsBuilds are the node.kubernetes.io/windows-build labels.
var windowsBuilds = map[string]string{
	"2016": "10.0.14393", "2019": "10.0.17763", "2022": "10.0.20348", "2025": "10.0.26100", "2004": "10.0.19041", "20H2": "10.0.19042",
}

func (b *builder) runtimePlatform(rp *pe.RuntimePlatform) {
	sel := map[string]string{}
	for _, kv := range b.w.NodeSelector {
		sel[kv.Key] = kv.Value
	}
	if known(rp.CpuArchitecture) {
		switch rp.CpuArchitecture.V {
		case "X86_64":
			sel["kubernetes.io/arch"] = "amd64"
		case "ARM64":
			sel["kubernetes.io/arch"] = "arm64"
		}
	}
	if known(rp.OperatingSystemFamily) {
		os := rp.OperatingSystemFamily.V
		if os == "LINUX" {
			sel["kubernetes.io/os"] = "linux"
		} else if strings.HasPrefix(os, "WINDOWS_SERVER_") {
			sel["kubernetes.io/os"] = "windows"
			parts := strings.Split(os, "_")
			if len(parts) >= 3 {
				if build, ok := windowsBuilds[parts[2]]; ok {
					sel["node.kubernetes.io/windows-build"] = build
				}
			}
		}
	}
	var keys []string
	for k := range sel {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.w.NodeSelector = nil
	for _, k := range keys {
		b.w.NodeSelector = append(b.w.NodeSelector, ir.KeyValue{Key: k, Value: sel[k]})
	}
	var parts []string
	for _, kv := range b.w.NodeSelector {
		parts = append(parts, kv.Key+"="+kv.Value)
	}
	b.add(diag.ECSRuntimePlatform, rp.Pos, "runtimePlatform becomes the node selector %s; the image must be built for it", strings.Join(parts, ", "))
}

// resources spreads task-level cpu and memory: the part no container
// reserved goes to the main container; containers without cpu get 10m.
func (b *builder) resources() {
	td := b.td
	mainC := b.ctrs[b.main]
	var cpuPos diag.Pos
	anyCPU := false
	for _, c := range b.order {
		if b.explicitCPU[c.Name.V] && !anyCPU {
			cpuPos = c.Cpu.Pos
			anyCPU = true
		}
	}
	taskCPU, hasTaskCPU := pe.TaskCPU(td.Cpu)
	taskMem, hasTaskMem := pe.TaskMemory(td.Memory)
	if b.windows {
		hasTaskCPU, hasTaskMem = false, false // ECS ignores them for Windows containers
	}
	var notes []string
	if hasTaskCPU && mainC != nil {
		var reserved int64
		for _, c := range b.order {
			if b.explicitCPU[c.Name.V] {
				reserved += c.Cpu.V
			}
		}
		if rest := taskCPU - reserved; rest > 0 {
			mainC.Resources.CPURequestMilli += cpuMilli(rest)
			notes = append(notes, fmt.Sprintf("task cpu %d units: %d not reserved by a container are requested by %s (%dm)", taskCPU, rest, mainC.Name, cpuMilli(rest)))
		}
	}
	for _, c := range b.order {
		ic := b.ctrs[c.Name.V]
		if ic.Resources.CPURequestMilli == 0 {
			ic.Resources.CPURequestMilli = 10
		}
	}
	if hasTaskMem && mainC != nil {
		var others int64
		for _, c := range b.order {
			if c.Name.V == b.main {
				continue
			}
			r := b.ctrs[c.Name.V].Resources
			others += max(r.MemoryLimitMi, r.MemoryRequestMi)
		}
		room := taskMem - others
		r := &mainC.Resources
		if room > 0 {
			if r.MemoryLimitMi == 0 {
				r.MemoryLimitMi = room
				if r.MemoryRequestMi == 0 || r.MemoryRequestMi > room {
					r.MemoryRequestMi = room
				}
				notes = append(notes, fmt.Sprintf("task memory %d MiB: %s may use the %d MiB other containers do not reserve", taskMem, mainC.Name, room))
			} else if r.MemoryRequestMi == 0 {
				r.MemoryRequestMi = min(room, r.MemoryLimitMi)
			}
		}
	}
	if len(notes) > 0 {
		pos := td.Pos
		if td.Cpu.Set {
			pos = td.Cpu.Pos
		} else if td.Memory.Set {
			pos = td.Memory.Pos
		}
		b.add(diag.ECSTaskResources, pos, "%s; the pod as a whole is no longer capped", strings.Join(notes, "; "))
	}
	if anyCPU {
		b.add(diag.ECSCPUShares, cpuPos, "container cpu units become CPU requests (1024 units = 1000m) with no CPU limit: ECS cpu is a relative weight, not a cap")
	}
}

// assemble orders the containers: the main one first, then the others in
// task order; init containers and sidecars in dependency order.
func (b *builder) assemble() {
	w := b.w
	var inits []*pe.ContainerDefinition
	for _, c := range b.order {
		if b.roles[c.Name.V] != roleRegular {
			inits = append(inits, c)
		}
	}
	// Topological order over dependsOn among init containers, ties in
	// task order.
	placed := map[string]bool{}
	var visit func(c *pe.ContainerDefinition, depth int)
	visit = func(c *pe.ContainerDefinition, depth int) {
		if placed[c.Name.V] || depth > len(b.order) {
			return
		}
		for _, d := range c.DependsOn {
			if dc := b.byName[d.ContainerName.V]; dc != nil && b.roles[dc.Name.V] != roleRegular {
				visit(dc, depth+1)
			}
		}
		if placed[c.Name.V] {
			return
		}
		placed[c.Name.V] = true
		ic := *b.ctrs[c.Name.V]
		switch b.roles[c.Name.V] {
		case roleSidecar:
			ic.Sidecar = true
		case roleInit, roleInitComplete:
			ic.Liveness, ic.Readiness, ic.Startup = nil, nil, nil
			if b.roles[c.Name.V] == roleInitComplete {
				b.ignoreFailure(&ic, c)
			}
		}
		w.InitContainers = append(w.InitContainers, ic)
	}
	for _, c := range inits {
		visit(c, 0)
	}
	if mc := b.ctrs[b.main]; mc != nil && b.roles[b.main] == roleRegular {
		w.Containers = append(w.Containers, *mc)
	}
	for _, c := range b.order {
		if c.Name.V != b.main && b.roles[c.Name.V] == roleRegular {
			w.Containers = append(w.Containers, *b.ctrs[c.Name.V])
		}
	}
	if len(w.Containers) == 0 && len(w.InitContainers) > 0 {
		// Everything is waited for by someone: keep the last sidecar
		// (or init container) as the pod's main container.
		last := w.InitContainers[len(w.InitContainers)-1]
		w.InitContainers = w.InitContainers[:len(w.InitContainers)-1]
		last.Sidecar = false
		w.Containers = append(w.Containers, last)
	}
	// Service ports of containers that run to completion are not served.
	for key, p := range b.appPorts {
		r := b.roles[b.appPortOf[key]]
		if r == roleInit || r == roleInitComplete {
			continue
		}
		b.app.Ports = append(b.app.Ports, *p)
	}
	sort.Slice(b.app.Ports, func(i, j int) bool {
		if b.app.Ports[i].Port != b.app.Ports[j].Port {
			return b.app.Ports[i].Port < b.app.Ports[j].Port
		}
		return b.app.Ports[i].Protocol < b.app.Ports[j].Protocol
	})
}

// ignoreFailure wraps an init container's command as `cmd || true`, as
// ECS COMPLETE accepted any exit code.
func (b *builder) ignoreFailure(ic *ir.Container, c *pe.ContainerDefinition) {
	argv := append(append([]string(nil), ic.Command...), ic.Args...)
	if len(ic.Command) == 0 {
		// Without entryPoint the image's ENTRYPOINT runs the command;
		// kubelift does not know it, so it cannot wrap the whole.
		b.addSev(diag.ECSDependsOn, diag.Warning, c.Name.Pos, "container %s runs its image's ENTRYPOINT, which kubelift cannot see to wrap as `… || true`: if it exits with an error the pod retries it, where ECS (COMPLETE) went on; wrap it by hand if it can fail", c.Name.V)
		return
	}
	var q []string
	for _, a := range argv {
		q = append(q, shellQuote(unescapeExpansion(a)))
	}
	ic.Command = []string{"/bin/sh", "-c", escapeExpansion(strings.Join(q, " ") + " || true")}
	ic.Args = nil
}

func unescapeExpansion(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "$$(", "$("), "$$$$", "$$")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// finishPod sorts and fills the pod-level collections.
func (b *builder) finishPod() {
	w := b.w
	for _, k := range slices.Sorted(maps.Keys(b.annKeys)) {
		w.Annotations = append(w.Annotations, ir.KeyValue{Key: k, Value: b.annKeys[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(b.sysctls)) {
		w.Sysctls = append(w.Sysctls, ir.KeyValue{Key: k, Value: b.sysctls[k]})
	}
	for _, ip := range slices.Sorted(maps.Keys(b.hosts)) {
		w.HostAliases = append(w.HostAliases, ir.HostAlias{IP: ip, Hostnames: b.hosts[ip]})
	}
	sort.Strings(w.ImagePullSecrets)
	sort.SliceStable(w.Volumes, func(i, j int) bool { return w.Volumes[i].Name < w.Volumes[j].Name })
	if len(b.notCarried) > 0 {
		var names []string
		var rel []diag.Pos
		seen := map[string]bool{}
		for _, nc := range b.notCarried {
			if !seen[nc.name] {
				seen[nc.name] = true
				names = append(names, nc.name)
			}
			rel = append(rel, nc.pos)
		}
		d := diag.New(diag.ECSFieldNotCarried, rel[0], "%s have no effect on the Kubernetes objects of app %s", strings.Join(names, ", "), b.app.Name)
		if len(rel) > 1 {
			d.Related = rel[1:]
		}
		b.rep.Report(d)
	}
}
