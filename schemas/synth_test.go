package schemas

import (
	"fmt"
	"time"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// synthProject builds a valid project shaped like a large nginx fleet:
// apps (upstreams, every other one with a workload) and sites with four
// routes each, every route with a backend and a few intents.
func synthProject(nSites, nApps int) *ir.Project {
	p := &ir.Project{Name: "bench", Namespace: "web", Environment: "prod"}
	line := 0
	at := func(construct string) ir.Origin {
		line++
		return ir.Origin{Pos: diag.Pos{File: "nginx.conf", Line: line, Col: 5}, Construct: construct}
	}
	for i := 0; i < nApps; i++ {
		a := &ir.App{Name: fmt.Sprintf("app-%05d", i), Origin: at("upstream")}
		a.Ports = []ir.Port{{Name: "http", Port: 8080, Protocol: "TCP", AppProtocol: "http", Origin: at("server")}}
		a.Endpoints = []ir.Endpoint{
			{Address: fmt.Sprintf("10.0.%d.%d:8080", i/250, i%250), Weight: 2, Origin: at("server")},
			{Address: fmt.Sprintf("10.1.%d.%d:8080", i/250, i%250), Backup: true, Origin: at("server")},
		}
		a.Balancing = &ir.Balancing{Tracked: ir.Tracked{Origin: at("least_conn")}, Policy: "least-conn", Keepalive: 16}
		if i%2 == 0 {
			r := int32(2)
			a.Replicas = &r
			a.Workload = &ir.Workload{Origin: at("task"), Containers: []ir.Container{{
				Name: "main", Image: fmt.Sprintf("registry.example.com/app-%d:1.2.3", i),
				Env: []ir.EnvVar{
					{Name: "MODE", Value: "production", Origin: at("env")},
					{Name: "DB_PASSWORD", Secret: &ir.SecretRef{Name: "db", Key: "password", Provider: "aws-ssm", Remote: "/prod/db", Origin: at("secret")}, Origin: at("secret")},
				},
				Ports:     []ir.Port{{Port: 8080, Protocol: "TCP", Origin: at("portMappings")}},
				Resources: ir.Resources{CPURequestMilli: 250, CPULimitMilli: 500, MemoryRequestMi: 256, MemoryLimitMi: 512},
				Readiness: &ir.Probe{HTTPPath: "/healthz", Port: 8080, PeriodSeconds: 10, TimeoutSeconds: 2, FailureThreshold: 3, Origin: at("healthCheck")},
				Origin:    at("containerDefinitions[0]"),
			}}}
			a.Autoscaling = &ir.Autoscaling{Tracked: ir.Tracked{Origin: at("scaling")}, Min: 2, Max: 10,
				Metrics: []ir.ScalingMetric{{Name: "cpu", TargetUtilization: 70, Origin: at("policy")}}}
		}
		p.Apps = append(p.Apps, a)
	}
	for i := 0; i < nSites; i++ {
		host := fmt.Sprintf("site-%05d.example.com", i)
		s := &ir.Site{Name: fmt.Sprintf("site-%05d", i), Origin: at("server"),
			Hosts:     []ir.Host{{Name: host, Origin: at("server_name")}, {Name: "www." + host, Origin: at("server_name")}},
			Listeners: []ir.Listener{{Port: 443, TLS: true, HTTP2: true, Origin: at("listen")}},
			TLS:       []ir.TLS{{SecretName: s0(i) + "-tls", CertFile: "/etc/ssl/a.crt", KeyFile: "/etc/ssl/a.key", Origin: at("ssl_certificate")}},
		}
		app := p.Apps[i%nApps].Name
		back := func() *ir.Backend {
			return &ir.Backend{Tracked: ir.Tracked{Origin: at("proxy_pass")}, App: app, Port: 8080, Protocol: "http"}
		}
		s.Routes = []*ir.Route{
			{Origin: at("location"), Name: "exact-root", Match: ir.Match{Kind: ir.MatchExact, Path: "/"}, Backend: back(),
				Timeouts: &ir.Timeouts{Tracked: ir.Tracked{Origin: at("proxy_read_timeout")}, Read: 30 * time.Second}},
			{Origin: at("location"), Name: "api", Match: ir.Match{Kind: ir.MatchPrefix, Path: "/api/", NoRegex: true}, Backend: back(),
				BodyLimit:      &ir.BodyLimit{Tracked: ir.Tracked{Origin: at("client_max_body_size")}, Bytes: 50 << 20, Literal: "50m"},
				RequestHeaders: &ir.HeaderModifier{Tracked: ir.Tracked{Origin: at("proxy_set_header")}, Set: []ir.Header{{Name: "X-Real-IP", Value: "$remote_addr"}}}},
			{Origin: at("location"), Name: "regex-1", Match: ir.Match{Kind: ir.MatchRegex, Path: `\.php$`, CaseInsensitive: true}, Backend: back(),
				Access: &ir.Access{Tracked: ir.Tracked{Origin: at("allow")}, Rules: []ir.AccessRule{{Allow: true, Source: "10.0.0.0/8", Origin: at("allow")}, {Source: "all", Origin: at("deny")}}}},
			{Origin: at("location"), Name: "root", Match: ir.Match{Kind: ir.MatchPrefix, Path: "/"}, Backend: back(),
				ResponseHeaders: &ir.HeaderModifier{Tracked: ir.Tracked{Origin: at("add_header")}, Add: []ir.Header{{Name: "X-Frame-Options", Value: "DENY"}}, Always: true}},
		}
		p.Sites = append(p.Sites, s)
	}
	p.Sort()
	return p
}

func s0(i int) string { return fmt.Sprintf("site-%05d", i) }

// synthApps builds a valid project of n apps with workloads and no sites,
// shaped like an ECS estate: each app has a container with env, secrets,
// probes, resources and a volume, autoscaling and a rollout.
func synthApps(n int) *ir.Project {
	p := &ir.Project{Name: "estate", Namespace: "apps", Environment: "prod"}
	line := 0
	at := func(construct string) ir.Origin {
		line++
		return ir.Origin{Pos: diag.Pos{File: "tasks.json", Line: line, Col: 5}, Construct: construct}
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("svc-%04d", i)
		r := int32(3)
		p.Apps = append(p.Apps, &ir.App{
			Name: name, Origin: at("service"), Replicas: &r,
			Ports: []ir.Port{{Name: "http", Port: 80, TargetPort: 8080, Protocol: "TCP", AppProtocol: "http", Origin: at("loadBalancers")}},
			Workload: &ir.Workload{Origin: at("taskDefinition"),
				Containers: []ir.Container{{
					Name: "app", Image: fmt.Sprintf("123456789012.dkr.ecr.eu-west-1.amazonaws.com/%s:%d", name, i%7),
					Env: []ir.EnvVar{
						{Name: "SERVICE", Value: name, Origin: at("environment")},
						{Name: "LOG_LEVEL", Value: "info", Origin: at("environment")},
						{Name: "DB_PASSWORD", Secret: &ir.SecretRef{Name: name + "-db", Key: "password", Provider: "aws-ssm",
							Remote: "/prod/" + name + "/db", Origin: at("secrets")}, Origin: at("secrets")},
					},
					Ports:     []ir.Port{{Port: 8080, Protocol: "TCP", Origin: at("portMappings")}},
					Resources: ir.Resources{CPURequestMilli: 256, CPULimitMilli: 512, MemoryRequestMi: 512, MemoryLimitMi: 1024},
					Liveness:  &ir.Probe{Exec: []string{"CMD-SHELL", "curl -f localhost:8080/health"}, PeriodSeconds: 30, TimeoutSeconds: 5, FailureThreshold: 3, Origin: at("healthCheck")},
					Readiness: &ir.Probe{HTTPPath: "/ready", Port: 8080, PeriodSeconds: 10, Origin: at("healthCheck")},
					Mounts:    []ir.Mount{{Volume: "tmp", Path: "/tmp"}},
					Origin:    at("containerDefinitions[0]"),
				}},
				Volumes:        []ir.Volume{{Name: "tmp", Kind: "emptyDir", Origin: at("volumes")}},
				ServiceAccount: &ir.ServiceAccount{Name: name, Annotations: []ir.KeyValue{{Key: "eks.amazonaws.com/role-arn", Value: "arn:aws:iam::123456789012:role/" + name}}, Origin: at("taskRoleArn")},
			},
			Autoscaling: &ir.Autoscaling{Tracked: ir.Tracked{Origin: at("scaling")}, Min: 3, Max: 12,
				Metrics: []ir.ScalingMetric{{Name: "cpu", TargetUtilization: 60, Origin: at("policy")}}},
			Rollout: &ir.Rollout{Tracked: ir.Tracked{Origin: at("deploymentConfiguration")}, MaxSurge: "100%", MaxUnavailable: "0"},
		})
	}
	p.Sort()
	return p
}
