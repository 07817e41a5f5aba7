package nginx

import (
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
)

// Check validates the directive tree of cfg against nginx's directive
// table: unknown directives (diag.NginxUnknownDirective), wrong argument
// counts or a block where none belongs (diag.NginxDirectiveArgs) and
// directives outside the contexts nginx allows them in
// (diag.NginxDirectiveContext). Parse and ParseBytes call it; it is
// exported for callers that build or change a Config themselves.
//
// The context of the main file's top level is inferred from its content: a
// file of server blocks (a vhost from sites-enabled) is checked as the
// inside of http, a snippet of location-level directives as the inside of a
// location. Included files are checked where they are included.
func Check(cfg *Config, rep *diag.Reporter) {
	if cfg == nil || cfg.Main == nil {
		return
	}
	c := checker{rep: rep}
	ds := cfg.Main.Directives
	c.block(ds, inferContext(ds))
}

// InferContext says which context a file's top-level directives were
// written for: "main" for a whole nginx.conf, "http" for a file of server,
// upstream and map blocks, "server" for a file of locations and
// server-level directives, "location" for a snippet of location-level
// directives. It picks the outermost context in which the fewest of the
// directives are out of place.
func InferContext(ds []*Directive) string {
	return inferContext(ds).String()
}

func inferContext(ds []*Directive) context {
	best, bestBad := ctxMain, -1
	for _, cand := range [...]context{ctxMain, ctxHTTP, ctxServer, ctxLocation} {
		bad := 0
		for _, d := range ds {
			specs, ok := directiveTable[d.Name]
			if !ok {
				continue
			}
			if specFor(specs, cand) == nil {
				bad++
			}
		}
		if bestBad < 0 || bad < bestBad {
			best, bestBad = cand, bad
		}
		if bad == 0 {
			break
		}
	}
	return best
}

type checker struct {
	rep *diag.Reporter
}

// specFor returns the spec of specs that allows context ctx, or nil.
func specFor(specs []dirSpec, ctx context) *dirSpec {
	for i := range specs {
		if specs[i].ctx&(1<<ctx) != 0 {
			return &specs[i]
		}
	}
	return nil
}

func (c *checker) block(ds []*Directive, ctx context) {
	for _, d := range ds {
		c.directive(d, ctx)
	}
}

func (c *checker) directive(d *Directive, ctx context) {
	if ctx >= numContexts { // free-form or unknown body: entries, not directives
		return
	}
	specs, ok := directiveTable[d.Name]
	if !ok {
		if !inPermissiveFamily(d.Name) {
			c.rep.Add(diag.NginxUnknownDirective, d.Pos, "unknown directive %q", d.Name)
		}
		return // its block, if any, is not checked: we do not know what it holds
	}
	sp := specFor(specs, ctx)
	if sp == nil {
		var allowed ctxMask
		for _, s := range specs {
			allowed |= s.ctx
		}
		c.rep.Add(diag.NginxDirectiveContext, d.Pos, "%q is not allowed in the %s context (allowed in: %s)",
			d.Name, ctx, describeContexts(allowed))
		sp = &specs[0]
	}
	if !c.args(d, sp) {
		return
	}
	c.runOn(d)
	if _, _, raw := d.Raw(); d.Block == nil || raw {
		return
	}
	body := sp.body
	if body == ctxIf {
		body = ctxIfLocation
		if ctx == ctxServer {
			body = ctxIfServer
		}
	}
	c.block(d.Block.Directives, body)
}

// args checks the argument count and the block of d against sp. It returns
// false when d's block should not be checked further.
func (c *checker) args(d *Directive, sp *dirSpec) bool {
	n := len(d.Args)
	hasBlock := d.Block != nil
	if sp.args&aBlock != 0 && !hasBlock {
		c.rep.Add(diag.NginxDirectiveArgs, d.Pos, "%q has no opening \"{\"%s", d.Name, missingSemi(d))
		return false
	}
	if sp.args&aBlock == 0 && hasBlock {
		c.rep.Add(diag.NginxDirectiveArgs, d.Pos, "%q is not terminated by \";\" (it takes no block)%s", d.Name, missingSemi(d))
		return false
	}
	rule := sp.args &^ aBlock
	var ok bool
	switch {
	case rule&aAny != 0:
		ok = true
	case rule&aFlag != 0:
		if n == 1 {
			v := d.Args[0].Value
			if !strings.EqualFold(v, "on") && !strings.EqualFold(v, "off") {
				c.rep.Add(diag.NginxDirectiveArgs, d.Args[0].Pos, "%q must be \"on\" or \"off\", found %q", d.Name, v)
			}
			return true
		}
	case rule&aMore1 != 0:
		ok = n >= 1
	case rule&aMore2 != 0:
		ok = n >= 2
	case n <= 7:
		ok = rule&(1<<n) != 0
	}
	if !ok {
		c.rep.Add(diag.NginxDirectiveArgs, d.Pos, "%q takes %s, found %d%s", d.Name, describeArgs(rule), n, missingSemi(d))
	}
	return true
}

// runOn reports a directive whose arguments continue on a later line with
// a word that starts that line and names a directive: nginx read the next
// directive as arguments because a ';' is missing.
func (c *checker) runOn(d *Directive) {
	line := d.Pos.Line
	for i, a := range d.Args {
		if a.Pos.Line > line && a.Quote == 0 && a.Pos.File == d.Pos.File {
			prevOnLine := i > 0 && d.Args[i-1].Pos.Line == a.Pos.Line
			if !prevOnLine && KnownDirective(a.Value) {
				prev := d.Pos.Line // the line of the token before a
				if i > 0 {
					prev = d.Args[i-1].Pos.Line
				}
				c.rep.Add(diag.NginxSyntax, a.Pos, "%q on line %d reads %q as an argument: a \";\" is missing at the end of line %d", d.Name, d.Pos.Line, a.Value, prev)
				return
			}
		}
	}
}

// missingSemi suggests a forgotten ';' when d's arguments run past the line
// it starts on: nginx reads on to the next ';', joining two directives.
func missingSemi(d *Directive) string {
	if n := len(d.Args); n > 0 && d.Args[n-1].Pos.Line > d.Pos.Line && d.Args[n-1].Pos.File == d.Pos.File {
		return " (missing \";\" on line " + strconv.Itoa(d.Pos.Line) + "?)"
	}
	return ""
}

func describeContexts(m ctxMask) string {
	var parts []string
	for c := context(0); c < numContexts; c++ {
		if m&(1<<c) != 0 {
			parts = append(parts, c.String())
		}
	}
	if len(parts) == int(numContexts) {
		return "any context"
	}
	return strings.Join(parts, ", ")
}
