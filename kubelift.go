// Package kubelift compiles legacy deployment configuration (nginx, AWS ECS,
// Elastic Beanstalk, Ansible inventories) into Kubernetes manifests.
//
// It is the library face of the stages below it: parser/… reads each format
// into a typed syntax tree, translate/… turns that into the intermediate
// representation (package ir), and emit/… produces Kubernetes objects.
// Each stage is callable on its own; Convert runs them all. Nothing here
// writes files, prints, reads the environment or exits: the CLI in
// cmd/kubelift does that.
package kubelift

import (
	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	"github.com/kubelift/kubelift/schemas"
)

// Options configure a conversion.
type Options struct {
	// Inputs are legacy files or directories. The format of each file is
	// detected from its content. A directory stands for the files in it.
	Inputs []string
	// Name of the project; empty derives it from the inputs.
	Name string
	// Namespace set on every namespaced object; empty leaves it unset.
	Namespace string
	// IngressClassName set on every Ingress; empty leaves it unset.
	IngressClassName string
	// NginxPrefix is the directory relative nginx includes resolve against
	// (nginx's conf prefix); empty means the main file's directory.
	NginxPrefix string
	// NginxRoot is where absolute nginx include paths are looked up, as if
	// it were the nginx host's file system root; empty means the real root.
	NginxRoot string
	// MaxFileSize refuses larger inputs; 0 means 64 MiB.
	MaxFileSize int64
	// ExternalSecrets also emits an ExternalSecret (external-secrets.io)
	// for every secret reference, beside the secretKeyRef that uses it.
	ExternalSecrets bool
	// Policies, when set, are checked against every emitted object (see
	// schemas.LoadPolicies); violations are diagnostics. Policies are not
	// safe for concurrent use: give each concurrent Convert its own.
	Policies *schemas.Policies

	// validate replaces schemas.Validate in tests.
	validate func(*ir.Project, *diag.Reporter) schemas.Invalid
}

// Result is what a conversion produced. It always holds the diagnostics;
// Files holds the manifests unless an error-severity finding made the
// conversion unfaithful and the caller asked for nothing in that case.
type Result struct {
	// Files are the manifests, one object per file, in output order, with
	// paths like "<app>/<kind>.yaml" relative to the output directory.
	Files []File
	// Objects lists the same objects in the same order with their identity.
	Objects []ObjectRef
	// Diagnostics sorted by position.
	Diagnostics []diag.Diagnostic
	// InputErrors is set when an input was unreadable or malformed (see
	// diag.IsInputError). Files is then empty: nothing is emitted from a
	// configuration that was not read completely.
	InputErrors bool
}

// File is one output manifest.
type File struct {
	Path string
	Data []byte
}

// ObjectRef names one emitted object and the file it is in.
type ObjectRef struct {
	APIVersion, Kind, Namespace, Name string
	Path                              string
}

// HasErrors reports whether any diagnostic is an error.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}
