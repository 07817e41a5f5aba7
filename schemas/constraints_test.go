package schemas

import (
	"math/rand"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// constraint is one rule of the schema, broken in fullProject.
type constraint struct {
	name   string
	break_ func(p *ir.Project)
	// path is the IR path of the violation; line the line of the origin
	// it must point at (0: no position, the project has none); msg a
	// fragment of the message.
	path string
	line int
	msg  string
}

func c0(p *ir.Project) *ir.Container { return &p.Apps[0].Workload.Containers[0] }

var constraints = []constraint{
	// Names.
	{"project name", func(p *ir.Project) { p.Name = "Shop" }, "name", 0, "a DNS-1123 label"},
	{"namespace", func(p *ir.Project) { p.Namespace = "shop_prod" }, "namespace", 0, "a DNS-1123 label"},
	{"environment", func(p *ir.Project) { p.Environment = "Prod" }, "environment", 0, "a DNS-1123 label"},
	{"app name", func(p *ir.Project) { p.Apps[1].Name = "Worker" }, "apps[1].name", 40, "a DNS-1123 label"},
	{"app name length", func(p *ir.Project) { p.Apps[1].Name = strings.Repeat("w", 64) }, "apps[1].name", 40, "at most 63"},
	{"unique app names", func(p *ir.Project) { p.Apps[1].Name = "api" }, "apps[1].name", 40, "used by 2 apps"},
	{"site name", func(p *ir.Project) { p.Sites[0].Name = "shop site" }, "sites[0].name", 70, "a DNS-1123 label"},
	{"unique site names", func(p *ir.Project) {
		s := *p.Sites[0]
		s.Origin = at(99, "server")
		p.Sites = append(p.Sites, &s)
	}, "sites[1].name", 99, "used by 2 sites"},
	{"container name", func(p *ir.Project) { c0(p).Name = "API" }, "apps[0].workload.containers[0].name", 18, "a DNS-1123 label"},
	{"unique container names", func(p *ir.Project) { p.Apps[0].Workload.InitContainers[0].Name = "api" }, "apps[0].workload.initContainers[0].name", 20, "used by 2 containers"},
	{"unique container names without init containers", func(p *ir.Project) {
		w := p.Apps[0].Workload
		w.InitContainers = nil
		w.Containers = append(w.Containers, w.Containers[0])
	}, "apps[0].workload.containers[2].name", 18, "used by 2 containers"},
	{"host name", func(p *ir.Project) { p.Sites[0].Hosts[0].Name = "Shop.example.com" }, "sites[0].hosts[0].name", 71, "host name"},
	{"TLS secret name", func(p *ir.Project) { p.Sites[0].TLS[0].SecretName = "shop tls" }, "sites[0].tls[0].secretName", 74, "DNS-1123 subdomain"},
	{"port name", func(p *ir.Project) { p.Apps[0].Ports[0].Name = "http-port-too-long" }, "apps[0].ports[0].name", 36, "IANA service name"},

	// Ports.
	{"port too large", func(p *ir.Project) { p.Apps[1].Ports[0].Port = 70000 }, "apps[1].ports[0].port", 42, "1-65535"},
	{"port zero", func(p *ir.Project) { p.Apps[1].Ports[0].Port = 0 }, "apps[1].ports[0].port", 42, "1-65535"},
	{"target port", func(p *ir.Project) { p.Apps[1].Ports[0].TargetPort = -1 }, "apps[1].ports[0].targetPort", 42, "1-65535"},
	{"container port", func(p *ir.Project) { c0(p).Ports[0].Port = 65536 }, "apps[0].workload.containers[0].ports[0].port", 14, "1-65535"},
	{"listener port", func(p *ir.Project) { p.Sites[0].Listeners[0].Port = 0 }, "sites[0].listeners[0].port", 73, "1-65535"},
	{"probe port", func(p *ir.Project) { c0(p).Readiness.Port = 99999 }, "apps[0].workload.containers[0].readiness.port", 16, "1-65535"},
	{"redirect port", func(p *ir.Project) { p.Sites[0].Routes[1].Redirect.Port = 65536 }, "sites[0].routes[1].redirect.port", 81, "1-65535"},
	{"protocol", func(p *ir.Project) { p.Apps[1].Ports[0].Protocol = "SCTP" }, "apps[1].ports[0].protocol", 42, "TCP or UDP"},

	// Replicas and autoscaling.
	{"replicas", func(p *ir.Project) { *p.Apps[0].Replicas = -1 }, "apps[0].replicas", 10, "cannot be negative"},
	{"autoscaling min", func(p *ir.Project) { p.Apps[0].Autoscaling.Min = 0 }, "apps[0].autoscaling.min", 32, "at least one replica"},
	{"autoscaling max", func(p *ir.Project) { p.Apps[0].Autoscaling.Max = 1 }, "apps[0].autoscaling.max", 32, "at least the minimum"},
	{"stabilization", func(p *ir.Project) { *p.Apps[0].Autoscaling.ScaleDownStabilizationSeconds = 7200 }, "apps[0].autoscaling.scaleDownStabilizationSeconds", 32, "0-3600"},
	{"metric targets", func(p *ir.Project) { p.Apps[0].Autoscaling.Metrics[1].TargetValue = "80" }, "apps[0].autoscaling.metrics[1].targetValue", 34, "not both"},
	{"rollout stuck", func(p *ir.Project) { p.Apps[0].Rollout.MaxSurge = "0%" }, "apps[0].rollout.maxUnavailable", 35, "cannot both be zero"},
	{"recreate with surge", func(p *ir.Project) { p.Apps[1].Rollout.MaxSurge = "1" }, "apps[1].rollout.recreate", 41, "recreate rollout"},

	// Probes.
	{"probe delay", func(p *ir.Project) { c0(p).Liveness.InitialDelaySeconds = -5 }, "apps[0].workload.containers[0].liveness.initialDelaySeconds", 15, "cannot be negative"},
	{"probe timeout", func(p *ir.Project) { c0(p).Liveness.TimeoutSeconds = -1 }, "apps[0].workload.containers[0].liveness.timeoutSeconds", 15, "at least 1 second"},
	{"probe period", func(p *ir.Project) { c0(p).Readiness.PeriodSeconds = -10 }, "apps[0].workload.containers[0].readiness.periodSeconds", 16, "at least 1 second"},
	{"probe threshold", func(p *ir.Project) { c0(p).Startup.FailureThreshold = -3 }, "apps[0].workload.containers[0].startup.failureThreshold", 17, "at least 1"},
	{"liveness success", func(p *ir.Project) { c0(p).Liveness.SuccessThreshold = 3 }, "apps[0].workload.containers[0].liveness.successThreshold", 15, "success threshold is 1"},
	{"two handlers", func(p *ir.Project) { c0(p).Liveness.HTTPPath = "/health" }, "apps[0].workload.containers[0].liveness", 15, "exactly one of exec, httpPath and tcpPort, not 2"},
	{"no handler", func(p *ir.Project) { c0(p).Startup.TCPPort = 0 }, "apps[0].workload.containers[0].startup", 17, "exactly one of exec, httpPath and tcpPort, not 0"},
	{"probe path", func(p *ir.Project) { c0(p).Readiness.HTTPPath = "ready" }, "apps[0].workload.containers[0].readiness.httpPath", 16, "absolute"},

	// Resources.
	{"cpu negative", func(p *ir.Project) { c0(p).Resources.CPULimitMilli = -500 }, "apps[0].workload.containers[0].resources.cpuLimitMilli", 18, "cannot be negative"},
	{"memory negative", func(p *ir.Project) { c0(p).Resources.MemoryRequestMi = -1 }, "apps[0].workload.containers[0].resources.memoryRequestMi", 18, "cannot be negative"},
	{"cpu request over limit", func(p *ir.Project) { c0(p).Resources.CPURequestMilli = 900 }, "apps[0].workload.containers[0].resources.cpuRequestMilli", 18, "more than the CPU limit"},
	{"memory request over limit", func(p *ir.Project) { c0(p).Resources.MemoryRequestMi = 1024 }, "apps[0].workload.containers[0].resources.memoryRequestMi", 18, "more than the memory limit"},
	{"gpus", func(p *ir.Project) { c0(p).Resources.GPUs = -1 }, "apps[0].workload.containers[0].resources.gpus", 18, "cannot be negative"},

	// Secrets.
	{"value and secret", func(p *ir.Project) { c0(p).Env[1].Value = "hunter2" }, "apps[0].workload.containers[0].env[1].value", 13, "not both"},
	{"credential literal", func(p *ir.Project) { c0(p).Env[0].Name = "API_TOKEN" }, "apps[0].workload.containers[0].env[0].value", 11, "API_TOKEN is named like a credential"},
	{"aws credential literal", func(p *ir.Project) { c0(p).Env[0].Name = "AWS_SECRET_ACCESS_KEY" }, "apps[0].workload.containers[0].env[0].value", 11, "named like a credential"},
	{"password literal", func(p *ir.Project) { c0(p).Env[0].Name = "db.password" }, "apps[0].workload.containers[0].env[0].value", 11, "named like a credential"},
	{"secret name", func(p *ir.Project) { c0(p).Env[1].Secret.Name = "DB" }, "apps[0].workload.containers[0].env[1].secret.name", 12, "DNS-1123 subdomain"},
	{"secret provider", func(p *ir.Project) { c0(p).Env[1].Secret.Provider = "vault" }, "apps[0].workload.containers[0].env[1].secret.provider", 12, "secret provider"},
	{"auth users secret", func(p *ir.Project) { p.Sites[0].Routes[0].Auth.Users.Key = "a/b" }, "sites[0].routes[0].auth.users.key", 62, "a key in a Secret"},

	// Routes.
	{"backend app", func(p *ir.Project) { p.Sites[0].Routes[0].Backend.App = "payments" }, "sites[0].routes[0].backend.app", 51, "names app payments, which the project does not have"},
	{"backend port", func(p *ir.Project) { p.Sites[0].Routes[0].Backend.Port = 81 }, "sites[0].routes[0].backend.port", 51, "port 81 of app api, which does not serve it"},
	{"backend protocol", func(p *ir.Project) { p.Sites[0].Routes[0].Backend.Protocol = "ftp" }, "sites[0].routes[0].backend.protocol", 51, "backend protocol"},
	{"match path", func(p *ir.Project) { p.Sites[0].Routes[1].Match.Path = "old" }, "sites[0].routes[1].match.path", 80, "absolute"},
	{"match noRegex", func(p *ir.Project) { p.Sites[0].Routes[2].Match.NoRegex = true }, "sites[0].routes[2].match.noRegex", 90, "only a prefix match"},
	{"redirect status", func(p *ir.Project) { p.Sites[0].Routes[1].Redirect.Status = 304 }, "sites[0].routes[1].redirect.status", 81, "301, 302, 303, 307 or 308"},
	{"response status", func(p *ir.Project) { p.Sites[0].Routes[2].DirectResponse.Status = 600 }, "sites[0].routes[2].directResponse.status", 91, "100-599"},
	{"timeout", func(p *ir.Project) { p.Sites[0].Routes[0].Timeouts.Read = -1 }, "sites[0].routes[0].timeouts.read", 55, "cannot be negative"},
	{"body limit", func(p *ir.Project) { p.Sites[0].Routes[0].BodyLimit.Bytes = -1 }, "sites[0].routes[0].bodyLimit.bytes", 56, "cannot be negative"},
	{"rate", func(p *ir.Project) { p.Sites[0].Routes[0].RateLimit.Per = "h" }, "sites[0].routes[0].rateLimit.per", 60, "per second (s) or per minute (m)"},
	{"access source", func(p *ir.Project) { p.Sites[0].Routes[0].Access.Rules[0].Source = "unix:" }, "sites[0].routes[0].access.rules[0].source", 58, "an address or a CIDR"},
	{"header name", func(p *ir.Project) { p.Sites[0].Routes[0].RequestHeaders.Set[0].Name = "X Real IP" }, "sites[0].routes[0].requestHeaders.set[0].name", 53, "HTTP header name"},
	{"methods", func(p *ir.Project) { p.Sites[0].Routes[0].Methods.Allowed = nil }, "sites[0].routes[0].methods.allowed", 64, ""},
	{"rewrite pattern", func(p *ir.Project) { p.Sites[0].Routes[0].Rewrite.Pattern = "" }, "sites[0].routes[0].rewrite.pattern", 52, "regex rewrite has a pattern"},

	// Workload.
	{"mount volume", func(p *ir.Project) { c0(p).Mounts[0].Volume = "tmp" }, "apps[0].workload.containers[0].mounts[0].volume", 18, "no volume named tmp"},
	{"mount path", func(p *ir.Project) { c0(p).Mounts[0].Path = "cache" }, "apps[0].workload.containers[0].mounts[0].path", 18, "absolute"},
	{"sidecar", func(p *ir.Project) { p.Apps[0].Workload.Containers[1].Sidecar = true }, "apps[0].workload.containers[1].sidecar", 19, "only init containers"},
	{"volume kind fields", func(p *ir.Project) { p.Apps[0].Workload.Volumes[1].SecretName = "" }, "apps[0].workload.volumes[1].secretName", 22, "names its secret"},
	{"volume kind", func(p *ir.Project) { p.Apps[0].Workload.Volumes[0].Kind = "tmpfs" }, "apps[0].workload.volumes[0].kind", 21, "volume kind"},
	{"claim size", func(p *ir.Project) { p.Apps[0].Workload.Volumes[2].Claim.SizeMi = 0 }, "apps[0].workload.volumes[2].claim.sizeMi", 23, "at least 1 MiB"},
	{"image", func(p *ir.Project) { c0(p).Image = "shop/api:1.2 " }, "apps[0].workload.containers[0].image", 18, "no white space at either end"},
	{"privileged", func(p *ir.Project) { p.Apps[0].Workload.Containers[1].Security.NoNewPrivileges = true }, "apps[0].workload.containers[1].security.noNewPrivileges", 19, "privileged container"},
	{"user id", func(p *ir.Project) { *c0(p).Security.RunAsUser = -1 }, "apps[0].workload.containers[0].security.runAsUser", 18, "cannot be negative"},
	{"grace period", func(p *ir.Project) { *p.Apps[0].Workload.TerminationGracePeriodSeconds = -1 }, "apps[0].workload.terminationGracePeriodSeconds", 31, "cannot be negative"},
	{"node requirement", func(p *ir.Project) { p.Apps[0].Workload.Placement.Require[0].Values = nil }, "apps[0].workload.placement.require[0].values", 28, "In and NotIn"},
	{"secret sync", func(p *ir.Project) { p.Apps[0].Workload.SecretSyncs[0].Provider = "vault" }, "apps[0].workload.secretSyncs[0].provider", 29, "secret store"},

	// Apps' legacy details.
	{"hash key", func(p *ir.Project) { p.Apps[0].Balancing.HashKey = "" }, "apps[0].balancing.hashKey", 37, "needs a hash key"},
	{"balancing policy", func(p *ir.Project) { p.Apps[0].Balancing.Policy = "sticky" }, "apps[0].balancing.policy", 37, "balancing policy"},
	{"endpoint weight", func(p *ir.Project) { p.Apps[0].Endpoints[0].Weight = -2 }, "apps[0].endpoints[0].weight", 38, "cannot be negative"},
	{"endpoint address", func(p *ir.Project) { p.Apps[0].Endpoints[0].Address = "" }, "apps[0].endpoints[0].address", 38, ""},
}

// TestConstraints: each rule rejects a bad value with a finding at the
// origin of the nearest IR node, naming the IR path and the schema line,
// and the app or site is invalid. Validating the whole project as JSON
// finds the same violations.
func TestConstraints(t *testing.T) {
	s := mustCompile()
	schemaPos := regexp.MustCompile(`\((schemas/(common|ir)\.cue):(\d+):(\d+)\)$`)
	for _, c := range constraints {
		t.Run(c.name, func(t *testing.T) {
			p := fullProject()
			c.break_(p)
			rep := &diag.Reporter{}
			inv, vs := validate(p, rep, Options{})
			var hit *violation
			for i := range vs {
				if vs[i].path == c.path {
					hit = &vs[i]
				}
			}
			if hit == nil {
				t.Fatalf("no violation at %s; got:\n%s", c.path, showViolations(vs))
			}
			want := diag.Pos{}
			if c.line > 0 {
				want = diag.Pos{File: legacy, Line: c.line, Col: 3, Offset: 100}
			}
			if hit.pos != want {
				t.Errorf("violation at %v, want at the origin %v", hit.pos, want)
			}
			var d *diag.Diagnostic
			ds := rep.Diagnostics()
			for i := range ds {
				if strings.Contains(ds[i].Message, ", "+c.path+": ") || strings.HasPrefix(ds[i].Message, `project "`) && strings.Contains(ds[i].Message, c.path+": ") {
					d = &ds[i]
					if strings.Contains(d.Message, c.msg) {
						break
					}
				}
			}
			if d == nil {
				t.Fatalf("no diagnostic names %s:\n%s", c.path, dump(ds))
			}
			if d.Code != diag.SchemaViolation || d.Severity != diag.Error || d.Pos != want {
				t.Errorf("diagnostic %s, want schema-violation error at %v", d, want)
			}
			if !strings.Contains(d.Message, c.msg) {
				t.Errorf("message %q lacks %q", d.Message, c.msg)
			}
			m := schemaPos.FindStringSubmatch(d.Message)
			if m == nil || len(d.Related) != 1 || d.Related[0].File != m[1] || d.Related[0].Line == 0 {
				t.Errorf("message %q or related %v do not name the schema line", d.Message, d.Related)
			}
			switch {
			case strings.HasPrefix(c.path, "apps["):
				name := p.Apps[c.path[5]-'0'].Name
				if !inv.Apps[name] {
					t.Errorf("app %s is not invalid: %+v", name, inv)
				}
			case strings.HasPrefix(c.path, "sites["):
				name := p.Sites[c.path[6]-'0'].Name
				if !inv.Sites[name] {
					t.Errorf("site %s is not invalid: %+v", name, inv)
				}
			default:
				if !inv.Project {
					t.Errorf("the project is not invalid: %+v", inv)
				}
			}
			if got, want := paths(vs), paths(validateWhole(t, s, p)); !slices.Equal(got, want) {
				t.Errorf("Validate finds %v, the whole project as JSON %v", got, want)
			}
		})
	}
}

// TestNotCredentials: names that only contain a credential word are not
// credentials (like translate/ecs decides), and may hold values.
func TestNotCredentials(t *testing.T) {
	for _, n := range []string{"DB_PASSWORD_FILE", "TOKEN_TTL", "SECRET_NAME", "PASSWORD_MIN_LENGTH", "API_KEY_HEADER", "CACHE_KEY", "AWS_REGION", "PUBLIC_KEY"} {
		p := fullProject()
		c0(p).Env[0].Name = n
		if _, vs := validate(p, &diag.Reporter{}, Options{}); len(vs) > 0 {
			t.Errorf("%s with a value: %s", n, showViolations(vs))
		}
	}
}

// TestEquivalence breaks fullProject one field at a time (every string,
// number and flag) and checks that Validate finds exactly the violations
// that validating the whole project as JSON finds: checking in parts, with
// equal parts once and independent fields on their own, changes nothing.
func TestEquivalence(t *testing.T) {
	s := mustCompile()
	mutate := func(p *ir.Project, target int, bad int) int {
		n := 0
		done := false
		var walk func(v reflect.Value)
		walk = func(v reflect.Value) {
			if done {
				return
			}
			switch v.Kind() {
			case reflect.Pointer:
				if !v.IsNil() {
					walk(v.Elem())
				}
			case reflect.Slice:
				for i := 0; i < v.Len(); i++ {
					walk(v.Index(i))
				}
			case reflect.Struct:
				if v.Type() == reflect.TypeOf(ir.Origin{}) {
					return // not sent to CUE: it only locates findings
				}
				for i := 0; i < v.NumField(); i++ {
					if v.Type().Field(i).IsExported() && v.Type().Field(i).Tag.Get("json") != "-" {
						walk(v.Field(i))
					}
				}
			case reflect.String, reflect.Int, reflect.Int32, reflect.Int64, reflect.Bool:
				if n == target {
					switch v.Kind() {
					case reflect.String:
						v.SetString([]string{"Not Valid!", "", "/x"}[bad%3])
					case reflect.Bool:
						v.SetBool(!v.Bool())
					default:
						v.SetInt([]int64{-1, 0, 70000}[bad%3])
					}
					done = true
				}
				n++
			}
		}
		walk(reflect.ValueOf(p))
		return n
	}
	count := mutate(fullProject(), -1, 0)
	rng := rand.New(rand.NewSource(1))
	runs, differ := 0, 0
	pool := newPool(1)
	for target := 0; target < count; target++ {
		bad := rng.Intn(3)
		if testing.Short() && target%4 != 0 {
			continue
		}
		p := fullProject()
		mutate(p, target, bad)
		_, vs := validateWith(p, &diag.Reporter{}, pool)
		got, want := paths(vs), paths(validateWhole(t, s, p))
		runs++
		if !slices.Equal(got, want) {
			differ++
			t.Errorf("field %d, bad value %d: Validate finds %v, the whole project as JSON %v", target, bad, got, want)
		}
	}
	if runs < 100 && !testing.Short() {
		t.Errorf("only %d mutations", runs)
	}
	t.Logf("%d mutations of %d fields, %d differ", runs, count, differ)
}
