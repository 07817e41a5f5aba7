package kubelift

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/emit/kube"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
	pn "github.com/kubelift/kubelift/parser/nginx"
	"github.com/kubelift/kubelift/schemas"
	te "github.com/kubelift/kubelift/translate/ecs"
	"github.com/kubelift/kubelift/translate/merge"
	tn "github.com/kubelift/kubelift/translate/nginx"
)

// Format names an input format.
type Format string

// Input formats kubelift detects.
const (
	FormatUnknown Format = ""
	FormatNginx   Format = "nginx"
	FormatECS     Format = "ecs"
)

// input is one legacy file to convert.
type input struct {
	path   string
	data   []byte
	format Format
}

// Convert reads the inputs, translates and emits them, and returns the
// manifests and the diagnostics. It writes nothing. The error is for
// cancellation and for bugs; bad input is reported as diagnostics, and when
// an input is unreadable or malformed (see Result.InputErrors) no manifest
// is returned at all.
func Convert(ctx context.Context, opts Options) (*Result, error) {
	rep := &diag.Reporter{}
	ins := collect(opts, rep)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := translateInputs(ins, opts, rep)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{}
	ds := rep.Diagnostics()
	for _, d := range ds {
		if diag.IsInputError(d) {
			res.InputErrors = true
			break
		}
	}
	if !res.InputErrors && p != nil {
		// Nothing is emitted for an app or site the schema rejects: its
		// findings say why. Validation comes first, not beside emission:
		// the emitters rely on what the schema guarantees, and must never
		// see a project that breaks it (a panic is worse than a finding).
		validate := opts.validate
		if validate == nil {
			validate = schemas.Validate
		}
		if inv := validate(p, rep); !inv.Empty() {
			p = inv.Prune(p)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Policies read the typed objects, so those are only marshalled
		// after the check; otherwise while they are emitted.
		kopts := kube.Options{Namespace: opts.Namespace, IngressClassName: opts.IngressClassName, Marshal: opts.Policies == nil}
		objs := kube.Emit(p, kopts, rep)
		if opts.Policies != nil {
			opts.Policies.Check(policyObjects(p, objs), rep)
		}
		files, refs, err := render(objs, true)
		if err != nil {
			return nil, err
		}
		res.Files, res.Objects = files, refs
		ds = rep.Diagnostics()
	}
	res.Diagnostics = ds
	return res, ctx.Err()
}

// policyObjects lists the objects for a policy check; findings point at
// the legacy origin of the app or site each object belongs to.
func policyObjects(p *ir.Project, objs []kube.Object) []schemas.PolicyObject {
	owners := make(map[string]diag.Pos, len(p.Apps)+len(p.Sites))
	for _, s := range p.Sites {
		owners[s.Name] = s.Origin.Pos
	}
	for _, a := range p.Apps {
		owners[a.Name] = a.Origin.Pos
	}
	out := make([]schemas.PolicyObject, len(objs))
	for i, o := range objs {
		out[i] = schemas.PolicyObject{Kind: o.Kind, Namespace: o.Namespace, Name: o.Name, Obj: o.Obj, Pos: owners[o.Owner]}
	}
	return out
}

// translateInputs parses the detected inputs and translates them into one
// project.
func translateInputs(ins []input, opts Options, rep *diag.Reporter) *ir.Project {
	// Parse every nginx file, each with its own reporter; a file that
	// another one includes is translated as part of that one only.
	type parsed struct {
		cfg *pn.Config
		rep *diag.Reporter
	}
	var all []parsed
	malformed := false
	included := map[string]bool{}
	popts := pn.Options{Prefix: opts.NginxPrefix, Root: opts.NginxRoot, MaxFileSize: opts.MaxFileSize}
	for _, in := range ins {
		if in.format != FormatNginx {
			continue
		}
		r := &diag.Reporter{}
		cfg := pn.ParseBytes(in.path, in.data, popts, r)
		for _, f := range cfg.Files[1:] {
			included[absPath(f.Path)] = true
		}
		all = append(all, parsed{cfg, r})
	}
	var cfgs []*pn.Config
	for _, p := range all {
		if included[absPath(p.cfg.Main.Path)] {
			continue
		}
		for _, d := range p.rep.Diagnostics() {
			if diag.IsInputError(d) {
				malformed = true
			}
		}
	}
	for _, p := range all {
		if included[absPath(p.cfg.Main.Path)] {
			continue
		}
		for _, d := range p.rep.Diagnostics() {
			rep.Report(d)
		}
		cfgs = append(cfgs, p.cfg)
	}
	var ecsFiles []*pe.File
	for _, in := range ins {
		if in.format == FormatECS {
			ecsFiles = append(ecsFiles, pe.Parse(in.path, in.data, rep))
		}
	}
	// Nothing is translated from input that was not read completely: the
	// findings would describe a configuration that is not the real one.
	for _, d := range rep.Diagnostics() {
		malformed = malformed || diag.IsInputError(d)
	}
	if malformed {
		return nil
	}
	name := opts.Name
	if name == "" {
		name = deriveName(ins)
	}
	var ps []*ir.Project
	if len(cfgs) > 0 {
		ps = append(ps, tn.Translate(cfgs, tn.Options{Name: name}, rep))
	}
	if len(ecsFiles) > 0 {
		ps = append(ps, te.Translate(ecsFiles, te.Options{Name: name, ExternalSecrets: opts.ExternalSecrets}, rep))
	}
	switch len(ps) {
	case 0:
		return &ir.Project{Name: ir.DNSLabel(name)}
	case 1:
		return ps[0]
	}
	return merge.Projects(ir.DNSLabel(name), ps, rep)
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// deriveName names the project after the first input's directory or file.
func deriveName(ins []input) string {
	if len(ins) == 0 {
		return "kubelift"
	}
	p := ins[0].path
	base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	switch base {
	case "nginx", "default", "main", "http", "site", "sites", "app", "server", "conf", "vhost":
		if d := filepath.Base(filepath.Dir(absPath(p))); d != "/" && d != "." {
			return d
		}
	}
	return base
}

// collect expands directories, reads every file and detects its format.
// Inputs are returned sorted by path, so that the order files are named in
// does not change the output.
func collect(opts Options, rep *diag.Reporter) []input {
	max := opts.MaxFileSize
	if max <= 0 {
		max = 64 << 20
	}
	var paths []string
	scanned := map[string]bool{} // files found by listing a directory
	for _, p := range opts.Inputs {
		fi, err := os.Stat(p)
		if err != nil {
			rep.Add(diag.InputUnreadable, diag.Pos{File: p}, "cannot read %s: %v", p, unwrapPathErr(err))
			continue
		}
		if !fi.IsDir() {
			paths = append(paths, p)
			continue
		}
		// A directory with an nginx.conf stands for that file (it includes
		// the rest); otherwise for every regular file directly in it.
		if st, err := os.Stat(filepath.Join(p, "nginx.conf")); err == nil && !st.IsDir() {
			paths = append(paths, filepath.Join(p, "nginx.conf"))
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			rep.Add(diag.InputUnreadable, diag.Pos{File: p}, "cannot read directory %s: %v", p, unwrapPathErr(err))
			continue
		}
		for _, e := range ents {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				paths = append(paths, filepath.Join(p, e.Name()))
				scanned[filepath.Join(p, e.Name())] = true
			}
		}
	}
	sort.Strings(paths)
	var ins []input
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[absPath(p)] {
			continue
		}
		seen[absPath(p)] = true
		pos := diag.Pos{File: p, Line: 1, Col: 1}
		if fi, err := os.Stat(p); err == nil && !fi.Mode().IsRegular() {
			rep.Add(diag.InputUnreadable, pos, "%s is not a regular file (a device, pipe or socket)", p)
			continue
		} else if err == nil && fi.Size() > max {
			rep.Add(diag.InputTooLarge, pos, "%s is %d bytes, larger than the limit of %d bytes", p, fi.Size(), max)
			continue
		}
		data, err := readLimited(p, max)
		if errors.Is(err, errTooLarge) {
			rep.Add(diag.InputTooLarge, pos, "%s is larger than the limit of %d bytes", p, max)
			continue
		}
		if err != nil {
			rep.Add(diag.InputUnreadable, pos, "cannot read %s: %v", p, unwrapPathErr(err))
			continue
		}
		f := Detect(p, data)
		if scanned[p] && (f == FormatUnknown || blank(data)) {
			rep.Add(diag.InputSkipped, pos, "%s is not a format kubelift reads; skipped", p)
			continue
		}
		if f == FormatUnknown {
			rep.Add(diag.InputFormatUnknown, pos, "%s is not a format kubelift reads (nginx configuration, ECS task or service definition, CloudFormation, Terraform)", p)
			continue
		}
		ins = append(ins, input{path: p, data: data, format: f})
	}
	return ins
}

var errTooLarge = errors.New("file larger than the limit")

// readLimited reads at most max bytes of the file at p: a file that grew
// after Stat, or lies about its size, cannot exhaust memory.
func readLimited(p string, max int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Sized from Stat, as os.ReadFile does, so that a large input is read
	// into one allocation instead of a series of growing copies.
	size := 512
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 && fi.Size() <= max {
		size = int(fi.Size()) + 512
	}
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > max {
			return nil, errTooLarge
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Detect tells an input's format from its content (path is used only by
// formats whose detection needs the file name). Empty and binary files are
// reported as nginx, so that the parser names the problem with its position.
func Detect(path string, data []byte) Format {
	// A file that opens with an nginx directive is nginx: asking the ECS
	// detector first would scan all of it several times (16 ms for 15 MB).
	// Only Terraform files and templates are ECS by their name alone.
	nginx := sniffNginx(data)
	if nginx == FormatNginx && !pe.ClaimsPath(path) {
		return FormatNginx
	}
	if pe.Detect(path, data) {
		return FormatECS
	}
	return nginx
}

// sniffNginx returns FormatNginx when data opens with an nginx directive,
// or is empty or binary (for the parser to name the problem).
func sniffNginx(data []byte) Format {
	s := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	// Skip blank lines and comments.
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		if len(s) > 0 && s[0] == '#' {
			if i := bytes.IndexByte(s, '\n'); i >= 0 {
				s = s[i+1:]
				continue
			}
			s = nil
		}
		break
	}
	if len(s) == 0 || bytes.IndexByte(data, 0) >= 0 {
		return FormatNginx
	}
	switch s[0] {
	case '{', '[', '-', '<', '"', '\'':
		return FormatUnknown
	}
	// The first word of an nginx file is a known directive name, and its
	// line ends the directive (';') or opens its block ('{').
	line := s
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	end := bytes.IndexAny(line, " \t\r;{")
	if end < 0 {
		end = len(line)
	}
	if end == 0 || !pn.KnownDirective(string(line[:end])) {
		return FormatUnknown
	}
	if bytes.ContainsAny(line, ";{") {
		return FormatNginx
	}
	rest := bytes.TrimLeft(s[len(line):], " \t\r\n")
	if len(rest) > 0 && rest[0] == '{' {
		return FormatNginx
	}
	return FormatUnknown
}

// blank reports whether data holds nothing but white space and '#' comments.
func blank(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' {
			return false
		}
	}
	return true
}

// Render marshals objects to YAML files, one object per file, in output
// order.
func Render(objs []kube.Object) ([]File, []ObjectRef, error) {
	return render(objs, false)
}

// renderChunk is the size of the blocks the files' data is carved from:
// one allocation for many small manifests.
const renderChunk = 1 << 20

// renderBlock is how many objects a render worker takes at a time.
const renderBlock = 64

// render is Render; with release, each objs[i].Obj is set to nil once
// marshalled, so that the typed objects can be freed while the rest are
// rendered. Objects are marshalled by up to GOMAXPROCS workers, each taking
// the next block of objects; every file lands at its object's index, so the
// result does not depend on the scheduling. On failure the error is the
// one of the first object that failed.
func render(objs []kube.Object, release bool) ([]File, []ObjectRef, error) {
	paths := kube.Paths(objs)
	files := make([]File, len(objs))
	refs := make([]ObjectRef, len(objs))
	workers := max(1, min(runtime.GOMAXPROCS(0), (len(objs)+renderBlock-1)/renderBlock, 8))
	var (
		next   atomic.Int64 // first object of the next block
		failed atomic.Bool
		mu     sync.Mutex
		errAt  = len(objs)
		err    error
		wg     sync.WaitGroup
	)
	work := func() {
		defer wg.Done()
		var scratch, chunk []byte
		for !failed.Load() {
			start := int(next.Add(renderBlock)) - renderBlock
			if start >= len(objs) {
				return
			}
			for i := start; i < min(start+renderBlock, len(objs)); i++ {
				o := &objs[i]
				var data []byte
				var e error
				marshalled := o.YAML != nil || o.Err != nil // by kube.Emit (Options.Marshal)
				if marshalled {
					data, e = o.YAML, o.Err
				} else {
					data, e = kube.AppendYAML(scratch[:0], o.Obj)
				}
				if e != nil {
					mu.Lock()
					if i < errAt {
						errAt, err = i, fmt.Errorf("marshal %s %s: %w", o.Kind, o.Name, e)
					}
					mu.Unlock()
					failed.Store(true)
					return
				}
				refs[i] = ObjectRef{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name, Path: paths[i]}
				if marshalled {
					files[i] = File{Path: paths[i], Data: data[:len(data):len(data)]}
					continue
				}
				scratch = data
				if cap(chunk)-len(chunk) < len(data) {
					chunk = make([]byte, 0, max(renderChunk, len(data)))
				}
				at := len(chunk)
				chunk = append(chunk, data...)
				files[i] = File{Path: paths[i], Data: chunk[at:len(chunk):len(chunk)]}
				if release {
					o.Obj = nil
				}
			}
		}
	}
	wg.Add(workers)
	for range workers - 1 {
		go work()
	}
	work()
	wg.Wait()
	if err != nil {
		return nil, nil, err
	}
	return files, refs, nil
}

// WriteStream writes the files to w as one YAML stream, separated by
// "---", as Stream returns it, without building it in memory first.
func (r *Result) WriteStream(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	for i, f := range r.Files {
		if i > 0 {
			bw.WriteString("---\n")
		}
		bw.Write(f.Data)
	}
	return bw.Flush()
}

// Stream joins the files into one YAML stream, separated by "---".
func (r *Result) Stream() []byte {
	n := 0
	for i, f := range r.Files {
		if i > 0 {
			n += len("---\n")
		}
		n += len(f.Data)
	}
	if n == 0 {
		return nil
	}
	b := make([]byte, 0, n)
	for i, f := range r.Files {
		if i > 0 {
			b = append(b, "---\n"...)
		}
		b = append(b, f.Data...)
	}
	return b
}
