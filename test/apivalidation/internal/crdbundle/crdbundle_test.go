package crdbundle

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestBundlesUpToDate regenerates the embedded bundles from the gateway-api
// module and compares. It needs the module (cache or proxy); offline, it
// skips.
func TestBundlesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	const version = "v1.6.3"
	dir, err := ModuleDir(version)
	if err != nil {
		t.Skipf("gateway-api module unavailable: %v", err)
	}
	for _, ch := range Channels {
		want, err := Build(dir, version, ch)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "validate", "crds", FileName(ch))
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go generate ./validate`", path)
		}
	}
}
