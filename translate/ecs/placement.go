package ecs

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// ECS attributes with a well-known node label, and how values map.
var attrLabels = map[string]string{
	"ecs.instance-type":     "node.kubernetes.io/instance-type",
	"ecs.availability-zone": "topology.kubernetes.io/zone",
	"ecs.os-type":           "kubernetes.io/os",
	"ecs.os-family":         "kubernetes.io/os",
	"ecs.cpu-architecture":  "kubernetes.io/arch",
}

var reClause = regexp.MustCompile(`^attribute:([A-Za-z0-9_.\-]+)\s*(==|!=|=~|!~|\bin\b|\bnot_in\b|\bexists\b|!exists)\s*(.*)$`)

func labelValue(attr, v string) string {
	switch attr {
	case "ecs.os-type", "ecs.os-family":
		if strings.HasPrefix(strings.ToUpper(v), "WINDOWS") {
			return "windows"
		}
		return strings.ToLower(v)
	case "ecs.cpu-architecture":
		switch strings.ToLower(v) {
		case "x86_64":
			return "amd64"
		case "arm64", "aarch64":
			return "arm64"
		}
	}
	return v
}

// placement returns the workload's placement, creating it.
func (b *builder) placement(pos diag.Pos, construct string) *ir.Placement {
	if b.w.Placement == nil {
		b.w.Placement = &ir.Placement{}
		b.w.Placement.Origin = origin(pos, construct)
	}
	return b.w.Placement
}

// placementConstraints maps memberOf expressions (and, for a service,
// distinctInstance) to node requirements.
func (b *builder) placementConstraints(pcs []*pe.PlacementConstraint, owner string) {
	if b.fargate {
		b.add(diag.ECSPlacement, pcs[0].Pos, "placement constraints of the %s are not carried over: Fargate ignored them", owner)
		return
	}
	for _, pc := range pcs {
		if !known(pc.Type) {
			continue
		}
		switch pc.Type.V {
		case "distinctInstance":
			b.placement(pc.Pos, "placementConstraints").OnePerNode = true
			b.addSev(diag.ECSPlacement, diag.Info, pc.Pos, "distinctInstance becomes required pod anti-affinity on kubernetes.io/hostname: at most one pod per node")
		case "memberOf":
			b.memberOf(pc)
		}
	}
}

func (b *builder) memberOf(pc *pe.PlacementConstraint) {
	expr := strings.TrimSpace(pc.Expression.V)
	if !known(pc.Expression) || expr == "" {
		return
	}
	var reqs []ir.NodeRequirement
	for _, clause := range splitAnd(expr) {
		m := reClause.FindStringSubmatch(strings.TrimSpace(clause))
		if m == nil {
			b.add(diag.ECSPlacement, pc.Expression.Pos, "placement expression %q cannot be expressed with node labels (only attribute comparisons joined by and are); not carried over", expr)
			return
		}
		attr, op, rest := m[1], m[2], strings.TrimSpace(m[3])
		key, ok := attrLabels[attr]
		if !ok {
			if strings.HasPrefix(attr, "ecs.") {
				b.add(diag.ECSPlacement, pc.Expression.Pos, "placement on attribute %s has no node label equivalent; not carried over", attr)
				return
			}
			key = attr // a custom attribute: a node label of the same name
			b.addSev(diag.ECSPlacement, diag.Info, pc.Expression.Pos, "custom attribute %s becomes the node label %s; label the nodes accordingly", attr, key)
		}
		var values []string
		for _, v := range strings.Split(strings.Trim(rest, "[]() "), ",") {
			if v = strings.TrimSpace(v); v != "" {
				values = append(values, labelValue(attr, v))
			}
		}
		sort.Strings(values)
		r := ir.NodeRequirement{Key: key, Values: values}
		switch op {
		case "==", "in":
			r.Operator = "In"
		case "!=", "not_in":
			r.Operator = "NotIn"
		case "exists":
			r.Operator, r.Values = "Exists", nil
		case "!exists":
			r.Operator, r.Values = "DoesNotExist", nil
		default:
			b.add(diag.ECSPlacement, pc.Expression.Pos, "placement expression %q matches a pattern (%s); label selectors cannot, so list the values with in [...]", expr, op)
			return
		}
		if (r.Operator == "In" || r.Operator == "NotIn") && len(values) == 0 {
			b.add(diag.ECSPlacement, pc.Expression.Pos, "placement expression %q has no value; not carried over", expr)
			return
		}
		reqs = append(reqs, r)
	}
	p := b.placement(pc.Pos, "placementConstraints")
	p.Require = append(p.Require, reqs...)
	sort.SliceStable(p.Require, func(i, j int) bool { return p.Require[i].Key < p.Require[j].Key })
	b.addSev(diag.ECSPlacement, diag.Info, pc.Expression.Pos, "placement expression %q becomes required node affinity", expr)
}

// splitAnd splits a cluster query language expression on "and".
func splitAnd(expr string) []string {
	if strings.Contains(strings.ToLower(expr), " or ") || strings.ContainsAny(expr, "()") && !strings.Contains(expr, " in (") {
		return []string{"\x00"} // not supported: makes the clause fail to match
	}
	parts := regexp.MustCompile(`(?i)\s+and\s+`).Split(expr, -1)
	return parts
}

// placementStrategy maps a service's placement strategies.
func (b *builder) placementStrategy(ps []*pe.PlacementStrategy) {
	if b.fargate && len(ps) > 0 {
		b.add(diag.ECSPlacement, ps[0].Pos, "placement strategies of the service are not carried over: Fargate ignored them (it spreads tasks over zones itself)")
		return
	}
	for _, s := range ps {
		if !known(s.Type) {
			continue
		}
		switch s.Type.V {
		case "spread":
			f := strings.ToLower(s.Field.V)
			key := ""
			switch f {
			case "attribute:ecs.availability-zone":
				key = "topology.kubernetes.io/zone"
			case "instanceid", "host", "attribute:ecs.instance-id":
				key = "kubernetes.io/hostname"
			default:
				if strings.HasPrefix(f, "attribute:") {
					key = attrLabels[strings.TrimPrefix(s.Field.V, "attribute:")]
				}
			}
			if key == "" {
				b.add(diag.ECSPlacement, s.Pos, "spread over %s has no node label equivalent; not carried over", s.Field.V)
				continue
			}
			p := b.placement(s.Pos, "placementStrategy")
			b.addSev(diag.ECSPlacement, diag.Info, s.Pos, "spread over %s becomes a topology spread constraint on %s (best effort)", s.Field.V, key)
			if !slices.Contains(p.SpreadBy, key) {
				p.SpreadBy = append(p.SpreadBy, key)
			}
		case "binpack":
			b.add(diag.ECSPlacement, s.Pos, "binpack on %s is a scheduler profile in Kubernetes (NodeResourcesFit MostAllocated), not a pod field; not carried over", orDefault(s.Field.V, "memory"))
		case "random":
			b.addSev(diag.ECSPlacement, diag.Info, s.Pos, "random placement needs nothing: the scheduler spreads pods by default")
		}
	}
}
