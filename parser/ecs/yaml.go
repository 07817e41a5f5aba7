package ecs

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kubelift/kubelift/diag"
)

// cfnShortTags are CloudFormation's YAML short forms, turned into the long
// (JSON) form: !Ref x → {Ref: x}, !Sub s → {Fn::Sub: s}, …
var cfnShortTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!Join": "Fn::Join", "!If": "Fn::If",
	"!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And", "!Or": "Fn::Or",
	"!Select": "Fn::Select", "!Split": "Fn::Split", "!FindInMap": "Fn::FindInMap",
	"!ImportValue": "Fn::ImportValue", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr",
	"!GetAZs": "Fn::GetAZs", "!Transform": "Fn::Transform", "!Length": "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
}

var yamlLineRe = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// yamlReader turns yaml/v3 nodes into Values.
type yamlReader struct {
	src *source
	rep *diag.Reporter
	// expanded counts alias expansions, against "billion laughs" input.
	expanded int
	nodes    int
	bad      bool
}

// parseYAML reads the first YAML document of src. A syntax error is
// reported and yields nil.
func parseYAML(src *source, rep *diag.Reporter) *Value {
	dec := yaml.NewDecoder(bytes.NewReader(src.data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			rep.Add(diag.ECSSyntax, src.pos(0), "the file holds no YAML document")
			return nil
		}
		reportYAMLError(src, err, rep)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		rep.Add(diag.ECSSyntax, src.pos(src.offset(extra.Line, extra.Column)), "a second YAML document follows; a template or definition is one document")
		return nil
	} else if !errors.Is(err, io.EOF) {
		reportYAMLError(src, err, rep)
		return nil
	}
	r := &yamlReader{src: src, rep: rep}
	v := r.node(&doc, 0)
	if r.bad {
		return nil
	}
	return v
}

func reportYAMLError(src *source, err error, rep *diag.Reporter) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := src.pos(0)
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col := 1
		if m[2] != "" {
			col, _ = strconv.Atoi(m[2])
		}
		pos = src.pos(src.offset(line, col))
		msg = strings.TrimSpace(yamlLineRe.ReplaceAllString(msg, ""))
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, ":"), " ")
	}
	rep.Add(diag.ECSSyntax, pos, "malformed YAML: %s", msg)
}

func (r *yamlReader) pos(n *yaml.Node) diag.Pos { return r.src.pos(r.src.offset(n.Line, n.Column)) }

func (r *yamlReader) node(n *yaml.Node, depth int) *Value {
	r.nodes++
	if r.nodes > 2000000 && !r.bad {
		r.rep.Add(diag.ECSSyntax, r.pos(n), "the YAML document expands to more than two million nodes (through aliases)")
		r.bad = true
	}
	if r.bad {
		return &Value{Kind: KindNull, Pos: r.pos(n)}
	}
	if depth > maxDepth {
		r.rep.Add(diag.ECSSyntax, r.pos(n), "YAML nested too deeply")
		r.bad = true
		return &Value{Kind: KindNull, Pos: r.pos(n)}
	}
	pos := r.pos(n)
	var v *Value
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &Value{Kind: KindNull, Pos: pos}
		}
		return r.node(n.Content[0], depth+1)
	case yaml.AliasNode:
		r.expanded++
		if r.expanded > 10000 || n.Alias == nil {
			r.rep.Add(diag.ECSSyntax, pos, "too many YAML alias expansions")
			r.bad = true
			return &Value{Kind: KindNull, Pos: pos}
		}
		return r.node(n.Alias, depth+1)
	case yaml.MappingNode:
		v = &Value{Kind: KindMap, Pos: pos}
		seen := map[string]diag.Pos{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				r.rep.Add(diag.ECSSyntax, r.pos(k), "a mapping key must be a plain string")
				r.bad = true
				continue
			}
			if k.Tag == "!!merge" {
				// << merge key: copy the entries of the merged map(s).
				m := r.node(val, depth+1)
				var maps []*Value
				if m.Kind == KindSeq {
					maps = m.Items
				} else {
					maps = []*Value{m}
				}
				for _, mm := range maps {
					for _, e := range mm.Entries {
						if _, dup := seen[e.Key]; !dup {
							seen[e.Key] = e.KeyPos
							v.Entries = append(v.Entries, e)
						}
					}
				}
				continue
			}
			kp := r.pos(k)
			if first, dup := seen[k.Value]; dup {
				r.rep.Add(diag.ECSDuplicateKey, kp, "key %s appears twice in one mapping (first at %s)", quoteKey(k.Value), first)
				r.bad = true
				continue
			}
			seen[k.Value] = kp
			v.Entries = append(v.Entries, Entry{Key: k.Value, KeyPos: kp, Val: r.node(val, depth+1)})
		}
	case yaml.SequenceNode:
		v = &Value{Kind: KindSeq, Pos: pos}
		for _, c := range n.Content {
			v.Items = append(v.Items, r.node(c, depth+1))
		}
	case yaml.ScalarNode:
		v = r.scalar(n, pos)
	default:
		v = &Value{Kind: KindNull, Pos: pos}
	}
	if long, ok := cfnShortTags[n.Tag]; ok {
		arg := v
		if long == "Fn::GetAtt" && v.Kind == KindString {
			// !GetAtt Resource.Attribute
			a, b, _ := strings.Cut(v.Str, ".")
			arg = &Value{Kind: KindSeq, Pos: pos, Items: []*Value{str(pos, a), str(pos, b)}}
		}
		return &Value{Kind: KindMap, Pos: pos, Entries: []Entry{{Key: long, KeyPos: pos, Val: arg}}}
	}
	return v
}

func (r *yamlReader) scalar(n *yaml.Node, pos diag.Pos) *Value {
	switch n.ShortTag() {
	case "!!null":
		return &Value{Kind: KindNull, Pos: pos}
	case "!!bool":
		b := strings.ToLower(n.Value)
		if b == "true" || b == "yes" || b == "on" || b == "y" {
			return &Value{Kind: KindBool, Pos: pos, Str: "true"}
		}
		return &Value{Kind: KindBool, Pos: pos, Str: "false"}
	case "!!int", "!!float":
		return &Value{Kind: KindNumber, Pos: pos, Str: n.Value}
	}
	v := &Value{Kind: KindString, Pos: pos, Str: n.Value}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && !strings.Contains(n.Value, "\\") {
		// A plain or quoted one-line scalar: bytes map to the source
		// from the node's position (the quote, if any, is skipped).
		base := r.src.offset(n.Line, n.Column)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			base++
		}
		if !strings.Contains(n.Value, "\n") {
			src := r.src
			v.locate = func(i int) diag.Pos { return src.pos(base + i) }
		}
	}
	return v
}
