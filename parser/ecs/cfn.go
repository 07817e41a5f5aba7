package ecs

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
)

// CloudFormation templates: resources of the ECS and Application Auto
// Scaling types are resolved (intrinsic functions evaluated where the
// template defines their inputs) and decoded with CloudFormation's key
// spellings.

// cfnPseudo are the pseudo parameters; none has a value without a stack.
var cfnPseudo = map[string]bool{
	"AWS::AccountId": true, "AWS::Region": true, "AWS::StackName": true, "AWS::StackId": true,
	"AWS::Partition": true, "AWS::URLSuffix": true, "AWS::NotificationARNs": true,
}

type cfnResource struct {
	id   string
	typ  string
	pos  diag.Pos
	body *Value
}

type cfnTemplate struct {
	rep        *diag.Reporter
	params     map[string]*Value // parameter -> its declaration
	conds      map[string]*Value
	condCache  map[string]int8 // 1 true, -1 false, 0 unknown
	condActive map[string]bool
	mappings   *Value
	resources  map[string]*cfnResource
	order      []*cfnResource
	depth      int
	// steps bounds the work of resolving intrinsics, which hostile input
	// could make exponential (FindInMap returning values that use it).
	steps int
}

const maxSteps = 200000

// cfnResourceKeys are the keys a resource may have beside Properties.
var cfnResourceKeys = map[string]bool{
	"Type": true, "Properties": true, "DependsOn": true, "Condition": true, "Metadata": true,
	"DeletionPolicy": true, "UpdateReplacePolicy": true, "UpdatePolicy": true, "CreationPolicy": true,
}

func isCFN(v *Value) bool {
	if v == nil || v.Kind != KindMap {
		return false
	}
	res := v.Get("Resources")
	if res == nil || res.Kind != KindMap {
		return false
	}
	if v.Get("AWSTemplateFormatVersion") != nil {
		return true
	}
	for _, e := range res.Entries {
		if t := e.Val.Get("Type"); t != nil && t.Kind == KindString && strings.HasPrefix(t.Str, "AWS::") {
			return true
		}
	}
	return false
}

func parseCFN(f *File, root *Value, rep *diag.Reporter) {
	t := &cfnTemplate{rep: rep, params: map[string]*Value{}, conds: map[string]*Value{},
		condCache: map[string]int8{}, condActive: map[string]bool{}, resources: map[string]*cfnResource{}}
	if p := root.Get("Parameters"); p != nil && p.Kind == KindMap {
		for _, e := range p.Entries {
			t.params[e.Key] = e.Val
		}
	}
	if c := root.Get("Conditions"); c != nil && c.Kind == KindMap {
		for _, e := range c.Entries {
			t.conds[e.Key] = e.Val
		}
	}
	t.mappings = root.Get("Mappings")
	res := root.Get("Resources")
	for _, e := range res.Entries {
		r := &cfnResource{id: e.Key, pos: e.KeyPos, body: e.Val}
		if e.Val.Kind != KindMap {
			rep.Add(diag.ECSWrongType, e.Val.Pos, "Resources.%s must be an object, not %s", e.Key, describe(e.Val))
			continue
		}
		if ty := e.Val.Get("Type"); ty != nil && ty.Kind == KindString {
			r.typ = ty.Str
		}
		t.resources[e.Key] = r
		t.order = append(t.order, r)
	}
	found := false
	for _, r := range t.order {
		kind := ""
		switch r.typ {
		case "AWS::ECS::TaskDefinition", "AWS::ECS::Service", "AWS::ApplicationAutoScaling::ScalableTarget",
			"AWS::ApplicationAutoScaling::ScalingPolicy":
			kind = "ecs"
			found = true
		case "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::CloudWatch::Alarm":
			kind = "support"
		}
		if kind == "" {
			continue
		}
		path := "Resources." + r.id
		for _, e := range r.body.Entries {
			if !cfnResourceKeys[e.Key] && kind == "ecs" {
				rep.Add(diag.ECSUnknownField, e.KeyPos, "unknown key %s in resource %s (a resource has Type, Properties, Condition, DependsOn, Metadata and policies)", quoteKey(e.Key), r.id)
			}
		}
		if c := r.body.Get("Condition"); c != nil && c.Kind == KindString {
			if t.cond(c.Str, c.Pos) < 0 {
				if kind == "ecs" {
					rep.Add(diag.ECSResourceSkipped, r.pos, "resource %s is not created: its condition %s is false with the parameters' defaults", r.id, c.Str)
				}
				continue
			}
		}
		props := r.body.Get("Properties")
		if props == nil {
			props = &Value{Kind: KindMap, Pos: r.pos}
		}
		props = t.resolve(props)
		if props == nil {
			props = &Value{Kind: KindMap, Pos: r.pos}
		}
		addResource(f, &decoder{rep: rep, d: dCFN}, cfnResourceTypes[r.typ], r.id, path+".Properties", props, r.pos, rep)
	}
	if !found {
		rep.Add(diag.ECSNoResources, root.Pos, "the template defines no ECS or Application Auto Scaling resource")
	}
}

// cfnResourceTypes names, for each CloudFormation type kubelift reads, the
// Terraform resource type it is read like (see addResource).
var cfnResourceTypes = map[string]string{
	"AWS::ECS::TaskDefinition":                    "aws_ecs_task_definition",
	"AWS::ECS::Service":                           "aws_ecs_service",
	"AWS::ApplicationAutoScaling::ScalableTarget": "aws_appautoscaling_target",
	"AWS::ApplicationAutoScaling::ScalingPolicy":  "aws_appautoscaling_policy",
	"AWS::ElasticLoadBalancingV2::TargetGroup":    "aws_lb_target_group",
	"AWS::CloudWatch::Alarm":                      "aws_cloudwatch_metric_alarm",
}

// cond evaluates a named condition with the parameters' defaults: 1 true,
// -1 false, 0 unknown.
func (t *cfnTemplate) cond(name string, pos diag.Pos) int8 {
	if c, ok := t.condCache[name]; ok {
		return c
	}
	def, ok := t.conds[name]
	if !ok || t.condActive[name] {
		return 0
	}
	t.condActive[name] = true
	r := t.condValue(def)
	t.condActive[name] = false
	t.condCache[name] = r
	return r
}

func (t *cfnTemplate) condValue(v *Value) int8 {
	if v == nil || v.Kind != KindMap || len(v.Entries) != 1 {
		if v != nil && v.Kind == KindBool {
			if v.Str == "true" {
				return 1
			}
			return -1
		}
		return 0
	}
	fn, arg := v.Entries[0].Key, v.Entries[0].Val
	switch fn {
	case "Condition":
		if arg.Kind == KindString {
			return t.cond(arg.Str, arg.Pos)
		}
	case "Fn::Equals":
		if arg.Kind == KindSeq && len(arg.Items) == 2 {
			a, b := t.resolve(arg.Items[0]), t.resolve(arg.Items[1])
			if a == nil || b == nil || a.Kind == KindUnknown || b.Kind == KindUnknown || len(a.Unresolved) > 0 || len(b.Unresolved) > 0 {
				return 0
			}
			if scalarText(a) == scalarText(b) {
				return 1
			}
			return -1
		}
	case "Fn::Not":
		if arg.Kind == KindSeq && len(arg.Items) == 1 {
			return -t.condValue(arg.Items[0])
		}
	case "Fn::And", "Fn::Or":
		if arg.Kind != KindSeq {
			return 0
		}
		and := fn == "Fn::And"
		res := int8(1)
		if !and {
			res = -1
		}
		for _, it := range arg.Items {
			c := t.condValue(it)
			switch {
			case and && c < 0:
				return -1
			case !and && c > 0:
				return 1
			case c == 0:
				res = 0
			}
		}
		return res
	}
	return 0
}

func scalarText(v *Value) string {
	switch v.Kind {
	case KindString, KindNumber, KindBool:
		return v.Str
	}
	return "\x00" + v.Kind.String()
}

// resolve evaluates the intrinsic functions in v. It returns nil for
// AWS::NoValue (the key is then absent).
func (t *cfnTemplate) resolve(v *Value) *Value {
	if v == nil {
		return nil
	}
	t.depth++
	t.steps++
	defer func() { t.depth-- }()
	if t.depth > maxDepth || t.steps > maxSteps {
		return unknown(v.Pos, "a too deeply nested or too large expression")
	}
	switch v.Kind {
	case KindSeq:
		out := &Value{Kind: KindSeq, Pos: v.Pos}
		for _, it := range v.Items {
			if r := t.resolve(it); r != nil {
				out.Items = append(out.Items, r)
			}
		}
		return out
	case KindMap:
		if len(v.Entries) == 1 {
			k := v.Entries[0].Key
			if k == "Ref" || strings.HasPrefix(k, "Fn::") {
				return t.intrinsic(k, v.Entries[0].Val, v.Pos)
			}
		}
		out := &Value{Kind: KindMap, Pos: v.Pos}
		for _, e := range v.Entries {
			if r := t.resolve(e.Val); r != nil {
				out.Entries = append(out.Entries, Entry{Key: e.Key, KeyPos: e.KeyPos, Val: r})
			}
		}
		return out
	}
	return v
}

func (t *cfnTemplate) intrinsic(fn string, arg *Value, pos diag.Pos) *Value {
	switch fn {
	case "Ref":
		if arg.Kind != KindString {
			return unknown(pos, "Ref of "+describe(arg))
		}
		return t.ref(arg.Str, pos)
	case "Fn::GetAtt":
		var parts []string
		switch arg.Kind {
		case KindSeq:
			for _, it := range arg.Items {
				r := t.resolve(it)
				if r == nil || r.Kind != KindString {
					return unknown(pos, "Fn::GetAtt")
				}
				parts = append(parts, r.Str)
			}
		case KindString:
			parts = strings.SplitN(arg.Str, ".", 2)
		}
		if len(parts) != 2 {
			return unknown(pos, "Fn::GetAtt")
		}
		return t.getAtt(parts[0], parts[1], pos)
	case "Fn::Sub":
		return t.sub(arg, pos)
	case "Fn::Join":
		if arg.Kind != KindSeq || len(arg.Items) != 2 {
			return unknown(pos, "Fn::Join")
		}
		d := t.resolve(arg.Items[0])
		list := t.resolve(arg.Items[1])
		if d == nil || d.Kind != KindString || list == nil {
			return unknown(pos, "Fn::Join")
		}
		if list.Kind != KindSeq {
			return t.unknownFrom(pos, "Fn::Join", list)
		}
		return t.concat(pos, list.Items, d.Str)
	case "Fn::Select":
		if arg.Kind != KindSeq || len(arg.Items) != 2 {
			return unknown(pos, "Fn::Select")
		}
		idx, list := t.resolve(arg.Items[0]), t.resolve(arg.Items[1])
		if idx == nil || list == nil || list.Kind != KindSeq || (idx.Kind != KindNumber && idx.Kind != KindString) {
			return t.unknownFrom(pos, "Fn::Select", list)
		}
		i, err := strconv.Atoi(idx.Str)
		if err != nil || i < 0 || i >= len(list.Items) {
			return unknown(pos, "Fn::Select")
		}
		return list.Items[i]
	case "Fn::Split":
		if arg.Kind != KindSeq || len(arg.Items) != 2 {
			return unknown(pos, "Fn::Split")
		}
		d, s := t.resolve(arg.Items[0]), t.resolve(arg.Items[1])
		if d == nil || s == nil || d.Kind != KindString || s.Kind != KindString || len(s.Unresolved) > 0 || d.Str == "" {
			return t.unknownFrom(pos, "Fn::Split", s)
		}
		out := &Value{Kind: KindSeq, Pos: pos}
		for _, p := range strings.Split(s.Str, d.Str) {
			out.Items = append(out.Items, str(pos, p))
		}
		return out
	case "Fn::If":
		if arg.Kind != KindSeq || len(arg.Items) != 3 || arg.Items[0].Kind != KindString {
			return unknown(pos, "Fn::If")
		}
		switch t.cond(arg.Items[0].Str, arg.Items[0].Pos) {
		case 1:
			return t.resolve(arg.Items[1])
		case -1:
			return t.resolve(arg.Items[2])
		}
		return unknown(pos, "Fn::If "+arg.Items[0].Str)
	case "Fn::FindInMap":
		if arg.Kind != KindSeq || len(arg.Items) < 3 {
			return unknown(pos, "Fn::FindInMap")
		}
		cur := t.mappings
		var names []string
		for _, it := range arg.Items[:3] {
			k := t.resolve(it)
			if k == nil || k.Kind != KindString || len(k.Unresolved) > 0 {
				cur = nil
				break
			}
			names = append(names, k.Str)
			cur = cur.Get(k.Str)
		}
		if cur == nil {
			if len(arg.Items) == 4 {
				if dv := arg.Items[3].Get("DefaultValue"); dv != nil {
					return t.resolve(dv)
				}
			}
			return unknown(pos, "Fn::FindInMap "+strings.Join(names, "."))
		}
		return t.resolve(cur)
	case "Fn::ImportValue":
		name := "Fn::ImportValue"
		if r := t.resolve(arg); r != nil && r.Kind == KindString && len(r.Unresolved) == 0 {
			name = "Fn::ImportValue " + r.Str
		}
		return unknown(pos, name)
	case "Fn::Base64":
		r := t.resolve(arg)
		if r != nil && r.Kind == KindString && len(r.Unresolved) == 0 {
			return str(pos, base64.StdEncoding.EncodeToString([]byte(r.Str)))
		}
		return t.unknownFrom(pos, "Fn::Base64", r)
	case "Fn::Length":
		r := t.resolve(arg)
		if r != nil && r.Kind == KindSeq {
			return &Value{Kind: KindNumber, Pos: pos, Str: strconv.Itoa(len(r.Items))}
		}
		return t.unknownFrom(pos, "Fn::Length", r)
	case "Fn::ToJsonString":
		r := t.resolve(arg)
		if r != nil && len(allUnresolved(r)) == 0 {
			if b, err := json.Marshal(toPlain(r)); err == nil {
				return str(pos, string(b))
			}
		}
		return t.unknownFrom(pos, "Fn::ToJsonString", r)
	}
	return unknown(pos, fn)
}

// unknownFrom is an unknown value that keeps the refs of what it was made of.
func (t *cfnTemplate) unknownFrom(pos diag.Pos, expr string, from *Value) *Value {
	u := unknown(pos, expr)
	if from != nil {
		u.Refs = from.AllRefs()
		if un := allUnresolved(from); len(un) > 0 {
			u.Unresolved = un
			u.Str = placeholder(un[0])
		}
	}
	return u
}

// toPlain turns a value into Go values for encoding/json.
func toPlain(v *Value) any {
	switch v.Kind {
	case KindMap:
		m := map[string]any{}
		for _, e := range v.Entries {
			m[e.Key] = toPlain(e.Val)
		}
		return m
	case KindSeq:
		out := []any{}
		for _, it := range v.Items {
			out = append(out, toPlain(it))
		}
		return out
	case KindNumber:
		return json.Number(v.Str)
	case KindBool:
		return v.Str == "true"
	case KindNull:
		return nil
	}
	return v.Str
}

// ref resolves Ref NAME.
func (t *cfnTemplate) ref(name string, pos diag.Pos) *Value {
	if name == "AWS::NoValue" {
		return nil
	}
	if cfnPseudo[name] {
		return unknown(pos, name)
	}
	if p, ok := t.params[name]; ok {
		def := p.Get("Default")
		if def == nil {
			return unknown(pos, name)
		}
		typ := ""
		if ty := p.Get("Type"); ty != nil && ty.Kind == KindString {
			typ = ty.Str
		}
		if def.Kind == KindSeq {
			return def
		}
		if typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") {
			out := &Value{Kind: KindSeq, Pos: pos}
			for _, s := range strings.Split(def.Str, ",") {
				out.Items = append(out.Items, str(pos, strings.TrimSpace(s)))
			}
			return out
		}
		d := *def
		d.Pos = pos
		d.locate = nil
		if d.Kind == KindNumber || d.Kind == KindBool {
			if typ == "String" {
				d.Kind = KindString
			}
		}
		return &d
	}
	if _, ok := t.resources[name]; ok {
		return unknown(pos, "Ref "+name, name)
	}
	return unknown(pos, name)
}

// getAtt resolves Fn::GetAtt RESOURCE.ATTRIBUTE. Only a service's Name is
// known before the stack exists (when ServiceName is set).
func (t *cfnTemplate) getAtt(res, attr string, pos diag.Pos) *Value {
	r, ok := t.resources[res]
	if !ok {
		return unknown(pos, res+"."+attr)
	}
	if r.typ == "AWS::ECS::Service" && attr == "Name" {
		if p := r.body.Get("Properties"); p != nil {
			if n := p.Get("ServiceName"); n != nil && n.Kind == KindString {
				v := str(pos, n.Str)
				v.Refs = []string{res}
				return v
			}
		}
	}
	return unknown(pos, res+"."+attr, res)
}

// sub evaluates Fn::Sub.
func (t *cfnTemplate) sub(arg *Value, pos diag.Pos) *Value {
	var tmpl *Value
	vars := map[string]*Value{}
	switch arg.Kind {
	case KindString:
		tmpl = arg
	case KindSeq:
		if len(arg.Items) != 2 || arg.Items[0].Kind != KindString {
			return unknown(pos, "Fn::Sub")
		}
		tmpl = arg.Items[0]
		if m := arg.Items[1]; m.Kind == KindMap {
			for _, e := range m.Entries {
				vars[e.Key] = e.Val
			}
		}
	default:
		return unknown(pos, "Fn::Sub")
	}
	var parts []*Value
	s := tmpl.Str
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			parts = append(parts, str(pos, s))
			break
		}
		if strings.HasPrefix(s[i:], "${!") {
			parts = append(parts, str(pos, s[:i]+"${"))
			s = s[i+3:]
			continue
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			parts = append(parts, str(pos, s))
			break
		}
		parts = append(parts, str(pos, s[:i]))
		name := strings.TrimSpace(s[i+2 : i+j])
		s = s[i+j+1:]
		if v, ok := vars[name]; ok {
			parts = append(parts, t.resolve(v))
			continue
		}
		if res, attr, ok := strings.Cut(name, "."); ok && !cfnPseudo[name] {
			parts = append(parts, t.getAtt(res, attr, pos))
			continue
		}
		parts = append(parts, t.ref(name, pos))
	}
	return t.concat(pos, parts, "")
}

// concat joins string parts; unknown parts become placeholders.
func (t *cfnTemplate) concat(pos diag.Pos, parts []*Value, sep string) *Value {
	var b strings.Builder
	out := &Value{Kind: KindString, Pos: pos}
	n := 0
	for _, p := range parts {
		if p == nil {
			continue
		}
		if n > 0 {
			b.WriteString(sep)
		}
		n++
		switch p.Kind {
		case KindString, KindNumber, KindBool:
			b.WriteString(p.Str)
			out.Unresolved = append(out.Unresolved, p.Unresolved...)
		case KindUnknown:
			b.WriteString(p.Str)
			out.Unresolved = append(out.Unresolved, p.Unresolved...)
		default:
			u := unknown(pos, "a list or object inside a string")
			b.WriteString(u.Str)
			out.Unresolved = append(out.Unresolved, u.Unresolved...)
		}
		out.Refs = append(out.Refs, p.Refs...)
	}
	out.Str = b.String()
	out.Refs = sortedSet(out.Refs)
	return out
}
