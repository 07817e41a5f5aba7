package schemas

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/parser"

	"github.com/kubelift/kubelift/ir"
)

// This file is the fast path of #References: a model, in Go, of what it
// checks (unique app names, unique site names, route backends that name an
// app of the project and one of its ports). A bucket the model finds clean
// is not sent to CUE: CUE would find nothing in it. A bucket with a
// duplicate name or a dangling backend goes to CUE, which reports it as
// before. The model is trusted only for the #References it was written
// for: refsModelHolds compares a digest of the definition's text with
// refsModelDigest, and when the schema changes the fast path turns off
// (and TestReferencesModel fails until the model is brought in step).

// refsModelDigest is the SHA-256 of the text of #References in ir.cue
// (from its name to its closing brace) that the model follows.
const refsModelDigest = "a0878a1325d2e9f0ad70385b61e225685d856587114f65cc29172215d3aea982"

var refsModel = sync.OnceValue(func() bool { return refsDigest() == refsModelDigest })

// refsModelHolds reports whether the model follows the embedded
// #References.
func refsModelHolds() bool { return refsModel() }

// refsDigest returns the digest of the text of #References.
func refsDigest() string {
	for _, f := range Files() {
		file, err := parser.ParseFile(f.Name, f.Data)
		if err != nil {
			return ""
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.Field)
			if !ok || labelName(fd.Label) != "#References" {
				continue
			}
			start, end := fd.Pos().Offset(), fd.End().Offset()
			if start < 0 || end > len(f.Data) || start >= end {
				return ""
			}
			sum := sha256.Sum256(f.Data[start:end])
			return hex.EncodeToString(sum[:])
		}
	}
	return ""
}

// clean reports whether #References certainly finds nothing in the bucket:
// its app names and its site names are unique (duplicates always share a
// bucket), and each backend names one of its apps and a port of it.
func (b *bucket) clean(p *ir.Project) bool {
	apps := make(map[string]int, len(b.apps))
	for _, ai := range b.apps {
		name := p.Apps[ai].Name
		if _, dup := apps[name]; dup {
			return false
		}
		apps[name] = ai
	}
	sites := make(map[string]bool, len(b.sites))
	for _, si := range b.sites {
		name := p.Sites[si].Name
		if sites[name] {
			return false
		}
		sites[name] = true
	}
	for _, br := range b.backends {
		ai, ok := apps[br.app]
		if !ok {
			return false
		}
		found := false
		for _, port := range p.Apps[ai].Ports {
			// #References compares "app port" strings; an int32 has one
			// decimal form, so comparing numbers is the same.
			if port.Port == br.port {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
