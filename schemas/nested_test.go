package schemas

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// modeAt returns the mode of the field at a dotted path (list elements
// implied) in a layout, and whether the path is in it.
func modeAt(l *layout, path string) (fieldMode, bool) {
	ts := types{}
	names := strings.Split(path, ".")
	for i, n := range names {
		if l == nil {
			return 0, false
		}
		j, ok := ts.info(l.t).byName[n]
		if !ok {
			return 0, false
		}
		if i == len(names)-1 {
			return l.modes[j], true
		}
		l = l.subs[j]
	}
	return 0, false
}

func workloadLayout(s *schema) *layout {
	return s.layout(types{}, reflect.TypeOf(ir.Workload{}), "#Project.apps[].workload")
}

// TestNestedLayout checks the nested columns of a workload: the fields no
// constraint reads but their own are columns (or blank), the others are
// kept.
func TestNestedLayout(t *testing.T) {
	l := workloadLayout(mustCompile())
	want := map[string]fieldMode{
		"containers":                       nested,
		"containers.name":                  keep,   // unique names: _names, _containers, _inPod
		"containers.image":                 column, // read by nothing else
		"containers.env":                   column, // a column with a fast path
		"containers.sidecar":               keep,   // only init containers can be sidecars
		"initContainers.sidecar":           blank,
		"containers.mounts":                nested,
		"containers.mounts.volume":         keep, // names a volume of the pod
		"containers.mounts.path":           column,
		"containers.liveness":              nested, // _liveness reads liveness._handlers
		"containers.liveness.httpPath":     keep,   // _httpPath reads its value
		"containers.liveness.exec":         column,
		"volumes":                          nested,
		"volumes.name":                     keep, // _volumes
		"volumes.kind":                     keep, // the volume's checks
		"volumes.hostPath":                 column,
		"serviceAccount":                   nested, // no fast path as a whole
		"serviceAccount.name":              column,
		"serviceAccount.annotations.key":   column,
		"serviceAccount.annotations.value": blank,
	}
	for path, m := range want {
		if got, ok := modeAt(l, path); !ok || got != m {
			t.Errorf("%s: mode %d (found %v), want %d", path, got, ok, m)
		}
	}
}

// TestNestedGivesUp checks that a read the analysis follows keeps the
// field it reads, and that one it does not follow keeps the whole field.
func TestNestedGivesUp(t *testing.T) {
	edit := func(t *testing.T, add string) *schema {
		t.Helper()
		var files []File
		for _, f := range Files() {
			if f.Name == "ir.cue" {
				f.Data = append(append([]byte(nil), f.Data...), add...)
			}
			files = append(files, f)
		}
		s, err := compileFiles(files)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := []struct {
		add  string
		path string
		want fieldMode
	}{
		// Followed: the image is read, the rest not.
		{"#Workload: {containers!: [..._], _img: [for c in containers {c.image}]}", "containers.image", keep},
		{"#Workload: {containers!: [..._], _img: [for c in containers {c.image}]}", "containers.mounts.path", column},
		// Through two comprehensions.
		{"#Workload: {containers!: [..._], _env: {for c in containers for e in c.env {(e.name): true}}}", "containers.env", nested},
		{"#Workload: {containers!: [..._], _env: {for c in containers for e in c.env {(e.name): true}}}", "containers.env.name", keep},
		// Presence tests and lengths do not read values.
		{"#Workload: {containers!: [..._], _n: {if len(containers) > 3 if containers[0] != _|_ {x: 1}}}", "containers", keep},
		{"#Workload: {containers!: [..._], _n: {for c in containers if c.workingDir != _|_ {x: 1}}}", "containers.workingDir", column},
		// Not followed: the whole field is read.
		{"#Workload: {containers!: [..._], _first: containers[0]}", "containers", keep},
		{"#Workload: {containers!: [..._], _all: containers}", "containers", keep},
		{"#Workload: {containers!: [..._], _c: {for k, v in containers[0] {(k): v}}}", "containers", keep},
		// A constraint from a comprehension, or one that reads the data
		// around it.
		{"#Container: {stdin?: bool, if stdin {workingDir: =~\"^/app\"}}", "containers.workingDir", keep},
		{"#Workload: {containers!: [...{workingDir?: =~_dir}], _dir: \"^/\"}", "containers.workingDir", keep},
		// A pattern constraint, a list whose first element differs.
		{"#Container: [=~\"^i\"]: _", "containers", keep},
		{"#Workload: volumes?: [#Volume & {name: \"a\"}, ...#Volume]", "volumes", keep},
	}
	for _, c := range cases {
		l := workloadLayout(edit(t, "\n"+c.add+"\n"))
		if got, _ := modeAt(l, c.path); got != c.want {
			t.Errorf("with %s: %s has mode %d, want %d", c.add, c.path, got, c.want)
		}
	}
}

// TestNestedEquivalence breaks nested columns of an estate of apps, some
// with the same bad value, and checks that Validate finds what validating
// the whole project as JSON finds, at the origins of the containers.
func TestNestedEquivalence(t *testing.T) {
	s := mustCompile()
	cases := map[string]func(p *ir.Project){
		"images": func(p *ir.Project) {
			p.Apps[1].Workload.Containers[0].Image = " bad"
			p.Apps[5].Workload.Containers[0].Image = " bad"
		},
		"two containers": func(p *ir.Project) {
			w := p.Apps[2].Workload
			c := w.Containers[0]
			c.Image = " bad"
			w.Containers[0].Image = " bad"
			w.Containers = append(w.Containers, c)
		},
		"secret":           func(p *ir.Project) { p.Apps[3].Workload.Containers[0].Env[2].Secret.Name = "Bad" },
		"value and secret": func(p *ir.Project) { p.Apps[3].Workload.Containers[0].Env[2].Value = "x" },
		"service account":  func(p *ir.Project) { p.Apps[4].Workload.ServiceAccount.Name = "Bad SA" },
		"annotation":       func(p *ir.Project) { p.Apps[4].Workload.ServiceAccount.Annotations[0].Key = "a b" },
		"mount path":       func(p *ir.Project) { p.Apps[6].Workload.Containers[0].Mounts[0].Path = "tmp" },
		"mount volume":     func(p *ir.Project) { p.Apps[6].Workload.Containers[0].Mounts[0].Volume = "nope" },
		"probe":            func(p *ir.Project) { p.Apps[7].Workload.Containers[0].Liveness.PeriodSeconds = -1 },
		"probe handlers":   func(p *ir.Project) { p.Apps[7].Workload.Containers[0].Readiness.TCPPort = 8080 },
		"duplicate names": func(p *ir.Project) {
			w := p.Apps[8].Workload
			w.InitContainers = []ir.Container{{Name: "app", Image: "busybox", Origin: at(1, "init")}}
		},
		"duplicate names, no init containers": func(p *ir.Project) {
			w := p.Apps[8].Workload
			w.Containers = append(w.Containers, w.Containers[0])
		},
		"volume": func(p *ir.Project) {
			p.Apps[9].Workload.Volumes[0].Medium = "Disk"
			p.Apps[10].Workload.Volumes[0].HostPath = "/x"
		},
	}
	for name, change := range cases {
		p := synthApps(12)
		change(p)
		_, vs := validate(p, &diag.Reporter{}, Options{})
		want := validateWhole(t, s, p)
		if got, w := paths(vs), paths(want); !slices.Equal(got, w) || len(vs) == 0 {
			t.Errorf("%s: Validate finds %v, the whole project as JSON %v\n%s", name, got, w, showViolations(vs))
			continue
		}
		pos := map[string]diag.Pos{}
		for _, v := range want {
			pos[v.path] = v.pos
		}
		for _, v := range vs {
			if pos[v.path] != v.pos {
				t.Errorf("%s: %s at %v, want %v", name, v.path, v.pos, pos[v.path])
			}
		}
	}
}
