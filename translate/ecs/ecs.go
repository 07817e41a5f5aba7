// Package ecs translates parsed ECS inputs into kubelift's IR: each ECS
// service becomes an ir.App whose workload is its task definition (a task
// definition no service runs becomes an app of its own), with the
// service's desired count, deployment configuration, load balancers and
// Application Auto Scaling policies.
//
// The mapping follows reference/mapping.md §1. Every field is carried into
// the IR or named in a diagnostic; secret values never reach the IR.
package ecs

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// Options configure the translation.
type Options struct {
	// Name of the project; empty becomes "ecs".
	Name string
	// ExternalSecrets asks for ExternalSecret objects beside secretKeyRefs
	// (--secrets=external-secrets).
	ExternalSecrets bool
}

// task is a task definition with where it came from.
type task struct {
	file  *pe.File
	td    *pe.TaskDefinition
	scope string // resources refer to each other within one scope
	used  bool
}

// service is an ECS service with its links.
type service struct {
	file  *pe.File
	s     *pe.Service
	scope string
	task  *task
	// guessed: the service names no task definition and was given the
	// only one among the inputs.
	guessed bool
	target  *target
	app     *ir.App
}

type target struct {
	file     *pe.File
	t        *pe.ScalableTarget
	scope    string
	svc      *service
	policies []*policy
}

type policy struct {
	file   *pe.File
	p      *pe.ScalingPolicy
	scope  string
	target *target
	svc    *service
	alarms []*pe.Alarm
}

type translator struct {
	rep      *diag.Reporter
	opts     Options
	proj     *ir.Project
	appNames ir.Namer

	tasks    []*task
	services []*service
	targets  []*target
	policies []*policy
	alarms   []scoped[*pe.Alarm]
	tgs      []scoped[*pe.TargetGroup]
}

type scoped[T any] struct {
	scope string
	v     T
}

// Translate turns parsed ECS files into one project. Files are translated
// in the order given; the caller sorts them for determinism.
func Translate(files []*pe.File, opts Options, rep *diag.Reporter) *ir.Project {
	name := opts.Name
	if name == "" {
		name = "ecs"
	}
	t := &translator{rep: rep, opts: opts, proj: &ir.Project{Name: ir.DNSLabel(name)}}
	// A file another one read (Terraform file(), templatefile()) is part
	// of that one, not an input of its own.
	consumed := map[string]bool{}
	for _, f := range files {
		for _, r := range f.Reads {
			consumed[r] = true
		}
	}
	for _, f := range files {
		if f == nil || consumed[absPath(f.Path)] {
			continue
		}
		if f.Shape == pe.ShapeTerraformTemplate {
			rep.Add(diag.ECSNoResources, diag.Pos{File: f.Path, Line: 1, Col: 1}, "%s is a template that no templatefile() among the inputs reads; it is not converted by itself", f.Path)
			continue
		}
		t.collect(f)
	}
	t.link()
	for _, s := range t.services {
		t.serviceApp(s)
	}
	for _, tk := range t.tasks {
		if !tk.used {
			t.taskApp(tk)
		}
	}
	t.reportUnlinkedScaling()
	t.proj.Sort()
	return t.proj
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

func (t *translator) collect(f *pe.File) {
	scope := f.Path
	if f.Shape == pe.ShapeTerraform {
		scope = filepath.Dir(f.Path)
	}
	for _, td := range f.TaskDefinitions {
		t.tasks = append(t.tasks, &task{file: f, td: td, scope: scope})
	}
	for _, s := range f.Services {
		t.services = append(t.services, &service{file: f, s: s, scope: scope})
	}
	for _, st := range f.ScalableTargets {
		t.targets = append(t.targets, &target{file: f, t: st, scope: scope})
	}
	for _, p := range f.ScalingPolicies {
		t.policies = append(t.policies, &policy{file: f, p: p, scope: scope})
	}
	for _, a := range f.Alarms {
		t.alarms = append(t.alarms, scoped[*pe.Alarm]{scope, a})
	}
	for _, g := range f.TargetGroups {
		t.tgs = append(t.tgs, scoped[*pe.TargetGroup]{scope, g})
	}
}

// refersTo reports whether refs name the resource id of scope.
func refersTo(refs []string, refScope, scope, id string) bool {
	if id == "" || refScope != scope {
		return false
	}
	for _, r := range refs {
		if r == id {
			return true
		}
	}
	return false
}

// link connects services to task definitions, scalable targets to
// services, policies to targets and alarms to policies.
func (t *translator) link() {
	for _, s := range t.services {
		s.task = t.findTask(s)
		if s.task != nil {
			s.task.used = true
		}
	}
	for _, tg := range t.targets {
		if !t.isECSTarget(tg.t.ServiceNamespace, tg.t.ScalableDimension) {
			continue
		}
		tg.svc = t.findService(tg.scope, tg.t.ResourceId)
		if tg.svc != nil && tg.svc.target == nil {
			tg.svc.target = tg
		}
	}
	for _, p := range t.policies {
		if !t.isECSTarget(p.p.ServiceNamespace, p.p.ScalableDimension) && !p.p.ScalingTargetId.Set {
			continue
		}
		for _, tg := range t.targets {
			if refersTo(p.p.ScalingTargetId.Refs, p.scope, tg.scope, tg.t.ID) || refersTo(p.p.ResourceId.Refs, p.scope, tg.scope, tg.t.ID) ||
				(known(p.p.ResourceId) && known(tg.t.ResourceId) && p.p.ResourceId.V == tg.t.ResourceId.V && p.scope == tg.scope) {
				p.target = tg
				break
			}
		}
		if p.target != nil {
			p.target.policies = append(p.target.policies, p)
			p.svc = p.target.svc
		} else {
			p.svc = t.findService(p.scope, p.p.ResourceId)
		}
		for _, a := range t.alarms {
			if a.scope == p.scope && p.p.ID != "" && a.v.AlarmActions.Set && slices.Contains(a.v.AlarmActions.V.AllRefs(), p.p.ID) {
				p.alarms = append(p.alarms, a.v)
			}
		}
	}
}

// isECSTarget reports whether a scalable target or policy scales an ECS
// service (namespace ecs, dimension ecs:service:DesiredCount, or unknown).
func (t *translator) isECSTarget(ns, dim pe.Str) bool {
	if known(ns) && ns.V != "ecs" {
		return false
	}
	if known(dim) && dim.V != "ecs:service:DesiredCount" {
		return false
	}
	return true
}

// findTask finds the task definition a service runs.
func (t *translator) findTask(s *service) *task {
	ref := s.s.TaskDefinition
	for _, tk := range t.tasks {
		if refersTo(ref.Refs, s.scope, tk.scope, tk.td.ID) {
			return tk
		}
	}
	if known(ref) && ref.V != "" {
		fam := familyOf(ref.V)
		var found *task
		for _, tk := range t.tasks {
			if tk.td.Family.Set && tk.td.Family.V == fam {
				if found == nil {
					found = tk
				}
			}
		}
		if found != nil {
			return found
		}
		t.rep.Add(diag.ECSServiceTaskMissing, ref.Pos, "service %s runs task definition %s, which is not among the inputs; no Deployment is emitted for it", serviceLabel(s.s), fam)
		return nil
	}
	if ref.Set || len(ref.Refs) > 0 {
		t.rep.Add(diag.ECSServiceTaskMissing, ref.Pos, "service %s runs a task definition that is not among the inputs; no Deployment is emitted for it", serviceLabel(s.s))
		return nil
	}
	// No taskDefinition at all (ecspresso fills it in): the only task
	// definition among the inputs is the one.
	var free []*task
	for _, tk := range t.tasks {
		if !tk.used {
			free = append(free, tk)
		}
	}
	if len(free) == 1 {
		s.guessed = true
		return free[0]
	}
	t.rep.Add(diag.ECSServiceTaskMissing, s.s.Pos, "service %s names no task definition and the inputs hold %d candidates; no Deployment is emitted for it", serviceLabel(s.s), len(free))
	return nil
}

// familyOf reads the family from "family", "family:3" or a task
// definition ARN.
func familyOf(s string) string {
	if strings.HasPrefix(s, "arn:") {
		if i := strings.LastIndex(s, "task-definition/"); i >= 0 {
			s = s[i+len("task-definition/"):]
		}
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	return s
}

// findService finds the service a ResourceId (service/CLUSTER/NAME) names.
func (t *translator) findService(scope string, rid pe.Str) *service {
	for _, s := range t.services {
		if refersTo(rid.Refs, scope, s.scope, s.s.ID) {
			return s
		}
	}
	if !known(rid) {
		return nil
	}
	parts := strings.Split(rid.V, "/")
	if len(parts) != 3 || parts[0] != "service" {
		return nil
	}
	for _, s := range t.services {
		if known(s.s.ServiceName) && s.s.ServiceName.V == parts[2] {
			return s
		}
	}
	return nil
}

func serviceLabel(s *pe.Service) string {
	switch {
	case known(s.ServiceName):
		return s.ServiceName.V
	case s.ID != "":
		return s.ID
	}
	return "(unnamed)"
}

// known reports whether a string field holds a usable value.
func known(s pe.Str) bool { return s.Set && len(s.Unresolved) == 0 }

// isTemplated reports whether s holds a placeholder of a templating tool.
func isTemplated(s string) bool {
	return strings.Contains(s, "{{") || (strings.Contains(s, "${") && !strings.Contains(s, "${unresolved:")) || strings.Count(s, "$$") >= 2
}

func origin(pos diag.Pos, construct string) ir.Origin {
	return ir.Origin{Pos: pos, Construct: construct}
}

// appName picks and reserves the app name of a service or task.
func (t *translator) appName(key, want string, pos diag.Pos) string {
	n := t.appNames.Name(key, want)
	if n != want {
		t.rep.Add(diag.NameSanitized, pos, "%q is named %s in Kubernetes", want, n)
	}
	return n
}

// serviceApp builds the app of a service.
func (t *translator) serviceApp(s *service) {
	if s.task == nil {
		return
	}
	want := ""
	switch {
	case known(s.s.ServiceName) && s.s.ServiceName.V != "":
		want = s.s.ServiceName.V
	case s.task.td.Family.Set && known(s.task.td.Family):
		want = s.task.td.Family.V
	case s.s.ID != "":
		want = resourceName(s.s.ID)
	default:
		want = baseName(s.file.Path)
	}
	pos := s.s.Pos
	if s.s.ServiceName.Set {
		pos = s.s.ServiceName.Pos
	}
	app := &ir.App{Name: t.appName("service:"+s.scope+"#"+s.s.ID+"#"+strconv.Itoa(indexOf(t.services, s)), want, pos), Origin: origin(s.s.Pos, "service "+want)}
	s.app = app
	b := newBuilder(t, s.task, app, s)
	b.build()
	t.service(s, b)
	t.autoscaling(s, app)
	t.rollout(s, app)
	t.proj.Apps = append(t.proj.Apps, app)
}

// taskApp builds the app of a task definition no service runs.
func (t *translator) taskApp(tk *task) {
	td := tk.td
	want := ""
	switch {
	case known(td.Family) && td.Family.V != "":
		want = td.Family.V
	case td.ID != "":
		want = resourceName(td.ID)
	case td.Bare && len(td.ContainerDefinitions) > 0 && known(td.ContainerDefinitions[0].Name):
		want = td.ContainerDefinitions[0].Name.V
	default:
		want = baseName(tk.file.Path)
	}
	pos := td.Pos
	if td.Family.Set {
		pos = td.Family.Pos
	}
	app := &ir.App{Name: t.appName("task:"+tk.scope+"#"+td.ID+"#"+strconv.Itoa(indexOf(t.tasks, tk)), want, pos), Origin: origin(td.Pos, "task definition "+want)}
	if td.Bare {
		t.rep.Add(diag.ECSBareContainers, td.Pos, "%s holds container definitions only; they are converted as one pod (app %s) with awsvpc networking and no task-level settings", tk.file.Path, app.Name)
	} else {
		t.rep.Add(diag.ECSTaskWithoutService, pos, "no ECS service among the inputs runs task definition %s; app %s is a Deployment with one replica", want, app.Name)
	}
	b := newBuilder(t, tk, app, nil)
	b.build()
	b.finishPod()
	t.proj.Apps = append(t.proj.Apps, app)
}

func indexOf[T comparable](list []T, x T) int {
	for i, y := range list {
		if y == x {
			return i
		}
	}
	return -1
}

// resourceName is the last part of a resource ID ("aws_ecs_service.web" → web).
func resourceName(id string) string {
	if i := strings.LastIndexByte(id, '.'); i >= 0 {
		id = id[i+1:]
	}
	id = strings.TrimSuffix(strings.TrimSuffix(id, "]"), "[0")
	return id
}

func baseName(p string) string {
	b := filepath.Base(p)
	return strings.TrimSuffix(b, filepath.Ext(b))
}
