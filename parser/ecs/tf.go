package ecs

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/kubelift/kubelift/diag"
)

// Terraform: .tf files are read with hashicorp/hcl/v2 and evaluated
// statically, as Terraform would before it contacts AWS: variables with
// their defaults (or terraform.tfvars / *.auto.tfvars values), locals,
// jsonencode, file, templatefile and the pure built-in functions. A module
// is a directory, so the .tf files beside the one being read are loaded
// for their variables and locals; only the resources of the file itself
// are converted (its siblings are converted when they are inputs too).
// Data sources, module outputs and resource attributes are known only at
// apply time: they are left as clearly named placeholders and reported.

// tfConverted are the resource types read.
var tfConverted = map[string]bool{
	"aws_ecs_task_definition": true, "aws_ecs_service": true,
	"aws_appautoscaling_target": true, "aws_appautoscaling_policy": true,
	"aws_lb_target_group": true, "aws_alb_target_group": true, "aws_cloudwatch_metric_alarm": true,
}

type tfVar struct {
	def hclsyntax.Expression // default, or the .tfvars value
	src *source
}

type tfLocal struct {
	expr hclsyntax.Expression
	src  *source
}

// tfModule is one Terraform module directory.
type tfModule struct {
	dir      string
	rep      *diag.Reporter
	srcs     map[string]*source // by file name as given to the HCL parser
	vars     map[string]*tfVar
	locals   map[string]*tfLocal
	localVal map[string]cty.Value
	walking  map[string]bool
	// resources are the module's resource blocks by address, so that a
	// reference to an argument they set (aws_ecs_service.web.name) is
	// known before apply.
	resources map[string]*hclsyntax.Body
	ctx       *hcl.EvalContext
	reads     []string
	depth     int
	steps     int // bounds the work of evaluation (see maxSteps)
}

// tfScope holds names bound by a template (templatefile's variables) or a
// dynamic block's iterator.
type tfScope struct {
	ctx  *hcl.EvalContext
	vars map[string]*Value
}

func isTerraformPath(path string) bool {
	return strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars")
}

// looksLikeTerraform reports whether data parses as HCL with Terraform's
// top-level blocks.
func looksLikeTerraform(path string, data []byte) bool {
	if isTerraformPath(path) {
		return true
	}
	if !(containsWord(data, "resource") || containsWord(data, "variable") || containsWord(data, "locals") || containsWord(data, "module")) {
		return false
	}
	// Parsing is costly (a whole nginx file that mentions a module would
	// be tokenised): only data where a top-level block can start is parsed.
	if !mayHaveTFBlock(data) {
		return false
	}
	f, diags := hclsyntax.ParseConfig(data, path, hcl.InitialPos)
	if diags.HasErrors() {
		return false
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return false
	}
	for _, b := range body.Blocks {
		switch b.Type {
		case "resource", "data", "module", "variable", "locals", "provider", "terraform", "output":
			return true
		}
	}
	return false
}

func containsWord(data []byte, w string) bool { return bytes.Contains(data, []byte(w)) }

// tfBlockTypes are the top-level block types looksLikeTerraform accepts.
var tfBlockTypes = []string{"resource", "data", "module", "variable", "locals", "provider", "terraform", "output"}

// mayHaveTFBlock reports whether one of tfBlockTypes occurs where a
// top-level HCL block could start: first on its line (after blanks, or
// after a /* comment */), and not followed by an identifier character. It is
// a necessary condition for looksLikeTerraform, so a file for which it is
// false need not be parsed.
func mayHaveTFBlock(data []byte) bool {
	if bytes.Contains(data, []byte("*/")) {
		// A block may follow a comment: look at every occurrence.
		for _, w := range tfBlockTypes {
			for off := 0; ; {
				i := bytes.Index(data[off:], []byte(w))
				if i < 0 {
					break
				}
				at := off + i
				off = at + len(w)
				if off < len(data) && !isTFIdentByte(data[off]) && tfLineStart(data[:at]) {
					return true
				}
			}
		}
		return false
	}
	// Otherwise only the first word of each line can start a block.
	for line := 0; line < len(data); {
		i := line
		for i < len(data) && isTFBlank(data[i]) {
			i++
		}
		if i < len(data) {
			switch data[i] {
			case 'r', 'd', 'm', 'v', 'l', 'p', 't', 'o':
				for _, w := range tfBlockTypes {
					if end := i + len(w); end < len(data) && string(data[i:end]) == w && !isTFIdentByte(data[end]) {
						return true
					}
				}
			}
		}
		nl := bytes.IndexByte(data[i:], '\n')
		if nl < 0 {
			break
		}
		line = i + nl + 1
	}
	return false
}

// tfLineStart reports whether before (the data before a word) ends with a
// line start followed by nothing but blanks, or with a block comment.
func tfLineStart(before []byte) bool {
	for j := len(before) - 1; j >= 0; j-- {
		switch c := before[j]; {
		case c == '\n':
			return true
		case isTFBlank(c):
			continue
		case c == '/':
			return j > 0 && before[j-1] == '*'
		}
		return false
	}
	return true
}

// isTFBlank reports whether c is a blank that may come before a block on
// its line (a BOM's bytes count as blanks).
func isTFBlank(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\v', '\f', 0xef, 0xbb, 0xbf:
		return true
	}
	return false
}

// isTFIdentByte reports whether c can continue an HCL identifier (any
// non-ASCII byte may).
func isTFIdentByte(c byte) bool {
	return c >= 0x80 || c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func parseTerraform(f *File, src *source, rep *diag.Reporter) {
	body := parseHCL(src, rep)
	if body == nil {
		return
	}
	f.Shape = ShapeTerraform
	if strings.HasSuffix(src.path, ".tfvars") {
		f.Shape = ShapeTerraformVars
		return
	}
	m := &tfModule{dir: filepath.Dir(src.path), rep: rep, srcs: map[string]*source{}, vars: map[string]*tfVar{},
		locals: map[string]*tfLocal{}, localVal: map[string]cty.Value{}, walking: map[string]bool{},
		resources: map[string]*hclsyntax.Body{}}
	m.srcs[src.path] = src
	m.collect(body, src)
	m.loadSiblings(src.path)
	m.prepare()

	found := false
	for _, b := range body.Blocks {
		switch b.Type {
		case "resource":
			if len(b.Labels) == 2 && tfConverted[b.Labels[0]] {
				if !strings.HasPrefix(b.Labels[0], "aws_lb") && !strings.HasPrefix(b.Labels[0], "aws_alb") && b.Labels[0] != "aws_cloudwatch_metric_alarm" {
					found = true
				}
				m.resource(f, b, src)
			}
		case "module":
			if m.moduleCall(b, src) {
				found = true
			}
		}
	}
	if !found && len(m.vars) == 0 && len(m.locals) == 0 {
		rep.Add(diag.ECSNoResources, src.pos(0), "the Terraform file defines no aws_ecs_task_definition, aws_ecs_service or Application Auto Scaling resource")
	}
	f.Reads = append(f.Reads, m.reads...)
}

// parseHCL parses one file, reporting syntax errors.
func parseHCL(src *source, rep *diag.Reporter) *hclsyntax.Body {
	file, diags := hclsyntax.ParseConfig(src.data, src.path, hcl.InitialPos)
	bad := false
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		bad = true
		pos := src.pos(0)
		if d.Subject != nil {
			pos = src.pos(d.Subject.Start.Byte)
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		rep.Add(diag.ECSSyntax, pos, "malformed Terraform: %s", msg)
	}
	if bad || file == nil {
		return nil
	}
	body, _ := file.Body.(*hclsyntax.Body)
	return body
}

// loadSiblings reads the other .tf files of the module directory and the
// variable files Terraform loads automatically.
func (m *tfModule) loadSiblings(path string) {
	ents, err := os.ReadDir(m.dir)
	if err != nil {
		return
	}
	var tfs, vars []string
	for _, e := range ents {
		n := e.Name()
		if !e.Type().IsRegular() || filepath.Join(m.dir, n) == path {
			continue
		}
		switch {
		case strings.HasSuffix(n, ".tf"):
			tfs = append(tfs, n)
		case n == "terraform.tfvars":
			vars = append([]string{n}, vars...)
		case strings.HasSuffix(n, ".auto.tfvars"):
			vars = append(vars, n)
		}
	}
	sort.Strings(tfs)
	if len(vars) > 1 {
		sort.Strings(vars[1:])
		if vars[0] != "terraform.tfvars" {
			sort.Strings(vars)
		}
	}
	for _, n := range tfs {
		p := filepath.Join(m.dir, n)
		data, err := os.ReadFile(p)
		if err != nil || len(data) > 16<<20 {
			continue
		}
		s := newSource(p, data)
		if body := parseHCL(s, m.rep); body != nil {
			m.srcs[p] = s
			m.collect(body, s)
		}
	}
	if strings.HasSuffix(path, ".tfvars") {
		return
	}
	for _, n := range vars {
		p := filepath.Join(m.dir, n)
		data, err := os.ReadFile(p)
		if err != nil || len(data) > 16<<20 {
			continue
		}
		s := newSource(p, data)
		body := parseHCL(s, m.rep)
		if body == nil {
			continue
		}
		m.srcs[p] = s
		for name, a := range body.Attributes {
			if v, ok := m.vars[name]; ok {
				v.def, v.src = a.Expr, s
			}
		}
	}
}

// collect records the variables and locals of one file.
func (m *tfModule) collect(body *hclsyntax.Body, src *source) {
	for _, b := range body.Blocks {
		switch b.Type {
		case "variable":
			if len(b.Labels) != 1 {
				continue
			}
			v := &tfVar{src: src}
			if a, ok := b.Body.Attributes["default"]; ok {
				v.def = a.Expr
			}
			if _, dup := m.vars[b.Labels[0]]; !dup {
				m.vars[b.Labels[0]] = v
			}
		case "resource":
			if len(b.Labels) == 2 {
				m.resources[b.Labels[0]+"."+b.Labels[1]] = b.Body
			}
		case "locals":
			for name, a := range b.Body.Attributes {
				if _, dup := m.locals[name]; !dup {
					m.locals[name] = &tfLocal{expr: a.Expr, src: src}
				}
			}
		}
	}
}

// prepare builds the evaluation context: variables, locals (evaluated to
// a fixed point, since they may refer to each other in any order), path.*.
func (m *tfModule) prepare() {
	funcs := m.functions()
	abs, err := filepath.Abs(m.dir)
	if err != nil {
		abs = m.dir
	}
	base := &hcl.EvalContext{Functions: funcs, Variables: map[string]cty.Value{
		"path": cty.ObjectVal(map[string]cty.Value{
			// Terraform runs in the root module's directory: path.module
			// and path.root are ".", and file() reads relative to it.
			"module": cty.StringVal("."), "root": cty.StringVal("."), "cwd": cty.StringVal(abs),
		}),
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
	}}
	vars := map[string]cty.Value{}
	for _, name := range slices.Sorted(maps.Keys(m.vars)) {
		v := m.vars[name]
		if v.def == nil {
			vars[name] = cty.DynamicVal
			continue
		}
		val, diags := v.def.Value(base)
		if diags.HasErrors() {
			val = cty.DynamicVal
		}
		vars[name] = val
	}
	base.Variables["var"] = cty.ObjectVal(vars)
	m.ctx = base
	names := slices.Sorted(maps.Keys(m.locals))
	for _, n := range names {
		m.localVal[n] = cty.DynamicVal
	}
	for range len(names) + 1 {
		base.Variables["local"] = cty.ObjectVal(m.localVal)
		changed := false
		for _, n := range names {
			val, diags := m.eval(m.locals[n].expr, &tfScope{ctx: base})
			if diags.HasErrors() {
				continue
			}
			if !val.RawEquals(m.localVal[n]) {
				m.localVal[n] = val
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	base.Variables["local"] = cty.ObjectVal(m.localVal)
	m.ctx = base
}

// srcOf returns the source of a range.
func (m *tfModule) srcOf(r hcl.Range) *source {
	if s, ok := m.srcs[r.Filename]; ok {
		return s
	}
	s := newSource(r.Filename, nil)
	return s
}

func (m *tfModule) pos(r hcl.Range) diag.Pos {
	s := m.srcOf(r)
	if s.data == nil {
		return diag.Pos{File: r.Filename, Line: r.Start.Line, Col: r.Start.Column, Offset: r.Start.Byte}
	}
	return s.pos(r.Start.Byte)
}

// text is the source text of a range, shortened for messages.
func (m *tfModule) text(r hcl.Range) string {
	s := m.srcOf(r)
	if s.data == nil || r.End.Byte > len(s.data) || r.Start.Byte > r.End.Byte {
		return "an expression"
	}
	t := strings.Join(strings.Fields(string(s.data[r.Start.Byte:r.End.Byte])), " ")
	if len(t) > 80 {
		t = t[:77] + "..."
	}
	return t
}

// resource converts one resource block.
func (m *tfModule) resource(f *File, b *hclsyntax.Block, src *source) {
	typ, name := b.Labels[0], b.Labels[1]
	id := typ + "." + name
	pos := src.pos(b.TypeRange.Start.Byte)
	sc := &tfScope{ctx: m.ctx}
	if a, ok := b.Body.Attributes["count"]; ok {
		n := m.value(a.Expr, sc, false)
		if n.Kind == KindNumber && n.Str == "0" {
			m.rep.Add(diag.ECSResourceSkipped, pos, "resource %s is not created: count is 0", id)
			return
		}
		if n.Kind != KindNumber || n.Str != "1" {
			m.rep.Add(diag.ECSUnresolved, m.pos(a.Expr.Range()), "resource %s has count = %s; it is converted as one instance", id, m.text(a.Expr.Range()))
		}
	}
	if a, ok := b.Body.Attributes["for_each"]; ok {
		m.rep.Add(diag.ECSUnresolved, m.pos(a.Expr.Range()), "resource %s has for_each; it is converted as one instance, with each.key and each.value unresolved", id)
	}
	v := m.bodyValue(b.Body, sc)
	v.Pos = pos
	addResource(f, &decoder{rep: m.rep, d: dTF}, typ, id, id, v, pos, m.rep)
}

// addResource decodes the values v of a resource at path into f, with dc
// (the key dialect of its format: hand-written Terraform, `terraform show
// -json`, or CloudFormation, whose types are mapped to Terraform's by
// cfnResourceTypes). It reports whether the resource is one the conversion
// is about (a task definition, a service or an Application Auto Scaling
// resource) rather than a target group or an alarm they refer to.
func addResource(f *File, dc *decoder, typ, id, path string, v *Value, pos diag.Pos, rep *diag.Reporter) bool {
	switch typ {
	case "aws_ecs_task_definition":
		td := &TaskDefinition{ID: id}
		if dc.decodeStruct(v, td, path) && tfContainerDefs(td, rep, path) {
			td.Pos = pos
			f.TaskDefinitions = append(f.TaskDefinitions, td)
		}
	case "aws_ecs_service":
		s := &Service{ID: id}
		if dc.decodeStruct(v, s, path) {
			s.Pos = pos
			f.Services = append(f.Services, s)
		}
	case "aws_appautoscaling_target":
		s := &ScalableTarget{ID: id}
		if dc.decodeStruct(v, s, path) {
			s.Pos = pos
			f.ScalableTargets = append(f.ScalableTargets, s)
		}
	case "aws_appautoscaling_policy":
		s := &ScalingPolicy{ID: id}
		if dc.decodeStruct(v, s, path) {
			s.Pos = pos
			f.ScalingPolicies = append(f.ScalingPolicies, s)
		}
	case "aws_lb_target_group", "aws_alb_target_group":
		s := &TargetGroup{ID: id}
		if dc.decodeStruct(v, s, path) {
			s.Pos = pos
			f.TargetGroups = append(f.TargetGroups, s)
		}
		return false
	case "aws_cloudwatch_metric_alarm":
		s := &Alarm{ID: id}
		if dc.decodeStruct(v, s, path) {
			s.Pos = pos
			f.Alarms = append(f.Alarms, s)
		}
		return false
	}
	return true
}

// tfContainerDefs reads container_definitions (a JSON string in Terraform)
// into td. It reports false when the task definition cannot be converted.
func tfContainerDefs(td *TaskDefinition, rep *diag.Reporter, path string) bool {
	raw := td.ContainerDefinitionsTF
	if !raw.Set {
		return true // reported as no containers by the checks
	}
	v := raw.V
	if v.json != nil {
		v = v.json
	}
	cpath := path + ".container_definitions"
	switch v.Kind {
	case KindString:
		if len(v.Unresolved) > 0 && strings.HasPrefix(strings.TrimSpace(v.Str), "${unresolved:") && strings.HasSuffix(strings.TrimSpace(v.Str), "}") {
			rep.Add(diag.ECSUnresolved, v.Pos, "%s depends on %s, which only AWS or Terraform can evaluate; the task definition is not converted", cpath, strings.Join(v.Unresolved, ", "))
			return false
		}
		parsed, dups, err := parseJSON([]byte(v.Str), v.at)
		if err != nil {
			rep.Add(diag.ECSSyntax, v.at(err.off), "malformed JSON in %s: %s", cpath, err.msg)
			return false
		}
		reportDups(dups, rep)
		v = parsed
	case KindUnknown:
		if !v.reported {
			rep.Add(diag.ECSUnresolved, v.Pos, "%s depends on %s, which only AWS or Terraform can evaluate; the task definition is not converted", cpath, strings.Join(v.Unresolved, ", "))
		}
		return false
	}
	if v.Kind != KindSeq {
		rep.Add(diag.ECSWrongType, v.Pos, "%s must be a JSON list of container definitions, not %s", cpath, describe(v))
		return false
	}
	dc := &decoder{rep: rep, d: dAPI}
	var list []*ContainerDefinition
	dc.field(v, reflectValue(&list), cpath, false)
	td.ContainerDefinitions = list
	return true
}

func reportDups(dups []dupKey, rep *diag.Reporter) {
	for _, d := range dups {
		rep.Add(diag.ECSDuplicateKey, d.pos, "key %s appears twice in one object (first at %s)", quoteKey(d.key), d.first)
	}
}

// moduleCall reports a module call that looks like it creates ECS
// resources. It returns whether it did.
func (m *tfModule) moduleCall(b *hclsyntax.Block, src *source) bool {
	if len(b.Labels) != 1 {
		return false
	}
	source := ""
	if a, ok := b.Body.Attributes["source"]; ok {
		if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			source = v.AsString()
		}
	}
	ecsLike := strings.Contains(strings.ToLower(source), "ecs") || strings.Contains(source, "container-definition") ||
		strings.Contains(strings.ToLower(b.Labels[0]), "ecs")
	for name := range b.Body.Attributes {
		switch name {
		case "container_definitions", "container_definition", "task_definition", "task_definition_arn", "image", "desired_count":
			ecsLike = true
		}
	}
	if !ecsLike {
		return false
	}
	m.rep.Add(diag.ECSTerraformModule, src.pos(b.TypeRange.Start.Byte), "module %s (source %q) is not evaluated: the ECS resources it creates are not converted from here", b.Labels[0], source)
	return true
}

// bodyValue turns a block body into a map: attributes by name, nested
// blocks as lists of maps under their type (as `terraform show -json` does).
func (m *tfModule) bodyValue(body *hclsyntax.Body, sc *tfScope) *Value {
	v := &Value{Kind: KindMap, Pos: m.pos(body.SrcRange)}
	type item struct {
		at  int
		ent Entry
	}
	var items []item
	for name, a := range body.Attributes {
		items = append(items, item{a.NameRange.Start.Byte, Entry{Key: name, KeyPos: m.pos(a.NameRange), Val: m.value(a.Expr, sc, name == "container_definitions")}})
	}
	blocks := map[string]*Value{}
	for _, b := range body.Blocks {
		typ := b.Type
		var vals []*Value
		if typ == "dynamic" && len(b.Labels) == 1 {
			typ = b.Labels[0]
			vals = m.dynamic(b, sc)
		} else {
			bv := m.bodyValue(b.Body, sc)
			bv.Pos = m.pos(b.TypeRange)
			vals = []*Value{bv}
		}
		list, ok := blocks[typ]
		if !ok {
			list = &Value{Kind: KindSeq, Pos: m.pos(b.TypeRange)}
			blocks[typ] = list
			items = append(items, item{b.TypeRange.Start.Byte, Entry{Key: typ, KeyPos: m.pos(b.TypeRange), Val: list}})
		}
		list.Items = append(list.Items, vals...)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].at < items[j].at })
	for _, it := range items {
		v.Entries = append(v.Entries, it.ent)
	}
	return v
}

// dynamic expands a dynamic block whose for_each is known.
func (m *tfModule) dynamic(b *hclsyntax.Block, sc *tfScope) []*Value {
	fe, ok := b.Body.Attributes["for_each"]
	var content *hclsyntax.Block
	for _, c := range b.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	if !ok || content == nil {
		return nil
	}
	iter := b.Labels[0]
	if a, ok := b.Body.Attributes["iterator"]; ok {
		if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
			iter = kw
		}
	}
	coll, diags := m.eval(fe.Expr, sc)
	if diags.HasErrors() || !coll.IsWhollyKnown() || coll.IsNull() || !coll.CanIterateElements() {
		m.rep.Add(diag.ECSUnresolved, m.pos(fe.Expr.Range()), "dynamic %q block: for_each = %s cannot be evaluated without Terraform; its blocks are not converted", b.Labels[0], m.text(fe.Expr.Range()))
		return nil
	}
	var out []*Value
	coll, _ = coll.UnmarkDeep()
	for it := coll.ElementIterator(); it.Next(); {
		k, el := it.Element()
		vars := map[string]*Value{}
		for n, vv := range sc.vars {
			vars[n] = vv
		}
		p := m.pos(content.TypeRange)
		vars[iter] = &Value{Kind: KindMap, Pos: p, Entries: []Entry{
			{Key: "key", KeyPos: p, Val: fromCty(k, p, "")},
			{Key: "value", KeyPos: p, Val: fromCty(el, p, "")},
		}}
		bv := m.bodyValue(content.Body, &tfScope{ctx: sc.ctx, vars: vars})
		bv.Pos = p
		out = append(out, bv)
	}
	return out
}

// scopeCtx is the evaluation context of a scope: the module's, plus the
// scope's own names.
func (m *tfModule) scopeCtx(sc *tfScope) *hcl.EvalContext {
	if len(sc.vars) == 0 {
		return sc.ctx
	}
	child := sc.ctx.NewChild()
	child.Variables = map[string]cty.Value{}
	for n, v := range sc.vars {
		child.Variables[n] = toCty(v)
	}
	return child
}

// eval evaluates expr with HCL. Names only Terraform can resolve (data
// sources, modules, resources, each, count) are unknown values rather than
// errors, so that the known parts of an expression keep their values.
func (m *tfModule) eval(expr hclsyntax.Expression, sc *tfScope) (cty.Value, hcl.Diagnostics) {
	ctx := m.scopeCtx(sc)
	var extra map[string]cty.Value
	for _, t := range expr.Variables() {
		root := t.RootName()
		if _, ok := sc.vars[root]; ok {
			continue
		}
		if _, ok := m.ctx.Variables[root]; ok {
			continue
		}
		if extra == nil {
			extra = map[string]cty.Value{}
		}
		extra[root] = cty.DynamicVal
	}
	if extra != nil {
		child := ctx.NewChild()
		child.Variables = extra
		ctx = child
	}
	return expr.Value(ctx)
}

// value evaluates an expression structurally, keeping the position of
// every object key and list item. asJSON says the result will be read as
// a JSON document (container_definitions): an unknown value interpolated
// outside a JSON string then becomes null rather than a placeholder that
// would break the JSON.
func (m *tfModule) value(expr hclsyntax.Expression, sc *tfScope, asJSON bool) *Value {
	m.depth++
	m.steps++
	defer func() { m.depth-- }()
	pos := m.pos(expr.Range())
	if m.depth > maxDepth || m.steps > maxSteps {
		return unknown(pos, "a too deeply nested or too large expression")
	}
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		v := &Value{Kind: KindMap, Pos: pos}
		seen := map[string]bool{}
		for _, it := range e.Items {
			key := ""
			if k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok && !k.ForceNonLiteral {
				key = hcl.ExprAsKeyword(k.Wrapped)
			}
			if key == "" {
				kv := m.value(it.KeyExpr, sc, false)
				if kv.Kind != KindString && kv.Kind != KindNumber && kv.Kind != KindBool || len(kv.Unresolved) > 0 {
					m.rep.Add(diag.ECSUnresolved, m.pos(it.KeyExpr.Range()), "object key %s cannot be evaluated without Terraform; the entry is left out", m.text(it.KeyExpr.Range()))
					continue
				}
				key = kv.Str
			}
			if seen[key] {
				m.rep.Add(diag.ECSDuplicateKey, m.pos(it.KeyExpr.Range()), "key %s appears twice in one object", quoteKey(key))
				continue
			}
			seen[key] = true
			v.Entries = append(v.Entries, Entry{Key: key, KeyPos: m.pos(it.KeyExpr.Range()), Val: m.value(it.ValueExpr, sc, false)})
		}
		return v
	case *hclsyntax.TupleConsExpr:
		v := &Value{Kind: KindSeq, Pos: pos}
		for _, x := range e.Exprs {
			v.Items = append(v.Items, m.value(x, sc, false))
		}
		return v
	case *hclsyntax.ParenthesesExpr:
		return m.value(e.Expression, sc, asJSON)
	case *hclsyntax.TemplateWrapExpr:
		return m.value(e.Wrapped, sc, asJSON)
	case *hclsyntax.TemplateExpr:
		return m.template(e, sc, asJSON)
	case *hclsyntax.LiteralValueExpr:
		return fromCty(e.Val, pos, "")
	case *hclsyntax.ScopeTraversalExpr:
		return m.traversal(e, sc, asJSON)
	case *hclsyntax.ConditionalExpr:
		c, diags := m.eval(e.Condition, sc)
		if !diags.HasErrors() && c.IsKnown() && !c.IsNull() && c.Type() == cty.Bool {
			c, _ = c.Unmark()
			if c.True() {
				return m.value(e.TrueResult, sc, asJSON)
			}
			return m.value(e.FalseResult, sc, asJSON)
		}
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "jsonencode":
			if len(e.Args) == 1 {
				inner := m.value(e.Args[0], sc, false)
				out := &Value{Kind: KindString, Pos: pos, json: inner, Unresolved: allUnresolved(inner), Refs: inner.AllRefs()}
				if b, err := json.Marshal(toPlain(inner)); err == nil {
					out.Str = string(b)
				}
				return out
			}
		case "nonsensitive", "sensitive", "tostring":
			if len(e.Args) == 1 {
				return m.value(e.Args[0], sc, asJSON)
			}
		case "file":
			if len(e.Args) == 1 {
				return m.file(e, sc)
			}
		case "templatefile":
			if len(e.Args) == 2 {
				return m.templatefile(e, sc, asJSON)
			}
		}
	}
	return m.ctyValue(expr, sc)
}

// ctyValue evaluates an expression with HCL and turns the result into a
// Value; what cannot be evaluated becomes a named placeholder.
func (m *tfModule) ctyValue(expr hclsyntax.Expression, sc *tfScope) *Value {
	pos := m.pos(expr.Range())
	val, diags := m.eval(expr, sc)
	if !diags.HasErrors() && val.IsWhollyKnown() {
		return fromCty(val, pos, "")
	}
	name, refs := m.unknownName(expr, sc)
	if !diags.HasErrors() && val.IsKnown() && !val.IsNull() {
		// Partly known (an object with an unknown attribute): keep
		// what is known.
		v := fromCty(val, pos, name)
		v.Refs = sortedSet(append(v.Refs, refs...))
		return v
	}
	return unknown(pos, name, refs...)
}

// unknownName names what an expression depends on that is unknown: the
// first traversal into a data source, module, resource or unset variable,
// else the expression's own text. It also lists the resources referred to.
func (m *tfModule) unknownName(expr hclsyntax.Expression, sc *tfScope) (string, []string) {
	name := ""
	var refs []string
	for _, t := range expr.Variables() {
		root := t.RootName()
		if _, ok := sc.vars[root]; ok {
			continue
		}
		known := false
		switch root {
		case "path", "terraform":
			known = true
		case "local":
			if len(t) > 1 {
				if a, ok := t[1].(hcl.TraverseAttr); ok {
					if v, ok := m.localVal[a.Name]; ok && v.IsWhollyKnown() {
						known = true
					}
				}
			}
		case "var":
			if len(t) > 1 {
				if a, ok := t[1].(hcl.TraverseAttr); ok {
					if v, ok := m.vars[a.Name]; ok && v.def != nil {
						known = true
					}
				}
			}
		}
		if ref := tfRef(t); ref != "" {
			refs = append(refs, ref)
		}
		if !known && name == "" {
			name = m.text(t.SourceRange())
		}
	}
	if name == "" {
		name = m.text(expr.Range())
	}
	return name, refs
}

// tfRef is the resource address a traversal refers to, or "".
func tfRef(t hcl.Traversal) string {
	root := t.RootName()
	attr := func(i int) string {
		if i < len(t) {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch root {
	case "var", "local", "path", "terraform", "each", "count", "self":
		return ""
	case "data":
		if a, b := attr(1), attr(2); a != "" && b != "" {
			return "data." + a + "." + b
		}
		return ""
	case "module":
		if a := attr(1); a != "" {
			return "module." + a
		}
		return ""
	}
	if a := attr(1); a != "" {
		return root + "." + a
	}
	return ""
}

// traversal resolves var.x, local.x and names bound in scope
// structurally; everything else is evaluated or left unknown.
func (m *tfModule) traversal(e *hclsyntax.ScopeTraversalExpr, sc *tfScope, asJSON bool) *Value {
	t := e.Traversal
	root := t.RootName()
	var base *Value
	rest := t[1:]
	attr := func() string {
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	if v, ok := sc.vars[root]; ok {
		base = v
	} else {
		switch root {
		case "local":
			name := attr()
			l, ok := m.locals[name]
			if !ok || m.walking[name] {
				return m.ctyValue(e, sc)
			}
			m.walking[name] = true
			base = m.value(l.expr, &tfScope{ctx: m.ctx}, asJSON && len(t) == 2)
			m.walking[name] = false
			rest = t[2:]
		case "var":
			name := attr()
			v, ok := m.vars[name]
			if !ok {
				return m.ctyValue(e, sc)
			}
			if v.def == nil {
				return unknown(m.pos(e.Range()), "var."+name)
			}
			base = m.value(v.def, &tfScope{ctx: &hcl.EvalContext{Functions: m.ctx.Functions}}, asJSON && len(t) == 2)
			rest = t[2:]
		default:
			// An argument set in a resource block of this module.
			addr := ""
			if name := attr(); name != "" {
				addr = root + "." + name
			}
			body, ok := m.resources[addr]
			if !ok || len(t) < 3 {
				return m.ctyValue(e, sc)
			}
			an, ok := t[2].(hcl.TraverseAttr)
			if !ok {
				return m.ctyValue(e, sc)
			}
			a, ok := body.Attributes[an.Name]
			key := "resource:" + addr + "." + an.Name
			if !ok || m.walking[key] || an.Name == "count" || an.Name == "for_each" {
				return m.ctyValue(e, sc)
			}
			if _, counted := body.Attributes["count"]; counted {
				return m.ctyValue(e, sc)
			}
			if _, each := body.Attributes["for_each"]; each {
				return m.ctyValue(e, sc)
			}
			m.walking[key] = true
			v := m.value(a.Expr, &tfScope{ctx: m.ctx}, asJSON && len(t) == 3)
			m.walking[key] = false
			cp := *v
			cp.Refs = sortedSet(append(append([]string(nil), v.Refs...), addr))
			base = &cp
			rest = t[3:]
		}
	}
	cur := base
	for _, step := range rest {
		if cur == nil || cur.Kind == KindUnknown {
			break
		}
		var next *Value
		switch s := step.(type) {
		case hcl.TraverseAttr:
			next = cur.Get(s.Name)
		case hcl.TraverseIndex:
			k := s.Key
			switch {
			case !k.IsKnown() || k.IsNull():
			case k.Type() == cty.String && cur.Kind == KindMap:
				next = cur.Get(k.AsString())
			case k.Type() == cty.Number && cur.Kind == KindSeq:
				bf := k.AsBigFloat()
				if i, acc := bf.Int64(); acc == 0 && i >= 0 && int(i) < len(cur.Items) {
					next = cur.Items[i]
				}
			}
		}
		if next == nil {
			return m.ctyValue(e, sc)
		}
		cur = next
	}
	if cur == nil {
		return m.ctyValue(e, sc)
	}
	return cur
}

// template renders a string template part by part, so that literal text
// keeps its source positions and unknown interpolations become named
// placeholders (or null, in JSON outside a string).
func (m *tfModule) template(e *hclsyntax.TemplateExpr, sc *tfScope, asJSON bool) *Value {
	pos := m.pos(e.Range())
	var b strings.Builder
	var segs []tmplSeg
	out := &Value{Kind: KindString, Pos: pos}
	inStr, esc := false, false
	track := func(s string) {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case esc:
				esc = false
			case inStr && c == '\\':
				esc = true
			case c == '"':
				inStr = !inStr
			}
		}
	}
	for _, part := range e.Parts {
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() {
			s := lit.Val.AsString()
			segs = append(segs, tmplSeg{at: b.Len(), lit: s, rng: lit.SrcRange, src: m.srcOf(lit.SrcRange)})
			b.WriteString(s)
			track(s)
			continue
		}
		v := m.value(part, sc, false)
		segs = append(segs, tmplSeg{at: b.Len(), rng: part.Range(), src: m.srcOf(part.Range())})
		out.Refs = append(out.Refs, v.Refs...)
		switch {
		case (v.Kind == KindString || v.Kind == KindNumber || v.Kind == KindBool) && len(v.Unresolved) == 0:
			b.WriteString(v.Str)
			if asJSON {
				track(v.Str)
			}
		case asJSON && !inStr:
			name := strings.Join(allUnresolved(v), ", ")
			if name == "" {
				name = m.text(part.Range())
			}
			m.rep.Add(diag.ECSUnresolved, m.pos(part.Range()), "%s cannot be evaluated without Terraform; the JSON value is left null (unset)", name)
			b.WriteString("null")
		default:
			un := allUnresolved(v)
			if len(un) == 0 {
				un = []string{m.text(part.Range())}
			}
			if asJSON {
				m.rep.Add(diag.ECSUnresolved, m.pos(part.Range()), "%s cannot be evaluated without Terraform; left as the placeholder %s", strings.Join(un, ", "), placeholder(un[0]))
			} else {
				out.Unresolved = append(out.Unresolved, un...)
			}
			b.WriteString(placeholder(un[0]))
		}
	}
	out.Str = b.String()
	out.Refs = sortedSet(out.Refs)
	out.locate = func(i int) diag.Pos {
		k := sort.Search(len(segs), func(k int) bool { return segs[k].at > i }) - 1
		if k < 0 {
			return pos
		}
		return segs[k].locate(i - segs[k].at)
	}
	return out
}

// tmplSeg maps a run of a rendered template back to its source.
type tmplSeg struct {
	at  int
	lit string // literal text, or "" for an interpolation
	rng hcl.Range
	src *source
}

func (s tmplSeg) locate(i int) diag.Pos {
	if s.src.data == nil || s.lit == "" {
		return diag.Pos{File: s.rng.Filename, Line: s.rng.Start.Line, Col: s.rng.Start.Column, Offset: s.rng.Start.Byte}
	}
	start := s.rng.Start.Byte
	if len(s.lit) == s.rng.End.Byte-start {
		return s.src.pos(start + i)
	}
	// Text changed from the source (an indented heredoc lost its
	// indentation, an escape was decoded): map line by line.
	if i > len(s.lit) {
		i = len(s.lit)
	}
	k := strings.Count(s.lit[:i], "\n")
	col := i - (strings.LastIndexByte(s.lit[:i], '\n') + 1)
	if k == 0 {
		return s.src.pos(start + col)
	}
	line := s.src.pos(start).Line - 1 + k
	if line >= len(s.src.lines) {
		return s.src.pos(start)
	}
	ls := s.src.lines[line]
	le := len(s.src.data)
	if line+1 < len(s.src.lines) {
		le = s.src.lines[line+1] - 1
	}
	vl := s.lit[i-col:]
	if j := strings.IndexByte(vl, '\n'); j >= 0 {
		vl = vl[:j]
	}
	indent := (le - ls) - len(vl)
	if indent < 0 {
		indent = 0
	}
	return s.src.pos(ls + indent + col)
}

// file implements file(path): the content, with positions in that file.
func (m *tfModule) file(e *hclsyntax.FunctionCallExpr, sc *tfScope) *Value {
	s, pos, failed := m.fileArg(e, sc)
	if failed != nil {
		return failed
	}
	v := str(pos, string(s.data))
	v.locate = func(i int) diag.Pos { return s.pos(i) }
	return v
}

// fileArg reads the file that the first argument of a call to file or
// templatefile names. When it cannot, failed is the call's value: unknown,
// and reported if the file could not be read.
func (m *tfModule) fileArg(e *hclsyntax.FunctionCallExpr, sc *tfScope) (s *source, pos diag.Pos, failed *Value) {
	pos = m.pos(e.Range())
	p := m.value(e.Args[0], sc, false)
	if p.Kind != KindString || len(p.Unresolved) > 0 {
		name, refs := m.unknownName(e, sc)
		return nil, pos, unknown(pos, name, refs...)
	}
	s, ok := m.readFile(p.Str, pos)
	if !ok {
		u := unknown(pos, m.text(e.Range()))
		u.reported = true
		return nil, pos, u
	}
	return s, pos, nil
}

func (m *tfModule) readFile(p string, at diag.Pos) (*source, bool) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(m.dir, p)
	}
	if s, ok := m.srcs[p]; ok && s.data != nil {
		return s, true
	}
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > 16<<20 {
		m.rep.Add(diag.ECSFileUnreadable, at, "cannot read %s: %s", p, errText(err, fi))
		return nil, false
	}
	data, err := os.ReadFile(p)
	if err != nil {
		m.rep.Add(diag.ECSFileUnreadable, at, "cannot read %s: %v", p, err)
		return nil, false
	}
	s := newSource(p, data)
	m.srcs[p] = s
	if abs, err := filepath.Abs(p); err == nil {
		m.reads = append(m.reads, abs)
	}
	return s, true
}

func errText(err error, fi os.FileInfo) string {
	switch {
	case err != nil:
		if pe, ok := err.(*os.PathError); ok {
			return pe.Err.Error()
		}
		return err.Error()
	case !fi.Mode().IsRegular():
		return "not a regular file"
	}
	return "larger than 16 MiB"
}

// templatefile implements templatefile(path, vars) with positions in the
// template file.
func (m *tfModule) templatefile(e *hclsyntax.FunctionCallExpr, sc *tfScope, asJSON bool) *Value {
	s, pos, failed := m.fileArg(e, sc)
	if failed != nil {
		return failed
	}
	vars := m.value(e.Args[1], sc, false)
	if vars.Kind != KindMap {
		name, refs := m.unknownName(e, sc)
		return unknown(pos, name, refs...)
	}
	tpl, diags := hclsyntax.ParseTemplate(s.data, s.path, hcl.InitialPos)
	if diags.HasErrors() {
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				at := s.pos(0)
				if d.Subject != nil {
					at = s.pos(d.Subject.Start.Byte)
				}
				m.rep.Add(diag.ECSSyntax, at, "malformed template: %s", d.Summary)
			}
		}
		return unknown(pos, m.text(e.Range()))
	}
	bound := map[string]*Value{}
	for _, en := range vars.Entries {
		bound[en.Key] = en.Val
	}
	tsc := &tfScope{ctx: &hcl.EvalContext{Functions: m.ctx.Functions}, vars: bound}
	return m.value(tpl, tsc, asJSON)
}

// fromCty turns an HCL value into a Value at pos; unknown parts are named
// after name (or "a value only Terraform knows").
func fromCty(v cty.Value, pos diag.Pos, name string) *Value {
	v, _ = v.UnmarkDeep()
	if name == "" {
		name = "a value only Terraform knows"
	}
	if !v.IsKnown() {
		return unknown(pos, name)
	}
	if v.IsNull() {
		return &Value{Kind: KindNull, Pos: pos}
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return str(pos, v.AsString())
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			i, _ := bf.Int(nil)
			return &Value{Kind: KindNumber, Pos: pos, Str: i.String()}
		}
		f, _ := bf.Float64()
		return &Value{Kind: KindNumber, Pos: pos, Str: strconv.FormatFloat(f, 'g', -1, 64)}
	case ty == cty.Bool:
		if v.True() {
			return &Value{Kind: KindBool, Pos: pos, Str: "true"}
		}
		return &Value{Kind: KindBool, Pos: pos, Str: "false"}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := &Value{Kind: KindSeq, Pos: pos}
		for it := v.ElementIterator(); it.Next(); {
			_, el := it.Element()
			out.Items = append(out.Items, fromCty(el, pos, name))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := &Value{Kind: KindMap, Pos: pos}
		for it := v.ElementIterator(); it.Next(); {
			k, el := it.Element()
			out.Entries = append(out.Entries, Entry{Key: k.AsString(), KeyPos: pos, Val: fromCty(el, pos, name)})
		}
		return out
	}
	return unknown(pos, name)
}

// toCty turns a Value into an HCL value; unknown and partly unknown
// strings become unknown.
func toCty(v *Value) cty.Value {
	if v == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	switch v.Kind {
	case KindNull:
		return cty.NullVal(cty.DynamicPseudoType)
	case KindBool:
		return cty.BoolVal(v.Str == "true")
	case KindNumber:
		if n, err := cty.ParseNumberVal(v.Str); err == nil {
			return n
		}
		return cty.UnknownVal(cty.Number)
	case KindString:
		if len(v.Unresolved) > 0 {
			return cty.UnknownVal(cty.String)
		}
		return cty.StringVal(v.Str)
	case KindSeq:
		if len(v.Items) == 0 {
			return cty.EmptyTupleVal
		}
		els := make([]cty.Value, len(v.Items))
		for i, it := range v.Items {
			els[i] = toCty(it)
		}
		return cty.TupleVal(els)
	case KindMap:
		if len(v.Entries) == 0 {
			return cty.EmptyObjectVal
		}
		attrs := map[string]cty.Value{}
		for _, e := range v.Entries {
			attrs[e.Key] = toCty(e.Val)
		}
		return cty.ObjectVal(attrs)
	}
	return cty.DynamicVal
}

// functions are Terraform's pure built-in functions that kubelift can
// evaluate; file and templatefile read relative to the module directory.
func (m *tfModule) functions() map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "max": stdlib.MaxFunc,
		"min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc,
		"log": stdlib.LogFunc, "chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
		"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "replace": tfReplaceFunc, "split": stdlib.SplitFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"index": stdlib.IndexFunc, "keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "lookup": stdlib.LookupFunc,
		"merge": stdlib.MergeFunc, "range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc,
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc,
		"sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		"jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"tostring": stdlib.MakeToFunc(cty.String), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tobool": stdlib.MakeToFunc(cty.Bool), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"nonsensitive": identityFunc, "sensitive": identityFunc,
		"basename": pathFunc(filepath.Base), "dirname": pathFunc(filepath.Dir),
		"startswith": strPredFunc(strings.HasPrefix), "endswith": strPredFunc(strings.HasSuffix),
		"strcontains": strPredFunc(strings.Contains),
	}
	fs["file"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, ok := m.readFile(args[0].AsString(), diag.Pos{File: m.dir})
			if !ok {
				return cty.UnknownVal(cty.String), nil
			}
			return cty.StringVal(string(s.data)), nil
		},
	})
	fs["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, ok := m.readFile(args[0].AsString(), diag.Pos{File: m.dir})
			if !ok {
				return cty.UnknownVal(cty.String), nil
			}
			tpl, diags := hclsyntax.ParseTemplate(s.data, s.path, hcl.InitialPos)
			if diags.HasErrors() || !args[1].CanIterateElements() {
				return cty.UnknownVal(cty.String), nil
			}
			vars := map[string]cty.Value{}
			for it := args[1].ElementIterator(); it.Next(); {
				k, v := it.Element()
				vars[k.AsString()] = v
			}
			v, d := tpl.Value(&hcl.EvalContext{Variables: vars, Functions: fs})
			if d.HasErrors() {
				return cty.UnknownVal(cty.String), nil
			}
			return v, nil
		},
	})
	return fs
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true, AllowNull: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

func pathFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f(args[0].AsString())), nil
		},
	})
}

func strPredFunc(f func(string, string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "part", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// tfReplaceFunc is Terraform's replace: a substring in slashes is a regex.
var tfReplaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sub := args[1].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			return stdlib.RegexReplace(args[0], cty.StringVal(sub[1:len(sub)-1]), args[2])
		}
		return stdlib.Replace(args[0], args[1], args[2])
	},
})
