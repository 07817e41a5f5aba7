package nginx_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/emit/kube"
	pn "github.com/kubelift/kubelift/parser/nginx"
	tn "github.com/kubelift/kubelift/translate/nginx"
)

const corpusDir = "../../../shared/corpus/nginx"

// corpusConfigs returns, per corpus case, the nginx files in it (found by
// their content: a known directive first).
func corpusConfigs(t *testing.T) map[string][]string {
	t.Helper()
	ents, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	out := map[string][]string{}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(corpusDir, e.Name())
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if looksNginx(b) {
				out[e.Name()] = append(out[e.Name()], p)
			}
			return nil
		})
		sort.Strings(out[e.Name()])
	}
	if len(out) == 0 {
		t.Fatal("no corpus nginx files")
	}
	return out
}

func looksNginx(b []byte) bool {
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ';' || r == '{' })
		return len(f) > 0 && pn.KnownDirective(f[0]) && strings.ContainsAny(line, ";{")
	}
	return false
}

// TestEveryDirectiveAccounted converts every corpus nginx case and checks
// that each directive of the input is either carried into the IR (traced by
// the translator) or named by a diagnostic — at its own position, among a
// diagnostic's related positions, or at an enclosing block that a
// diagnostic reports as not translated as a whole.
func TestEveryDirectiveAccounted(t *testing.T) {
	for name, files := range corpusConfigs(t) {
		t.Run(name, func(t *testing.T) {
			rep := &diag.Reporter{}
			var cfgs []*pn.Config
			included := map[string]bool{}
			for _, f := range files {
				cfg := pn.Parse(f, pn.Options{}, rep)
				for _, inc := range cfg.Files[1:] {
					included[inc.Path] = true
				}
				cfgs = append(cfgs, cfg)
			}
			var mains []*pn.Config
			for _, c := range cfgs {
				if !included[c.Main.Path] {
					mains = append(mains, c)
				}
			}
			trace := map[*pn.Directive]bool{}
			p := tn.Translate(mains, tn.Options{Trace: trace}, rep)
			kube.Emit(p, kube.Options{}, rep)

			named := map[diag.Pos]bool{}
			whole := map[diag.Pos]bool{} // blocks reported as not translated at all
			for _, d := range rep.Diagnostics() {
				named[key(d.Pos)] = true
				for _, r := range d.Related {
					named[key(r)] = true
					if wholeBlockCodes[d.Code] {
						whole[key(r)] = true
					}
				}
				if wholeBlockCodes[d.Code] {
					whole[key(d.Pos)] = true
				}
			}
			total, traced, reported := 0, 0, 0
			var missing []string
			var walk func(ds []*pn.Directive, covered bool)
			walk = func(ds []*pn.Directive, covered bool) {
				for _, d := range ds {
					total++
					switch {
					case named[key(d.Pos)] || covered:
						reported++
					case trace[d]:
						traced++
					case d.Name == "include":
						traced++ // expanded by the parser: its directives follow it
					default:
						missing = append(missing, d.Pos.String()+": "+d.Name+" "+strings.Join(d.Values(), " "))
					}
					if d.Block != nil {
						walk(d.Block.Directives, covered || whole[key(d.Pos)])
					}
				}
			}
			for _, c := range mains {
				walk(c.Main.Directives, false)
			}
			t.Logf("%d directives: %d carried into the IR, %d named in diagnostics", total, traced, reported)
			if len(missing) > 0 {
				t.Errorf("%d directives neither translated nor reported:\n%s", len(missing), strings.Join(missing, "\n"))
			}
		})
	}
}

// wholeBlockCodes are the codes whose diagnostic on a block directive says
// that nothing in the block is translated.
var wholeBlockCodes = map[diag.Code]bool{
	diag.NginxInternal: true, diag.NginxNamedLocation: true, diag.NginxIf: true,
	diag.NginxUnreachable: true, diag.NginxScript: true, diag.NginxContext: true,
	diag.NginxUnsupported: true, diag.NginxStream: true, diag.NginxControllerSetting: true,
	diag.NginxStatic: true, diag.NginxLimitExcept: true,
}

func key(p diag.Pos) diag.Pos { return diag.Pos{File: p.File, Line: p.Line, Col: p.Col} }
