package ecs

import (
	"sort"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
)

// check reports what ECS itself would refuse: missing names, duplicate
// containers, references to nothing, dependency cycles, values outside
// their enumerations, malformed ARNs.
func check(f *File, rep *diag.Reporter) {
	for _, td := range f.TaskDefinitions {
		checkTask(td, rep)
	}
	for _, s := range f.Services {
		checkService(s, rep)
	}
	for _, t := range f.ScalableTargets {
		checkEnum(t.ServiceNamespace, "ServiceNamespace", rep, "ecs", "ec2", "elasticmapreduce", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource", "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune", "workspaces")
	}
	for _, p := range f.ScalingPolicies {
		checkEnum(p.PolicyType, "PolicyType", rep, "TargetTrackingScaling", "StepScaling", "PredictiveScaling")
	}
}

// known reports whether a string field has a value that can be checked.
func known(s Str) bool { return s.Set && len(s.Unresolved) == 0 && !isTemplated(s.V) }

// isTemplated reports whether s holds a template placeholder of some tool
// that renders the file before AWS sees it ({{ }}, ${ }, $$X$$).
func isTemplated(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "${") || strings.Count(s, "$$") >= 2
}

func checkEnum(s Str, what string, rep *diag.Reporter, values ...string) bool {
	if !known(s) {
		return true
	}
	for _, v := range values {
		if s.V == v {
			return true
		}
	}
	rep.Add(diag.ECSInvalidValue, s.Pos, "%s %q is not one of %s", what, s.V, strings.Join(values, ", "))
	return false
}

// CheckARN reports whether s is a well-formed ARN of one of services.
func checkARN(s Str, what string, rep *diag.Reporter, services ...string) {
	if !known(s) {
		return
	}
	if _, err := ParseARN(s.V); err != "" {
		rep.Add(diag.ECSInvalidARN, s.Pos, "%s is not a valid ARN: %s", what, err)
		return
	}
	a, _ := ParseARN(s.V)
	for _, sv := range services {
		if a.Service == sv {
			return
		}
	}
	rep.Add(diag.ECSInvalidARN, s.Pos, "%s must be an ARN of %s, not of %s", what, strings.Join(services, " or "), a.Service)
}

// ARN is a parsed Amazon Resource Name.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// ParseARN splits an ARN; the second result explains why it is not one.
func ParseARN(s string) (ARN, string) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		return ARN{}, "an ARN has six ':'-separated parts, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"
	}
	a := ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}
	switch {
	case parts[0] != "arn":
		return ARN{}, "it does not start with arn:"
	case a.Partition == "":
		return ARN{}, "the partition (aws, aws-cn, aws-us-gov, …) is empty"
	case a.Service == "":
		return ARN{}, "the service is empty"
	case a.Resource == "":
		return ARN{}, "the resource is empty"
	case strings.ContainsAny(s, " \t\n"):
		return ARN{}, "it contains white space"
	}
	return a, ""
}

// checkRole accepts a role name or a role ARN.
func checkRole(s Str, what string, rep *diag.Reporter) {
	if !known(s) || !strings.HasPrefix(s.V, "arn:") {
		if known(s) && strings.ContainsAny(s.V, ": \t") {
			rep.Add(diag.ECSInvalidARN, s.Pos, "%s is neither a role name nor a role ARN (arn:aws:iam::ACCOUNT:role/NAME)", what)
		}
		return
	}
	checkARN(s, what, rep, "iam")
	if a, err := ParseARN(s.V); err == "" && a.Service == "iam" && !strings.HasPrefix(a.Resource, "role/") {
		rep.Add(diag.ECSInvalidARN, s.Pos, "%s must name a role (…:role/NAME), not %s", what, strings.SplitN(a.Resource, "/", 2)[0])
	}
}

func checkTask(td *TaskDefinition, rep *diag.Reporter) {
	name := "task definition"
	if td.Family.Set {
		name = "task definition " + td.Family.V
	} else if td.ID != "" {
		name = td.ID
	}
	if len(td.ContainerDefinitions) == 0 {
		rep.Add(diag.ECSNoContainers, td.Pos, "%s has no container definitions", name)
	}
	if !td.Family.Set && td.ID == "" && !td.Bare {
		rep.Add(diag.ECSMissingField, td.Pos, "%s has no family (its name)", name)
	}
	checkEnum(td.NetworkMode, "networkMode", rep, "awsvpc", "bridge", "host", "none")
	checkEnum(td.PidMode, "pidMode", rep, "host", "task")
	checkEnum(td.IpcMode, "ipcMode", rep, "host", "task", "none")
	for _, c := range td.RequiresCompatibilities {
		checkEnum(c, "requiresCompatibilities", rep, "EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")
	}
	checkRole(td.TaskRoleArn, "taskRoleArn", rep)
	checkRole(td.ExecutionRoleArn, "executionRoleArn", rep)
	if _, ok := TaskCPU(td.Cpu); !ok && known(td.Cpu) {
		rep.Add(diag.ECSInvalidValue, td.Cpu.Pos, "task cpu %q is neither CPU units (\"512\") nor vCPUs (\"0.5 vCPU\")", td.Cpu.V)
	}
	if _, ok := TaskMemory(td.Memory); !ok && known(td.Memory) {
		rep.Add(diag.ECSInvalidValue, td.Memory.Pos, "task memory %q is neither MiB (\"1024\") nor GB (\"1 GB\")", td.Memory.V)
	}
	if rp := td.RuntimePlatform; rp != nil {
		checkEnum(rp.CpuArchitecture, "runtimePlatform.cpuArchitecture", rep, "X86_64", "ARM64")
		checkEnum(rp.OperatingSystemFamily, "runtimePlatform.operatingSystemFamily", rep, "LINUX",
			"WINDOWS_SERVER_2016_FULL", "WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE", "WINDOWS_SERVER_2022_FULL",
			"WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2025_FULL", "WINDOWS_SERVER_2025_CORE", "WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_20H2_CORE")
	}
	for _, pc := range td.PlacementConstraints {
		checkEnum(pc.Type, "placementConstraints.type", rep, "memberOf")
	}
	volumes := map[string]bool{}
	for _, v := range td.Volumes {
		if !v.Name.Set || v.Name.V == "" {
			rep.Add(diag.ECSMissingField, v.Pos, "a volume has no name")
			continue
		}
		if volumes[v.Name.V] {
			rep.Add(diag.ECSInvalidValue, v.Name.Pos, "volume name %q is used twice", v.Name.V)
		}
		volumes[v.Name.V] = true
		if d := v.DockerVolumeConfiguration; d != nil {
			checkEnum(d.Scope, "dockerVolumeConfiguration.scope", rep, "task", "shared")
		}
		if e := v.EfsVolumeConfiguration; e != nil {
			if !e.FileSystemId.Set {
				rep.Add(diag.ECSMissingField, e.Pos, "efsVolumeConfiguration of volume %s has no fileSystemId", v.Name.V)
			}
			checkEnum(e.TransitEncryption, "transitEncryption", rep, "ENABLED", "DISABLED")
			if a := e.AuthorizationConfig; a != nil {
				checkEnum(a.Iam, "authorizationConfig.iam", rep, "ENABLED", "DISABLED")
				needsTLS := (a.Iam.Set && a.Iam.V == "ENABLED") || (a.AccessPointId.Set && a.AccessPointId.V != "")
				if needsTLS && known(e.TransitEncryption) && e.TransitEncryption.V != "ENABLED" {
					rep.Add(diag.ECSInvalidValue, e.TransitEncryption.Pos, "volume %s: an access point or IAM authorization requires transitEncryption ENABLED", v.Name.V)
				}
			}
		}
	}

	names := map[string]*ContainerDefinition{}
	essential := false
	for i, c := range td.ContainerDefinitions {
		where := "containerDefinitions[" + strconv.Itoa(i) + "]"
		if !c.Name.Set || c.Name.V == "" {
			rep.Add(diag.ECSMissingField, c.Pos, "%s has no name", where)
		} else if prev, dup := names[c.Name.V]; dup {
			rep.Add(diag.ECSDuplicateContainer, c.Name.Pos, "container name %q is used twice (first at %s)", c.Name.V, prev.Name.Pos)
		} else {
			names[c.Name.V] = c
		}
		if !c.Image.Set || c.Image.V == "" {
			rep.Add(diag.ECSMissingField, c.Pos, "container %s has no image", orIndex(c, i))
		}
		if !c.Essential.Set || c.Essential.V {
			essential = true
		}
		checkContainer(c, orIndex(c, i), volumes, td.Bare, rep)
	}
	if len(td.ContainerDefinitions) > 0 && !essential {
		rep.Add(diag.ECSInvalidValue, td.Pos, "%s has no essential container; ECS requires at least one", name)
	}
	// References between containers.
	for _, c := range td.ContainerDefinitions {
		for _, d := range c.DependsOn {
			// A file of bare container definitions may name containers
			// defined elsewhere; the translator reports those.
			if known(d.ContainerName) && names[d.ContainerName.V] == nil && !td.Bare {
				rep.Add(diag.ECSUnknownReference, d.ContainerName.Pos, "dependsOn names container %q, which the task definition does not define", d.ContainerName.V)
			}
			if known(d.ContainerName) && d.ContainerName.V == c.Name.V {
				rep.Add(diag.ECSDependsOnCycle, d.ContainerName.Pos, "container %s depends on itself", c.Name.V)
			}
			if !d.ContainerName.Set {
				rep.Add(diag.ECSMissingField, d.Pos, "a dependsOn entry of container %s has no containerName", c.Name.V)
			}
			if !d.Condition.Set {
				rep.Add(diag.ECSMissingField, d.Pos, "a dependsOn entry of container %s has no condition", c.Name.V)
			}
			checkEnum(d.Condition, "dependsOn.condition", rep, "START", "COMPLETE", "SUCCESS", "HEALTHY")
		}
		for _, vf := range c.VolumesFrom {
			if known(vf.SourceContainer) && names[vf.SourceContainer.V] == nil && !td.Bare {
				rep.Add(diag.ECSUnknownReference, vf.SourceContainer.Pos, "volumesFrom names container %q, which the task definition does not define", vf.SourceContainer.V)
			}
		}
		for _, l := range c.Links {
			target, _, _ := strings.Cut(l.V, ":")
			if known(l) && names[target] == nil && !td.Bare {
				rep.Add(diag.ECSUnknownReference, l.Pos, "link names container %q, which the task definition does not define", target)
			}
		}
	}
	checkCycles(td, names, rep)
}

func orIndex(c *ContainerDefinition, i int) string {
	if c.Name.Set && c.Name.V != "" {
		return c.Name.V
	}
	return "containerDefinitions[" + strconv.Itoa(i) + "]"
}

func checkContainer(c *ContainerDefinition, name string, volumes map[string]bool, bare bool, rep *diag.Reporter) {
	for _, pm := range c.PortMappings {
		if !pm.ContainerPort.Set && !pm.ContainerPortRange.Set {
			rep.Add(diag.ECSMissingField, pm.Pos, "a port mapping of container %s has no containerPort", name)
		}
		if pm.ContainerPort.Set && (pm.ContainerPort.V < 1 || pm.ContainerPort.V > 65535) {
			rep.Add(diag.ECSInvalidValue, pm.ContainerPort.Pos, "containerPort %d of container %s is not a port (1-65535)", pm.ContainerPort.V, name)
		}
		if pm.HostPort.Set && (pm.HostPort.V < 0 || pm.HostPort.V > 65535) {
			rep.Add(diag.ECSInvalidValue, pm.HostPort.Pos, "hostPort %d of container %s is not a port (0-65535)", pm.HostPort.V, name)
		}
		checkEnum(pm.Protocol, "portMappings.protocol", rep, "tcp", "udp")
		checkEnum(pm.AppProtocol, "portMappings.appProtocol", rep, "http", "http2", "grpc")
	}
	for _, e := range c.Environment {
		if !e.Name.Set || e.Name.V == "" {
			rep.Add(diag.ECSMissingField, e.Pos, "an environment entry of container %s has no name", name)
		}
	}
	for _, ef := range c.EnvironmentFiles {
		checkEnum(ef.Type, "environmentFiles.type", rep, "s3")
	}
	for _, s := range c.Secrets {
		if !s.Name.Set || s.Name.V == "" {
			rep.Add(diag.ECSMissingField, s.Pos, "a secret of container %s has no name", name)
		}
		if !s.ValueFrom.Set || s.ValueFrom.V == "" {
			rep.Add(diag.ECSMissingField, s.Pos, "secret %s of container %s has no valueFrom", s.Name.V, name)
		} else if strings.HasPrefix(s.ValueFrom.V, "arn:") {
			checkARN(s.ValueFrom, "valueFrom of secret "+s.Name.V, rep, "ssm", "secretsmanager")
			if a, bad := ParseARN(s.ValueFrom.V); bad == "" && a.Service == "secretsmanager" && known(s.ValueFrom) {
				// secret:NAME[:json-key[:version-stage[:version-id]]]
				if parts := strings.Split(strings.TrimPrefix(a.Resource, "secret:"), ":"); len(parts) > 4 || !strings.HasPrefix(a.Resource, "secret:") {
					rep.Add(diag.ECSInvalidARN, s.ValueFrom.Pos, "valueFrom of secret %s is not a valid ARN: a Secrets Manager reference is …:secret:NAME[:JSON-KEY[:VERSION-STAGE[:VERSION-ID]]]", s.Name.V)
				}
			}
		}
	}
	if rc := c.RepositoryCredentials; rc != nil {
		checkARN(rc.CredentialsParameter, "repositoryCredentials.credentialsParameter", rep, "secretsmanager")
	}
	if lc := c.LogConfiguration; lc != nil {
		checkEnum(lc.LogDriver, "logConfiguration.logDriver", rep, "awslogs", "awsfirelens", "fluentd", "gelf", "json-file", "journald", "logentries", "splunk", "syslog")
	}
	if hc := c.HealthCheck; hc != nil {
		if len(hc.Command) == 0 {
			rep.Add(diag.ECSMissingField, hc.Pos, "the healthCheck of container %s has no command", name)
		}
		rng := func(v Int, what string, lo, hi int64) {
			if v.Set && (v.V < lo || v.V > hi) {
				rep.Add(diag.ECSInvalidValue, v.Pos, "healthCheck.%s of container %s is %d; ECS allows %d to %d", what, name, v.V, lo, hi)
			}
		}
		rng(hc.Interval, "interval", 5, 300)
		rng(hc.Timeout, "timeout", 2, 120)
		rng(hc.Retries, "retries", 1, 10)
		rng(hc.StartPeriod, "startPeriod", 0, 300)
	}
	for _, r := range c.ResourceRequirements {
		checkEnum(r.Type, "resourceRequirements.type", rep, "GPU", "InferenceAccelerator")
	}
	for _, u := range c.Ulimits {
		checkEnum(u.Name, "ulimits.name", rep, "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack")
	}
	if c.Cpu.Set && c.Cpu.V < 0 {
		rep.Add(diag.ECSInvalidValue, c.Cpu.Pos, "cpu of container %s is negative", name)
	}
	if c.Memory.Set && c.Memory.V <= 0 {
		rep.Add(diag.ECSInvalidValue, c.Memory.Pos, "memory of container %s must be a positive number of MiB", name)
	}
	if c.MemoryReservation.Set && c.MemoryReservation.V <= 0 {
		rep.Add(diag.ECSInvalidValue, c.MemoryReservation.Pos, "memoryReservation of container %s must be a positive number of MiB", name)
	}
	if !bare {
		for _, mp := range c.MountPoints {
			if known(mp.SourceVolume) && !volumes[mp.SourceVolume.V] {
				rep.Add(diag.ECSUnknownReference, mp.SourceVolume.Pos, "mount point of container %s names volume %q, which the task definition does not define", name, mp.SourceVolume.V)
			}
		}
	}
	for _, mp := range c.MountPoints {
		if !mp.ContainerPath.Set || mp.ContainerPath.V == "" {
			rep.Add(diag.ECSMissingField, mp.Pos, "a mount point of container %s has no containerPath", name)
		}
	}
}

// checkCycles reports dependsOn cycles.
func checkCycles(td *TaskDefinition, names map[string]*ContainerDefinition, rep *diag.Reporter) {
	state := map[string]int{} // 0 new, 1 on stack, 2 done
	var stack []string
	var visit func(n string) bool
	visit = func(n string) bool {
		switch state[n] {
		case 1:
			i := len(stack) - 1
			for i >= 0 && stack[i] != n {
				i--
			}
			cycle := append(append([]string(nil), stack[i:]...), n)
			// The edge that closes the cycle: the last container on the
			// stack depends on n.
			last := names[stack[len(stack)-1]]
			pos := last.Name.Pos
			for _, d := range last.DependsOn {
				if d.ContainerName.V == n {
					pos = d.ContainerName.Pos
				}
			}
			rep.Add(diag.ECSDependsOnCycle, pos, "containers depend on each other in a cycle: %s", strings.Join(cycle, " → "))
			return true
		case 2:
			return false
		}
		state[n] = 1
		stack = append(stack, n)
		c := names[n]
		deps := []string{}
		for _, d := range c.DependsOn {
			if known(d.ContainerName) && names[d.ContainerName.V] != nil && d.ContainerName.V != n {
				deps = append(deps, d.ContainerName.V)
			}
		}
		sort.Strings(deps)
		for _, d := range deps {
			if visit(d) {
				state[n] = 2
				stack = stack[:len(stack)-1]
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = 2
		return false
	}
	var order []string
	for _, c := range td.ContainerDefinitions {
		if c.Name.Set {
			order = append(order, c.Name.V)
		}
	}
	for _, n := range order {
		if names[n] != nil && state[n] == 0 {
			if visit(n) {
				return
			}
		}
	}
}

func checkService(s *Service, rep *diag.Reporter) {
	checkEnum(s.SchedulingStrategy, "schedulingStrategy", rep, "REPLICA", "DAEMON")
	checkEnum(s.LaunchType, "launchType", rep, "EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")
	if dc := s.DeploymentController; dc != nil {
		checkEnum(dc.Type, "deploymentController.type", rep, "ECS", "CODE_DEPLOY", "EXTERNAL")
	}
	for _, pc := range s.PlacementConstraints {
		checkEnum(pc.Type, "placementConstraints.type", rep, "memberOf", "distinctInstance")
	}
	for _, ps := range s.PlacementStrategy {
		checkEnum(ps.Type, "placementStrategy.type", rep, "random", "spread", "binpack")
	}
	if s.DesiredCount.Set && s.DesiredCount.V < 0 {
		rep.Add(diag.ECSInvalidValue, s.DesiredCount.Pos, "desiredCount is negative")
	}
	for _, lb := range s.LoadBalancers {
		if lb.ContainerPort.Set && (lb.ContainerPort.V < 1 || lb.ContainerPort.V > 65535) {
			rep.Add(diag.ECSInvalidValue, lb.ContainerPort.Pos, "load balancer containerPort %d is not a port (1-65535)", lb.ContainerPort.V)
		}
		if known(lb.TargetGroupArn) {
			checkARN(lb.TargetGroupArn, "targetGroupArn", rep, "elasticloadbalancing")
		}
	}
}

// TaskCPU reads task-level cpu ("1024", "1 vCPU", "0.25 vcpu") as CPU units.
func TaskCPU(s Str) (int64, bool) {
	if !s.Set {
		return 0, false
	}
	v := strings.TrimSpace(strings.ToLower(s.V))
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		return n, true
	}
	if num, ok := strings.CutSuffix(v, "vcpu"); ok {
		if f, err := strconv.ParseFloat(strings.TrimSpace(num), 64); err == nil && f > 0 && f < 1e6 {
			return int64(f*1024 + 0.5), true
		}
	}
	return 0, false
}

// TaskMemory reads task-level memory ("1024", "1 GB", "2GB") as MiB.
func TaskMemory(s Str) (int64, bool) {
	if !s.Set {
		return 0, false
	}
	v := strings.TrimSpace(strings.ToLower(s.V))
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		return n, true
	}
	for _, suf := range []string{"gb", "gib"} {
		if num, ok := strings.CutSuffix(v, suf); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(num), 64); err == nil && f > 0 && f < 1e6 {
				return int64(f*1024 + 0.5), true
			}
		}
	}
	for _, suf := range []string{"mb", "mib"} {
		if num, ok := strings.CutSuffix(v, suf); ok {
			if n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64); err == nil && n > 0 {
				return n, true
			}
		}
	}
	return 0, false
}
