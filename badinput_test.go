package kubelift_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubelift/kubelift"
	"github.com/kubelift/kubelift/diag"
)

// TestBadInputSizes covers inputs that must be refused or reported without
// being converted: a 50 MB file that is not a configuration, a file over
// the size limit, a directory with nothing kubelift reads.
func TestBadInputSizes(t *testing.T) {
	dir := t.TempDir()

	// 50 MB of log-like text: detected as no known format, refused with a
	// position, and read only once.
	big := filepath.Join(dir, "access.log")
	line := []byte("10.0.0.1 - - [23/Nov/2026:07:00:00 +0000] \"GET / HTTP/1.1\" 200 612\n")
	if err := os.WriteFile(big, bytes.Repeat(line, 50<<20/len(line)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := kubelift.Convert(context.Background(), kubelift.Options{Inputs: []string{big}})
	if err != nil {
		t.Fatal(err)
	}
	wantFinding(t, res, diag.InputFormatUnknown, big+":1:1")
	if !res.InputErrors || len(res.Files) != 0 {
		t.Errorf("50 MB log: InputErrors=%v, %d files; want refusal and no output", res.InputErrors, len(res.Files))
	}

	// A 50 MB file that looks like nginx but is not: one diagnostic per
	// problem, no panic, nothing emitted.
	junk := filepath.Join(dir, "junk.conf")
	var b bytes.Buffer
	b.WriteString("server {\n")
	for b.Len() < 50<<20 {
		b.WriteString("    listen 80 \"unterminated;\n")
	}
	if err := os.WriteFile(junk, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = kubelift.Convert(context.Background(), kubelift.Options{Inputs: []string{junk}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.InputErrors || len(res.Files) != 0 {
		t.Errorf("50 MB junk: InputErrors=%v, %d files; want refusal and no output", res.InputErrors, len(res.Files))
	}

	// Over the limit: refused before reading.
	res, err = kubelift.Convert(context.Background(), kubelift.Options{Inputs: []string{junk}, MaxFileSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	wantFinding(t, res, diag.InputTooLarge, junk+":1:1")

	// A directory with only files kubelift does not read: each is listed.
	empty := filepath.Join(dir, "docs")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(empty, "README.md"), []byte("# notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = kubelift.Convert(context.Background(), kubelift.Options{Inputs: []string{empty}})
	if err != nil {
		t.Fatal(err)
	}
	wantFinding(t, res, diag.InputSkipped, filepath.Join(empty, "README.md")+":1:1")
}

func wantFinding(t *testing.T, res *kubelift.Result, code diag.Code, pos string) {
	t.Helper()
	var got []string
	for _, d := range res.Diagnostics {
		if d.Code == code && d.Pos.String() == pos {
			return
		}
		got = append(got, d.String())
	}
	t.Errorf("no %s finding at %s; got:\n%s", code, pos, strings.Join(got, "\n"))
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		want      kubelift.Format
	}{
		{"nginx.conf", "# main\n\nworker_processes 2;\nhttp {}\n", kubelift.FormatNginx},
		{"site", "server\n{\n listen 80;\n}\n", kubelift.FormatNginx},
		// Known by its first directive: the ECS detector is not asked, so
		// an ECS word in a comment does not make it a CloudFormation file.
		{"nginx.conf", "events {}\n# AWS::ECS::Service containerDefinitions:\n", kubelift.FormatNginx},
		{"empty.conf", "", kubelift.FormatNginx},
		{"bin.conf", "\x00\x01", kubelift.FormatNginx},
		{"td.json", `{"family": "x", "containerDefinitions": []}`, kubelift.FormatECS},
		{"cfn.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n", kubelift.FormatECS},
		{"main.tf", "variable \"x\" {}\n", kubelift.FormatECS},
		{"empty.tf", "", kubelift.FormatECS}, // Terraform by its name, whatever it holds
		{"k8s.yaml", "apiVersion: v1\nkind: Service\n", kubelift.FormatUnknown},
		{"notes.txt", "server names are listed below\n", kubelift.FormatUnknown},
	} {
		if got := kubelift.Detect(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("Detect(%s, %q) = %q, want %q", tc.path, tc.src, got, tc.want)
		}
	}
}
