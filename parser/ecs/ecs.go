// Package ecs reads AWS ECS configuration — task definitions (registered
// JSON, describe-task-definition output), service definitions, Application
// Auto Scaling policies, CloudFormation templates and Terraform — into a
// typed syntax tree whose every node carries its source position.
//
// Every shape is first read into a generic tree of positioned Values (our
// own strict JSON reader, go.yaml.in/yaml/v3 for YAML, hashicorp/hcl/v2 for
// Terraform, with CloudFormation intrinsics and Terraform expressions
// evaluated statically), then decoded with the key spellings of its shape
// into one set of structs named after the ECS API. Unknown keys, wrong
// types, bad references and malformed ARNs are reported with file:line:col.
package ecs

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
)

// Shape names what an input file was.
type Shape string

const (
	ShapeUnknown              Shape = ""
	ShapeTaskDefinition       Shape = "task-definition"
	ShapeDescribeTaskDef      Shape = "describe-task-definition"
	ShapeContainerDefinitions Shape = "container-definitions"
	ShapeService              Shape = "service"
	ShapeScaling              Shape = "application-autoscaling"
	ShapeCloudFormation       Shape = "cloudformation"
	ShapeTerraform            Shape = "terraform"
	ShapeTerraformVars        Shape = "terraform-variables"
	ShapeTerraformShowJSON    Shape = "terraform-show-json"
	// ShapeTerraformTemplate is a template read through templatefile().
	ShapeTerraformTemplate Shape = "terraform-template"
)

// File is one parsed ECS input file.
type File struct {
	Path  string
	Shape Shape
	// The resources the file defines, in source order.
	TaskDefinitions []*TaskDefinition
	Services        []*Service
	ScalableTargets []*ScalableTarget
	ScalingPolicies []*ScalingPolicy
	TargetGroups    []*TargetGroup
	Alarms          []*Alarm
	// Reads lists the other files this one read (Terraform file() and
	// templatefile()), as absolute paths: they are not inputs of their own.
	Reads []string
}

// ClaimsPath reports whether a file is this package's by its name alone
// (Terraform files and templates), whatever its content.
func ClaimsPath(path string) bool { return isTerraformPath(path) || isTemplatePath(path) }

// Detect reports whether data (the content of the file at path) is an ECS
// input this package reads.
func Detect(path string, data []byte) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return false
	}
	if isTerraformPath(path) {
		return true
	}
	if isTemplatePath(path) {
		return bytes.Contains(data, []byte("${")) || bytes.Contains(data, []byte("%{"))
	}
	s := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(s) == 0 {
		return false
	}
	if s[0] == '{' || s[0] == '[' {
		if !hasMarker(data, jsonMarkers) {
			return false
		}
		v, _, err := parseJSON(data, func(int) diag.Pos { return diag.Pos{} })
		if err != nil {
			// A malformed file that names ECS keys is ours to report.
			return hasMarker(data, strongMarkers)
		}
		return classify(v) != ShapeUnknown
	}
	if hasYAMLMarker(data) {
		rep := &diag.Reporter{}
		v := parseYAML(newSource(path, data), rep)
		if v == nil {
			return hasMarker(data, [][]byte{[]byte("AWS::ECS::")})
		}
		return classify(v) != ShapeUnknown
	}
	return looksLikeTerraform(path, data)
}

var jsonMarkers = markers(`"containerDefinitions"`, `"taskDefinition"`, `"family"`, `"serviceName"`, `"desiredCount"`,
	`"loadBalancers"`, `"deploymentConfiguration"`, `"ScalableDimension"`, `"PolicyType"`, `"ScalableTargets"`,
	`"ScalingPolicies"`, `"Resources"`, `"format_version"`, `"image"`, `"schedulingStrategy"`, `"services"`)

var strongMarkers = markers(`"containerDefinitions"`, `"taskDefinition"`, `"ScalableDimension"`, `"AWS::ECS::`)

var yamlMarkers = markers("AWS::ECS::", "AWS::ApplicationAutoScaling::", "containerDefinitions:", "ContainerDefinitions:")

func markers(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

// hasYAMLMarker is hasMarker(data, yamlMarkers) in two passes over data
// instead of four: the markers share "AWS::" and "ontainerDefinitions:".
func hasYAMLMarker(data []byte) bool {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("AWS::"))
		if i < 0 {
			break
		}
		rest := data[off+i+len("AWS::"):]
		if bytes.HasPrefix(rest, []byte("ECS::")) || bytes.HasPrefix(rest, []byte("ApplicationAutoScaling::")) {
			return true
		}
		off += i + 1
	}
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("ontainerDefinitions:"))
		if i < 0 {
			return false
		}
		if at := off + i; at > 0 && (data[at-1] == 'c' || data[at-1] == 'C') {
			return true
		}
		off += i + 1
	}
}

func hasMarker(data []byte, ms [][]byte) bool {
	for _, m := range ms {
		if bytes.Contains(data, m) {
			return true
		}
	}
	return false
}

// isTemplatePath reports whether path names a Terraform template file.
func isTemplatePath(path string) bool {
	return strings.HasSuffix(path, ".tftpl") || strings.HasSuffix(path, ".tpl")
}

// classify tells the shape of a JSON or YAML document.
func classify(v *Value) Shape {
	switch v.Kind {
	case KindSeq:
		if len(v.Items) > 0 && isContainerDef(v.Items[0]) {
			return ShapeContainerDefinitions
		}
		return ShapeUnknown
	case KindMap:
	default:
		return ShapeUnknown
	}
	switch {
	case isCFN(v):
		return ShapeCloudFormation
	case v.Get("taskDefinition") != nil && v.Get("taskDefinition").Kind == KindMap:
		return ShapeDescribeTaskDef
	case v.Get("containerDefinitions") != nil || v.Get("family") != nil:
		return ShapeTaskDefinition
	case v.Get("format_version") != nil && (v.Get("values") != nil || v.Get("planned_values") != nil):
		return ShapeTerraformShowJSON
	case v.Get("services") != nil && v.Get("services").Kind == KindSeq,
		v.Get("service") != nil && v.Get("service").Kind == KindMap:
		return ShapeService
	case v.Get("ScalableTargets") != nil || v.Get("ScalingPolicies") != nil ||
		v.Get("ScalableDimension") != nil || v.Get("PolicyType") != nil:
		return ShapeScaling
	case isContainerDef(v):
		return ShapeContainerDefinitions
	}
	for _, k := range []string{"serviceName", "desiredCount", "loadBalancers", "deploymentConfiguration", "schedulingStrategy", "deploymentController", "launchType"} {
		if v.Get(k) != nil {
			return ShapeService
		}
	}
	return ShapeUnknown
}

// isContainerDef reports whether v looks like one container definition.
func isContainerDef(v *Value) bool {
	return v != nil && v.Kind == KindMap && v.Get("image") != nil && v.Get("name") != nil
}

// Parse reads one ECS input file. It always returns a non-nil File; every
// problem is reported to rep.
func Parse(path string, data []byte, rep *diag.Reporter) *File {
	f := &File{Path: path}
	src := newSource(path, data)
	if bytes.IndexByte(data, 0) >= 0 {
		rep.Add(diag.InputBinary, src.pos(0), "%s contains NUL bytes: not a text file", path)
		return f
	}
	if isTemplatePath(path) {
		// Evaluated where templatefile() reads it.
		f.Shape = ShapeTerraformTemplate
		return f
	}
	s := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if isTerraformPath(path) || (len(s) > 0 && s[0] != '{' && s[0] != '[' && !hasYAMLMarker(data) && looksLikeTerraform(path, data)) {
		parseTerraform(f, src, rep)
		check(f, rep)
		return f
	}
	var root *Value
	if len(s) > 0 && (s[0] == '{' || s[0] == '[') {
		v, dups, err := parseJSON(data, src.pos)
		if err != nil {
			rep.Add(diag.ECSSyntax, src.pos(err.off), "malformed JSON: %s", err.msg)
			return f
		}
		reportDups(dups, rep)
		root = v
	} else {
		root = parseYAML(src, rep)
		if root == nil {
			return f
		}
	}
	f.Shape = classify(root)
	dc := &decoder{rep: rep, d: dAPI}
	switch f.Shape {
	case ShapeCloudFormation:
		parseCFN(f, root, rep)
	case ShapeTaskDefinition:
		td := &TaskDefinition{}
		if dc.decodeStruct(root, td, "") {
			f.TaskDefinitions = append(f.TaskDefinitions, td)
		}
	case ShapeDescribeTaskDef:
		for _, e := range root.Entries {
			switch e.Key {
			case "taskDefinition":
				td := &TaskDefinition{}
				if dc.decodeStruct(e.Val, td, "taskDefinition") {
					f.TaskDefinitions = append(f.TaskDefinitions, td)
				}
			case "tags", "ResponseMetadata":
			default:
				rep.Add(diag.ECSUnknownField, e.KeyPos, "unknown field %s beside taskDefinition (describe-task-definition output has taskDefinition and tags)", quoteKey(e.Key))
			}
		}
	case ShapeContainerDefinitions:
		var list []*ContainerDefinition
		items := root
		if root.Kind == KindMap {
			items = &Value{Kind: KindSeq, Pos: root.Pos, Items: []*Value{root}}
		}
		dc.field(items, reflectValue(&list), "containerDefinitions", false)
		f.TaskDefinitions = append(f.TaskDefinitions, &TaskDefinition{Node: Node{Pos: root.Pos, Set: true}, ContainerDefinitions: list, Bare: true})
	case ShapeService:
		switch {
		case root.Get("services") != nil:
			for _, e := range root.Entries {
				switch e.Key {
				case "services":
					if e.Val.Kind != KindSeq {
						rep.Add(diag.ECSWrongType, e.Val.Pos, "services must be a list, not %s", describe(e.Val))
						continue
					}
					for i, it := range e.Val.Items {
						s := &Service{}
						if dc.decodeStruct(it, s, "services["+strconv.Itoa(i)+"]") {
							f.Services = append(f.Services, s)
						}
					}
				case "failures", "ResponseMetadata":
				default:
					rep.Add(diag.ECSUnknownField, e.KeyPos, "unknown field %s beside services (describe-services output has services and failures)", quoteKey(e.Key))
				}
			}
		case root.Get("service") != nil:
			for _, e := range root.Entries {
				if e.Key != "service" {
					rep.Add(diag.ECSUnknownField, e.KeyPos, "unknown field %s beside service", quoteKey(e.Key))
					continue
				}
				s := &Service{}
				if dc.decodeStruct(e.Val, s, "service") {
					f.Services = append(f.Services, s)
				}
			}
		default:
			s := &Service{}
			if dc.decodeStruct(root, s, "") {
				f.Services = append(f.Services, s)
			}
		}
	case ShapeScaling:
		parseScalingJSON(f, root, dc, rep)
	case ShapeTerraformShowJSON:
		parseShowJSON(f, root, rep)
	default:
		rep.Add(diag.ECSShape, root.Pos, "the document is not a task definition, service definition, Application Auto Scaling JSON, CloudFormation template or `terraform show -json` output")
		return f
	}
	check(f, rep)
	return f
}

func parseScalingJSON(f *File, root *Value, dc *decoder, rep *diag.Reporter) {
	list := func(key string, each func(*Value, string)) {
		for _, e := range root.Entries {
			switch e.Key {
			case key:
				if e.Val.Kind != KindSeq {
					rep.Add(diag.ECSWrongType, e.Val.Pos, "%s must be a list, not %s", key, describe(e.Val))
					continue
				}
				for i, it := range e.Val.Items {
					each(it, key+"["+strconv.Itoa(i)+"]")
				}
			case "NextToken", "ResponseMetadata":
			default:
				rep.Add(diag.ECSUnknownField, e.KeyPos, "unknown field %s beside %s", quoteKey(e.Key), key)
			}
		}
	}
	target := func(v *Value, path string) {
		s := &ScalableTarget{}
		if dc.decodeStruct(v, s, path) {
			f.ScalableTargets = append(f.ScalableTargets, s)
		}
	}
	policy := func(v *Value, path string) {
		s := &ScalingPolicy{}
		if dc.decodeStruct(v, s, path) {
			f.ScalingPolicies = append(f.ScalingPolicies, s)
		}
	}
	switch {
	case root.Get("ScalableTargets") != nil:
		list("ScalableTargets", target)
	case root.Get("ScalingPolicies") != nil:
		list("ScalingPolicies", policy)
	case root.Get("PolicyType") != nil || root.Get("PolicyName") != nil:
		policy(root, "")
	default:
		target(root, "")
	}
}

// parseShowJSON reads `terraform show -json` (state or plan) output.
func parseShowJSON(f *File, root *Value, rep *diag.Reporter) {
	vals := root.Get("values")
	if vals == nil {
		vals = root.Get("planned_values")
	}
	mod := vals.Get("root_module")
	if mod == nil {
		rep.Add(diag.ECSNoResources, root.Pos, "the Terraform JSON has no root_module")
		return
	}
	found := false
	var walk func(m *Value, depth int)
	walk = func(m *Value, depth int) {
		if m == nil || depth > 64 {
			return
		}
		if rs := m.Get("resources"); rs != nil && rs.Kind == KindSeq {
			for _, r := range rs.Items {
				if showResource(f, r, rep) {
					found = true
				}
			}
		}
		if cm := m.Get("child_modules"); cm != nil && cm.Kind == KindSeq {
			for _, c := range cm.Items {
				walk(c, depth+1)
			}
		}
	}
	walk(mod, 0)
	if !found {
		rep.Add(diag.ECSNoResources, root.Pos, "the Terraform JSON holds no aws_ecs_task_definition, aws_ecs_service or Application Auto Scaling resource")
	}
}

func showResource(f *File, r *Value, rep *diag.Reporter) bool {
	field := func(k string) string {
		if v := r.Get(k); v != nil && v.Kind == KindString {
			return v.Str
		}
		return ""
	}
	typ, addr := field("type"), field("address")
	if field("mode") != "managed" || !tfConverted[typ] {
		return false
	}
	vals := r.Get("values")
	if vals == nil {
		return false
	}
	return addResource(f, &decoder{rep: rep, d: dTF}, typ, addr, addr, dropEmpty(vals), r.Pos, rep)
}

// dropEmpty removes the attributes `terraform show -json` lists with no
// value (null, "", [], {}): the provider's full schema, most of it unset.
// What remains is checked like hand-written Terraform.
func dropEmpty(v *Value) *Value {
	if v.Kind != KindMap {
		return v
	}
	out := &Value{Kind: KindMap, Pos: v.Pos}
	for _, e := range v.Entries {
		x := e.Val
		switch {
		case x == nil, x.Kind == KindNull,
			x.Kind == KindString && x.Str == "",
			x.Kind == KindSeq && len(x.Items) == 0,
			x.Kind == KindMap && len(x.Entries) == 0:
			continue
		case x.Kind == KindSeq:
			y := &Value{Kind: KindSeq, Pos: x.Pos}
			for _, it := range x.Items {
				y.Items = append(y.Items, dropEmpty(it))
			}
			x = y
		case x.Kind == KindMap && e.Key != "tags" && e.Key != "tags_all":
			x = dropEmpty(x)
		}
		out.Entries = append(out.Entries, Entry{Key: e.Key, KeyPos: e.KeyPos, Val: x})
	}
	return out
}

// joinPath joins a field path and a key.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
