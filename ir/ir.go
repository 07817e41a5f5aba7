// Package ir is kubelift's intermediate representation: the waist between
// the frontends (translate/…) and the emitters (emit/…).
//
// The IR says what the legacy system did — a route with an exact path, a 302
// redirect, a 50 MiB body limit, a container with 512 cpu units — not what a
// target needs. Emitters decide how to express each intent or report that they
// cannot.
//
// Every node carries an Origin pointing at the legacy construct it came from.
// Optional intents embed Tracked, which records whether an emitter handled them;
// after emission, Unhandled lists every intent no emitter touched, and the
// pipeline reports each as a diagnostic, so nothing is dropped silently.
//
// Slices are kept sorted where order carries no meaning, and in the legacy
// system's evaluation order where it does (Site.Routes). There are no maps in
// the public shape.
package ir

import (
	"sort"

	"github.com/kubelift/kubelift/diag"
)

// Origin points at the legacy construct a node came from.
type Origin struct {
	diag.Pos
	// Construct names the construct for people, e.g. `location ~ \.php$`,
	// `proxy_pass`, `containerDefinitions[0].cpu`.
	Construct string `json:"construct,omitempty"`
}

// Tracked is embedded in every optional intent. Handle marks the intent as
// dealt with by an emitter: expressed in the output, or reported as not
// expressible with a specific diagnostic.
type Tracked struct {
	Origin  Origin `json:"origin"`
	handled bool
}

// Handle marks the intent as dealt with.
func (m *Tracked) Handle() { m.handled = true }

// Handled reports whether an emitter dealt with the intent.
func (m *Tracked) Handled() bool { return m.handled }

// Tracking returns m itself, so that every intent satisfies Intent.
func (m *Tracked) Tracking() *Tracked { return m }

// Intent is any optional piece of behaviour an emitter must express or report.
type Intent interface {
	Tracking() *Tracked
	// Kind names the intent for diagnostics ("redirect", "rate limit", …).
	Kind() string
}

// Project is one migration for one environment.
type Project struct {
	Name        string `json:"name"`
	Namespace   string `json:"namespace,omitempty"`
	Environment string `json:"environment,omitempty"`
	// Apps are the workloads and the services in front of them, sorted by Name.
	Apps []*App `json:"apps,omitempty"`
	// Sites are HTTP virtual hosts (an nginx server block, a Beanstalk
	// environment's load balancer): hostnames, TLS and routes to apps. Sorted
	// by Name.
	Sites []*Site `json:"sites,omitempty"`
}

// App is one deployable unit: a workload (if the legacy source describes the
// process) and the network ports other things reach it on.
type App struct {
	// Name is a DNS-1123 label, unique in the project.
	Name   string `json:"name"`
	Origin Origin `json:"origin"`
	// Workload describes the pods. Nil when the legacy source only names an
	// address (an nginx upstream): the emitters then produce the Service only.
	Workload *Workload `json:"workload,omitempty"`
	// Replicas is the desired count; nil leaves it to the emitter's default (1).
	Replicas    *int32       `json:"replicas,omitempty"`
	Autoscaling *Autoscaling `json:"autoscaling,omitempty"`
	Rollout     *Rollout     `json:"rollout,omitempty"`
	// Ports the app serves, sorted by Port then Protocol.
	Ports []Port `json:"ports,omitempty"`
	// Balancing is how the legacy proxy spread requests over the app's
	// instances (nginx upstream ip_hash, least_conn, keepalive, …).
	Balancing *Balancing `json:"balancing,omitempty"`
	// Endpoints are the legacy addresses this app stands for (nginx upstream
	// servers), in source order. They are reported, not emitted.
	Endpoints []Endpoint `json:"endpoints,omitempty"`
}

// Port is a network port of an app.
type Port struct {
	Name string `json:"name,omitempty"`
	// Port is the port clients use (the Service port).
	Port int32 `json:"port"`
	// TargetPort is the port the process listens on; 0 means the same as Port.
	TargetPort int32 `json:"targetPort,omitempty"`
	// Protocol is "TCP" or "UDP".
	Protocol string `json:"protocol"`
	// AppProtocol is "http", "https", "grpc", "ws", "h2c" or "".
	AppProtocol string `json:"appProtocol,omitempty"`
	Origin      Origin `json:"origin"`
}

// Endpoint is one legacy address of an app.
type Endpoint struct {
	// Address as written: host:port, an IP, or unix:/path.
	Address string `json:"address"`
	Weight  int    `json:"weight,omitempty"`
	Backup  bool   `json:"backup,omitempty"`
	Down    bool   `json:"down,omitempty"`
	Origin  Origin `json:"origin"`
}

// Balancing is a load-balancing intent.
type Balancing struct {
	Tracked
	// Policy is "round-robin", "least-conn", "ip-hash", "hash" or "random".
	Policy string `json:"policy"`
	// HashKey is the nginx key for Policy "hash" (e.g. "$request_uri").
	HashKey    string `json:"hashKey,omitempty"`
	Consistent bool   `json:"consistent,omitempty"`
	// Keepalive is the number of idle upstream connections kept per worker (0: none).
	Keepalive int `json:"keepalive,omitempty"`
}

func (*Balancing) Kind() string { return "load balancing" }

// Autoscaling is a horizontal scaling intent.
type Autoscaling struct {
	Tracked
	Min int32 `json:"min"`
	Max int32 `json:"max"`
	// Metrics are the targets scaled on, sorted by Name.
	Metrics []ScalingMetric `json:"metrics,omitempty"`
	// ScaleUpStabilizationSeconds and ScaleDownStabilizationSeconds delay
	// following a new recommendation (the legacy cooldowns); nil keeps the
	// target's default.
	ScaleUpStabilizationSeconds   *int32 `json:"scaleUpStabilizationSeconds,omitempty"`
	ScaleDownStabilizationSeconds *int32 `json:"scaleDownStabilizationSeconds,omitempty"`
	// ScaleDownDisabled: the app is never scaled in automatically.
	ScaleDownDisabled bool `json:"scaleDownDisabled,omitempty"`
}

func (*Autoscaling) Kind() string { return "autoscaling" }

// ScalingMetric is one target of an autoscaling policy.
type ScalingMetric struct {
	// Name is "cpu", "memory", or a source-specific metric name.
	Name string `json:"name"`
	// TargetUtilization is a percentage of the requested resource (cpu, memory).
	TargetUtilization int32 `json:"targetUtilization,omitempty"`
	// TargetValue is a raw target for other metrics, as a decimal string.
	TargetValue string `json:"targetValue,omitempty"`
	Origin      Origin `json:"origin"`
}

// Rollout is how new versions replace old ones.
type Rollout struct {
	Tracked
	// MaxSurge and MaxUnavailable as Kubernetes int-or-percent strings ("25%", "1").
	MaxSurge       string `json:"maxSurge,omitempty"`
	MaxUnavailable string `json:"maxUnavailable,omitempty"`
	// MinReadySeconds delays availability after readiness.
	MinReadySeconds int32 `json:"minReadySeconds,omitempty"`
	// Recreate stops every old pod before new ones start, instead of a
	// rolling update (MaxSurge and MaxUnavailable are then unset).
	Recreate bool `json:"recreate,omitempty"`
}

func (*Rollout) Kind() string { return "rollout" }

// Unhandled returns every intent in p that no emitter handled, in a stable order.
func (p *Project) Unhandled() []Intent {
	var out []Intent
	add := func(i Intent, isNil bool) {
		if !isNil && !i.Tracking().Handled() {
			out = append(out, i)
		}
	}
	for _, a := range p.Apps {
		add(a.Balancing, a.Balancing == nil)
		add(a.Autoscaling, a.Autoscaling == nil)
		add(a.Rollout, a.Rollout == nil)
		if a.Workload != nil {
			for _, i := range a.Workload.Intents() {
				add(i, false)
			}
		}
	}
	var buf []Intent
	for _, s := range p.Sites {
		for _, r := range s.Routes {
			buf = r.AppendIntents(buf[:0])
			for _, i := range buf {
				add(i, false)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Tracking().Origin.Pos.Before(out[j].Tracking().Origin.Pos)
	})
	return out
}

// App returns the app named name, or nil.
func (p *Project) App(name string) *App {
	i := sort.Search(len(p.Apps), func(i int) bool { return p.Apps[i].Name >= name })
	if i < len(p.Apps) && p.Apps[i].Name == name {
		return p.Apps[i]
	}
	return nil
}

// Sort puts apps and sites in name order. Frontends call it before returning.
func (p *Project) Sort() {
	sort.SliceStable(p.Apps, func(i, j int) bool { return p.Apps[i].Name < p.Apps[j].Name })
	sort.SliceStable(p.Sites, func(i, j int) bool { return p.Sites[i].Name < p.Sites[j].Name })
	for _, a := range p.Apps {
		sort.SliceStable(a.Ports, func(i, j int) bool {
			if a.Ports[i].Port != a.Ports[j].Port {
				return a.Ports[i].Port < a.Ports[j].Port
			}
			return a.Ports[i].Protocol < a.Ports[j].Protocol
		})
	}
}
