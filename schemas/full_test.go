package schemas

import (
	"time"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// legacy is the file the test projects' origins point into.
const legacy = "legacy.conf"

// at returns an origin at a line of the legacy file.
func at(line int, construct string) ir.Origin {
	return ir.Origin{Pos: diag.Pos{File: legacy, Line: line, Col: 3, Offset: 100}, Construct: construct}
}

func tracked(line int, construct string) ir.Tracked { return ir.Tracked{Origin: at(line, construct)} }

func i32(n int32) *int32 { return &n }
func i64(n int64) *int64 { return &n }

// fullProject returns a valid project in which every field of every IR
// struct is set in at least one place (TestFullProjectCoversIR checks it).
// Each node's origin is on its own line, numbered in the order below.
func fullProject() *ir.Project {
	api := &ir.App{
		Name:   "api",
		Origin: at(10, "upstream api"),
		Workload: &ir.Workload{
			Containers: []ir.Container{{
				Name:    "api",
				Image:   "shop/api:1.2.3",
				Command: []string{"/bin/api"},
				Args:    []string{"--port=8080"},
				Env: []ir.EnvVar{
					{Name: "MODE", Value: "production", Origin: at(11, "environment MODE")},
					{Name: "DB_PASSWORD", Secret: &ir.SecretRef{Name: "db", Key: "password", Provider: "aws-secrets-manager",
						Remote: "arn:aws:secretsmanager:eu-west-1:1:secret:db", Property: "password", Origin: at(12, "secrets[0]")}, Origin: at(13, "secrets[0]")},
				},
				Ports:     []ir.Port{{Name: "http", Port: 8080, Protocol: "TCP", Origin: at(14, "portMappings[0]")}},
				Resources: ir.Resources{CPURequestMilli: 250, CPULimitMilli: 500, MemoryRequestMi: 256, MemoryLimitMi: 512, GPUs: 1, EphemeralStorageMi: 100},
				Liveness: &ir.Probe{Exec: []string{"/bin/check"}, InitialDelaySeconds: 5, PeriodSeconds: 10, TimeoutSeconds: 2,
					FailureThreshold: 3, SuccessThreshold: 1, Origin: at(15, "healthCheck")},
				Readiness: &ir.Probe{HTTPPath: "/ready", Port: 8080, HTTPS: true, PeriodSeconds: 5, SuccessThreshold: 2, Origin: at(16, "target group health check")},
				Startup:   &ir.Probe{TCPPort: 8080, FailureThreshold: 30, Origin: at(17, "startPeriod")},
				Mounts: []ir.Mount{
					{Volume: "cache", Path: "/cache"}, {Volume: "logs", Path: "/var/log/api"}, {Volume: "data", Path: "/data"},
					{Volume: "certs", Path: "/certs", ReadOnly: true}, {Volume: "efs", Path: "/shared"},
				},
				Security: &ir.SecurityPolicy{RunAsUser: i64(1000), RunAsGroup: i64(1000), ReadOnlyRootFilesystem: true,
					AddCapabilities: []string{"NET_BIND_SERVICE"}, DropCapabilities: []string{"ALL"}, NoNewPrivileges: true,
					AppArmorProfile: "runtime/default", SELinux: &ir.SELinuxLabel{User: "system_u", Role: "system_r", Type: "container_t", Level: "s0:c1,c2"}},
				WorkingDir: "/app",
				Stdin:      true,
				TTY:        true,
				Origin:     at(18, "containerDefinitions[0]"),
			}, {
				Name:      "debug",
				Image:     "busybox:1.36",
				Resources: ir.Resources{MemoryLimitMi: 64},
				Security:  &ir.SecurityPolicy{Privileged: true},
				Origin:    at(19, "containerDefinitions[1]"),
			}},
			InitContainers: []ir.Container{{Name: "proxy", Image: "envoy:1.30", Sidecar: true, Origin: at(20, "containerDefinitions[2]")}},
			Volumes: []ir.Volume{
				{Name: "cache", Kind: "emptyDir", Medium: "Memory", SizeLimitMi: 64, Origin: at(21, "volume cache")},
				{Name: "certs", Kind: "secret", SecretName: "api-certs", Origin: at(22, "volume certs")},
				{Name: "data", Kind: "pvc", ClaimName: "api-data", Claim: &ir.VolumeClaim{AccessMode: "ReadWriteOnce", SizeMi: 1024, StorageClass: "gp3"}, Origin: at(23, "volume data")},
				{Name: "efs", Kind: "shared", ClaimName: "api-efs", Shared: &ir.SharedFilesystem{Tracked: tracked(24, "efsVolumeConfiguration"),
					Driver: "efs.csi.aws.com", VolumeHandle: "fs-123::fsap-456", EncryptInTransit: true, IAM: true}, Origin: at(25, "volume efs")},
				{Name: "logs", Kind: "hostPath", HostPath: "/var/log", Origin: at(26, "volume logs")},
			},
			ServiceAccount: &ir.ServiceAccount{Name: "api", Annotations: []ir.KeyValue{{Key: "eks.amazonaws.com/role-arn", Value: "arn:aws:iam::1:role/api"}},
				Origin: at(27, "taskRoleArn")},
			NodeSelector:                  []ir.KeyValue{{Key: "kubernetes.io/os", Value: "linux"}},
			HostNetwork:                   true,
			HostPID:                       true,
			HostIPC:                       true,
			ShareProcessNamespace:         true,
			TerminationGracePeriodSeconds: i64(60),
			Annotations:                   []ir.KeyValue{{Key: "com.example/team", Value: "shop"}},
			Sysctls:                       []ir.KeyValue{{Key: "net.core.somaxconn", Value: "1024"}},
			Hostname:                      "api-host",
			HostAliases:                   []ir.HostAlias{{IP: "10.1.2.3", Hostnames: []string{"db.internal"}}},
			DNS:                           &ir.DNSConfig{Nameservers: []string{"10.0.0.2"}, Searches: []string{"svc.example.com"}},
			ImagePullSecrets:              []string{"registry-creds"},
			Placement: &ir.Placement{Tracked: tracked(28, "placementConstraints"),
				Require: []ir.NodeRequirement{
					{Key: "topology.kubernetes.io/zone", Operator: "In", Values: []string{"eu-west-1a"}},
					{Key: "example.com/gpu", Operator: "Exists"},
				},
				OnePerNode: true, SpreadBy: []string{"topology.kubernetes.io/zone"}},
			SecretSyncs: []ir.SecretSync{{Tracked: tracked(29, "secrets"), Secret: "db", Provider: "aws-secrets-manager",
				Data: []ir.SecretSyncData{{Key: "password", Remote: "prod/db", Property: "password", Version: "AWSCURRENT", Origin: at(30, "secrets[0]")}}}},
			Origin: at(31, "task definition api"),
		},
		Replicas: i32(3),
		Autoscaling: &ir.Autoscaling{Tracked: tracked(32, "scalable target"), Min: 2, Max: 6,
			Metrics: []ir.ScalingMetric{
				{Name: "alb-request-count-per-target", TargetValue: "100.5", Origin: at(33, "policy requests")},
				{Name: "cpu", TargetUtilization: 70, Origin: at(34, "policy cpu")},
			},
			ScaleUpStabilizationSeconds: i32(30), ScaleDownStabilizationSeconds: i32(300), ScaleDownDisabled: true},
		Rollout:   &ir.Rollout{Tracked: tracked(35, "deploymentConfiguration"), MaxSurge: "25%", MaxUnavailable: "0", MinReadySeconds: 5},
		Ports:     []ir.Port{{Name: "http", Port: 80, TargetPort: 8080, Protocol: "TCP", AppProtocol: "http", Origin: at(36, "listen 80")}},
		Balancing: &ir.Balancing{Tracked: tracked(37, "hash"), Policy: "hash", HashKey: "$request_uri", Consistent: true, Keepalive: 16},
		Endpoints: []ir.Endpoint{{Address: "10.0.0.1:8080", Weight: 2, Backup: true, Down: true, Origin: at(38, "server 10.0.0.1:8080")}},
	}
	worker := &ir.App{
		Name:    "worker",
		Origin:  at(40, "upstream worker"),
		Rollout: &ir.Rollout{Tracked: tracked(41, "deploymentConfiguration"), Recreate: true},
		Ports:   []ir.Port{{Port: 9000, Protocol: "UDP", Origin: at(42, "listen 9000 udp")}},
	}
	route := &ir.Route{
		Origin:  at(50, "location ^~ /api/"),
		Name:    "api",
		Match:   ir.Match{Kind: ir.MatchPrefix, Path: "/api/", NoRegex: true},
		Backend: &ir.Backend{Tracked: tracked(51, "proxy_pass http://api"), App: "api", Port: 80, Protocol: "http"},
		Rewrite: &ir.Rewrite{Tracked: tracked(52, "rewrite"), Mode: "regex", Pattern: "^/api/(.*)$", Replacement: "/$1"},
		RequestHeaders: &ir.HeaderModifier{Tracked: tracked(53, "proxy_set_header"),
			Set: []ir.Header{{Name: "X-Real-IP", Value: "$remote_addr"}}, Add: []ir.Header{{Name: "X-Trace", Value: "1"}},
			Remove: []string{"X-Debug"}},
		ResponseHeaders: &ir.HeaderModifier{Tracked: tracked(54, "add_header"), Add: []ir.Header{{Name: "X-Frame-Options", Value: "DENY"}}, Always: true},
		Timeouts:        &ir.Timeouts{Tracked: tracked(55, "proxy_read_timeout"), Connect: 5 * time.Second, Read: 30 * time.Second, Send: 30 * time.Second},
		BodyLimit:       &ir.BodyLimit{Tracked: tracked(56, "client_max_body_size"), Bytes: 50 << 20, Literal: "50m"},
		Access: &ir.Access{Tracked: tracked(57, "allow"), Rules: []ir.AccessRule{
			{Allow: true, Source: "10.0.0.0/8", Origin: at(58, "allow 10.0.0.0/8")}, {Source: "all", Origin: at(59, "deny all")},
		}},
		RateLimit: &ir.RateLimit{Tracked: tracked(60, "limit_req"), Zone: "api", Key: "$binary_remote_addr", Rate: 10, Per: "s", Burst: 20, NoDelay: true, Status: 429},
		Auth: &ir.Auth{Tracked: tracked(61, "auth_basic"), Type: "basic", Realm: "shop",
			Users: &ir.SecretRef{Name: "shop-basic-auth", Key: "auth", Provider: "file", Remote: "/etc/nginx/htpasswd", Origin: at(62, "auth_basic_user_file")}},
		CORS: &ir.CORS{Tracked: tracked(63, "add_header Access-Control-Allow-Origin"), AllowOrigins: []string{"https://www.example.com"},
			AllowMethods: []string{"GET", "POST"}, AllowHeaders: []string{"Content-Type"}, ExposeHeaders: []string{"X-Total"},
			AllowCredentials: true, MaxAge: 600},
		Methods:    &ir.Methods{Tracked: tracked(64, "limit_except"), Allowed: []string{"GET", "POST"}},
		Upgrade:    &ir.Upgrade{Tracked: tracked(65, "proxy_set_header Upgrade"), Protocol: "websocket"},
		BackendTLS: &ir.BackendTLS{Tracked: tracked(66, "proxy_ssl_verify"), Verify: true, ServerName: "api.internal", CAFile: "/etc/ssl/ca.pem"},
	}
	site := &ir.Site{
		Name:      "shop",
		Origin:    at(70, "server shop"),
		Hosts:     []ir.Host{{Name: "shop.example.com", Origin: at(71, "server_name")}, {Name: "", Origin: at(72, "server_name _")}},
		Default:   true,
		Listeners: []ir.Listener{{Port: 443, TLS: true, HTTP2: true, Origin: at(73, "listen 443 ssl http2")}},
		TLS:       []ir.TLS{{Hosts: []string{"shop.example.com"}, SecretName: "shop-tls", CertFile: "/etc/ssl/shop.crt", KeyFile: "/etc/ssl/shop.key", Origin: at(74, "ssl_certificate")}},
		Routes: []*ir.Route{
			route,
			{Origin: at(80, "location = /old"), Name: "exact-old", Match: ir.Match{Kind: ir.MatchExact, Path: "/old"},
				Redirect: &ir.Redirect{Tracked: tracked(81, "return 301"), Status: 301, Scheme: "https", Host: "new.example.com", Port: 8443,
					PathMode: ir.PathFull, Path: "/new", KeepQuery: true, Target: "https://new.example.com:8443/new", Pattern: "^/old"}},
			{Origin: at(90, `location ~* \.php$`), Name: "regex-2", Match: ir.Match{Kind: ir.MatchRegex, Path: `\.php$`, CaseInsensitive: true, Order: 1},
				DirectResponse: &ir.DirectResponse{Tracked: tracked(91, "return 403"), Status: 403, Body: "forbidden"}},
		},
	}
	return &ir.Project{Name: "shop", Namespace: "shop-prod", Environment: "prod", Apps: []*ir.App{api, worker}, Sites: []*ir.Site{site}}
}
