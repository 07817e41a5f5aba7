// Package merge joins the projects that the frontends (translate/…) produce
// from different sources into one ir.Project.
package merge

import (
	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// Projects merges ps into one project named name. Apps and sites keep their
// names; when two sources produce an app or a site of the same name, the
// first is kept and the collision is reported.
func Projects(name string, ps []*ir.Project, rep *diag.Reporter) *ir.Project {
	out := &ir.Project{Name: name}
	apps := map[string]*ir.App{}
	sites := map[string]bool{}
	for _, p := range ps {
		if p == nil {
			continue
		}
		if out.Namespace == "" {
			out.Namespace = p.Namespace
		}
		if out.Environment == "" {
			out.Environment = p.Environment
		}
		for _, a := range p.Apps {
			if prev, dup := apps[a.Name]; dup {
				rep.Add(diag.OutputNameCollision, a.Origin.Pos, "app %q is also defined at %s; only the first is kept", a.Name, prev.Origin.Pos)
				continue
			}
			apps[a.Name] = a
			out.Apps = append(out.Apps, a)
		}
		for _, s := range p.Sites {
			if sites[s.Name] {
				rep.Add(diag.OutputNameCollision, s.Origin.Pos, "site %q is defined by two sources; only the first is kept", s.Name)
				continue
			}
			sites[s.Name] = true
			out.Sites = append(out.Sites, s)
		}
	}
	out.Sort()
	return out
}
