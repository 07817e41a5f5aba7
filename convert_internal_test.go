package kubelift

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	"github.com/kubelift/kubelift/schemas"
)

// TestSchemaRejection: an app or site the schema rejects is not emitted,
// and the finding says why. The translators no longer produce such
// projects (FuzzConvert checks it), so a stand-in validator rejects the
// shop's site.
func TestSchemaRejection(t *testing.T) {
	ctx := context.Background()
	reject := func(p *ir.Project, rep *diag.Reporter) schemas.Invalid {
		inv := schemas.Validate(p, rep)
		if len(p.Sites) > 0 {
			s := p.Sites[0]
			rep.Add(diag.SchemaViolation, s.Origin.Pos, "site %q rejected by the test", s.Name)
			inv.Sites = map[string]bool{s.Name: true}
		}
		return inv
	}
	res, err := Convert(ctx, Options{Inputs: []string{"examples/shop"}, validate: reject})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, o := range res.Objects {
		kinds = append(kinds, o.Kind+"/"+o.Name)
	}
	if fmt.Sprint(kinds) != "[Service/api Service/storefront]" {
		t.Errorf("objects %v, want the two Services and no Ingress", kinds)
	}
	found := false
	for _, d := range res.Diagnostics {
		found = found || d.Code == diag.SchemaViolation && d.Message == `site "shop-example-com" rejected by the test`
	}
	if !found {
		t.Errorf("the rejection is not reported: %v", res.Diagnostics)
	}
}

// inputsOf lists the input files of a golden case (not want/, SOURCE.md).
func inputsOf(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() == "want" || e.Name() == "SOURCE.md" {
			continue
		}
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out
}

// TestWriteStream: WriteStream writes what Stream returns.
func TestWriteStream(t *testing.T) {
	res, err := Convert(context.Background(), Options{Inputs: []string{"examples/shop"}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := res.WriteStream(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), res.Stream()) || b.Len() == 0 {
		t.Errorf("WriteStream wrote %d bytes, Stream has %d", b.Len(), len(res.Stream()))
	}
}

// TestConcurrentConverts: the library has no shared mutable state, so
// conversions may run at once (go test -race checks it).
func TestConcurrentConverts(t *testing.T) {
	inputs := [][]string{{"examples/shop"}, inputsOf(t, "testdata/ecs/autoscaling-json"), inputsOf(t, "testdata/nginx/laradock-multisite")}
	want := make([]*Result, len(inputs))
	for i, in := range inputs {
		res, err := Convert(context.Background(), Options{Inputs: in})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = res
	}
	errs := make(chan error, 4*len(inputs))
	for range 4 {
		for i, in := range inputs {
			go func() {
				res, err := Convert(context.Background(), Options{Inputs: in})
				if err == nil && !reflect.DeepEqual(res, want[i]) {
					err = fmt.Errorf("%v: a concurrent conversion differs", in)
				}
				errs <- err
			}()
		}
	}
	for range 4 * len(inputs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
