package ecs

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// translate parses named sources and translates them.
func translate(t testing.TB, opts Options, files map[string]string) (*ir.Project, []diag.Diagnostic) {
	t.Helper()
	rep := &diag.Reporter{}
	var fs []*pe.File
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fs = append(fs, pe.Parse(name, []byte(files[name]), rep))
	}
	for _, d := range rep.Diagnostics() {
		if diag.IsInputError(d) {
			t.Fatalf("input error: %v", d)
		}
	}
	p := Translate(fs, opts, rep)
	return p, rep.Diagnostics()
}

func hasCode(ds []diag.Diagnostic, code diag.Code) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestCPUMilli(t *testing.T) {
	for units, want := range map[int64]int64{256: 250, 512: 500, 1024: 1000, 100: 98, 2: 2, 4096: 4000} {
		if got := cpuMilli(units); got != want {
			t.Errorf("cpuMilli(%d) = %d, want %d", units, got, want)
		}
	}
}

func TestEscapeExpansion(t *testing.T) {
	for in, want := range map[string]string{
		"plain":       "plain",
		"$(VAR)":      "$$(VAR)",
		"$$":          "$$$",
		"$HOME":       "$HOME",
		"a$$(b)":      "a$$$$(b)",
		"${x}":        "${x}",
		"trailing $":  "trailing $",
		"cost $5 $(x": "cost $5 $$(x",
	} {
		if got := escapeExpansion(in); got != want {
			t.Errorf("escapeExpansion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIANAName(t *testing.T) {
	for in, want := range map[string]string{
		"ecsdemo-frontend": "ecsdemo-fronten",
		"HTTP":             "http",
		"8080":             "p8080",
		"my--port_":        "my-port",
		"grpc":             "grpc",
	} {
		got := ianaName(in)
		if got != want || !validIANA(got) {
			t.Errorf("ianaName(%q) = %q (valid %v), want %q", in, got, validIANA(got), want)
		}
	}
}

func TestCredentialReason(t *testing.T) {
	yes := map[string]string{
		"DB_PASSWORD":           "x",
		"dbPassword":            "x",
		"API_KEY":               "x",
		"GITHUB_TOKEN":          "x",
		"STRIPE_SECRET_KEY":     "x",
		"JWT_SIGNING_KEY":       "x",
		"AWS_SECRET_ACCESS_KEY": "x",
		"AWS_ACCESS_KEY_ID":     "x",
		"CLIENT_SECRET":         "x",
		"SENDGRID_KEY":          "x",
		"ANYTHING":              "AKIAIOSFODNN7EXAMPLE",
		"DATABASE_URL":          "postgres://u:p@h/db",
		"CONN":                  "Server=x;Password=y;",
		"CERT":                  "-----BEGIN RSA PRIVATE KEY-----\nabc",
		"GH":                    "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
		"SIG":                   "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	}
	for name, value := range yes {
		if credentialReason(name, value, true) == "" {
			t.Errorf("%s=%q not detected", name, value)
		}
	}
	no := map[string]string{
		"LOG_LEVEL":           "debug",
		"PASSWORD_MIN_LENGTH": "12",
		"SECRET_NAME":         "prod/db",
		"TOKEN_TTL":           "3600",
		"DB_PASSWORD_FILE":    "/run/secrets/db",
		"PARTITION_KEY":       "id",
		"CACHE_URL":           "redis://cache:6379",
		"PWD":                 "/app",
		"GIT_SHA":             "da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"EMPTY_PASSWORD":      "",
		"KMS_KEY_ID":          "alias/app",
	}
	for name, value := range no {
		if r := credentialReason(name, value, true); r != "" {
			t.Errorf("%s=%q detected (%s)", name, value, r)
		}
	}
	// An unknown value (a CloudFormation NoEcho parameter) with a secret
	// name is still a credential.
	if credentialReason("DB_PASSWORD", "${unresolved:DbPassword}", false) == "" {
		t.Error("unknown value with a credential name not detected")
	}
}

const secretsTask = `{
  "family": "billing",
  "containerDefinitions": [{
    "name": "api", "image": "i", "memory": 64,
    "environment": [
      {"name": "DB_PASSWORD", "value": "hunter2-value"},
      {"name": "PLAIN", "value": "ok"},
      {"name": "URL", "value": "mysql://root:topsecret-value@db:3306/x"}
    ],
    "secrets": [
      {"name": "P1", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/prod/app/p1"},
      {"name": "P2", "valueFrom": "flat-param"},
      {"name": "S1", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"},
      {"name": "S2", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:username::"},
      {"name": "S3", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password:AWSPREVIOUS:"},
      {"name": "S4", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:::6f1a0000-1111-2222-3333-444455556666"}
    ]
  }]
}`

func TestSecretsNeverLeak(t *testing.T) {
	p, ds := translate(t, Options{ExternalSecrets: true}, map[string]string{"td.json": secretsTask})
	js, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	all.Write(js)
	for _, d := range ds {
		all.WriteString(d.Message + d.Hint)
	}
	for _, secret := range []string{"hunter2-value", "topsecret-value"} {
		if strings.Contains(all.String(), secret) {
			t.Errorf("secret value %q reached the IR or a finding", secret)
		}
	}
	env := map[string]ir.EnvVar{}
	for _, e := range p.Apps[0].Workload.Containers[0].Env {
		env[e.Name] = e
	}
	if env["DB_PASSWORD"].Secret == nil || env["URL"].Secret == nil || env["PLAIN"].Value != "ok" {
		t.Errorf("env %+v", env)
	}
	if !hasCode(ds, diag.ECSEnvCredential) {
		t.Error("no ecs-env-credential finding")
	}
}

func TestSecretRefsAndSyncs(t *testing.T) {
	p, _ := translate(t, Options{ExternalSecrets: true}, map[string]string{"td.json": secretsTask})
	w := p.Apps[0].Workload
	if len(w.SecretSyncs) != 2 {
		t.Fatalf("syncs %+v", w.SecretSyncs)
	}
	byKey := map[string]ir.SecretSyncData{}
	for _, s := range w.SecretSyncs {
		for _, d := range s.Data {
			byKey[s.Provider+"/"+d.Key] = d
		}
	}
	arn := "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
	for key, want := range map[string]ir.SecretSyncData{
		"aws-ssm/P1":             {Key: "P1", Remote: "/prod/app/p1"},
		"aws-ssm/P2":             {Key: "P2", Remote: "flat-param"},
		"aws-secrets-manager/S1": {Key: "S1", Remote: arn},
		"aws-secrets-manager/S2": {Key: "S2", Remote: arn, Property: "username"},
		"aws-secrets-manager/S3": {Key: "S3", Remote: arn, Property: "password", Version: "AWSPREVIOUS"},
		"aws-secrets-manager/S4": {Key: "S4", Remote: arn, Version: "uuid/6f1a0000-1111-2222-3333-444455556666"},
	} {
		got := byKey[key]
		got.Origin = ir.Origin{}
		if got != want {
			t.Errorf("%s = %+v, want %+v", key, got, want)
		}
	}
	// Without ExternalSecrets there are references but no syncs.
	p, _ = translate(t, Options{}, map[string]string{"td.json": secretsTask})
	if len(p.Apps[0].Workload.SecretSyncs) != 0 {
		t.Error("syncs without ExternalSecrets")
	}
}

func TestDependsOnRoles(t *testing.T) {
	p, ds := translate(t, Options{}, map[string]string{"td.json": `{"family": "x", "containerDefinitions": [
 {"name": "app", "image": "a", "dependsOn": [{"containerName": "side", "condition": "HEALTHY"}, {"containerName": "init", "condition": "SUCCESS"}]},
 {"name": "side", "image": "s", "essential": false, "healthCheck": {"command": ["CMD", "ok"], "interval": 10, "startPeriod": 25}},
 {"name": "init", "image": "i", "essential": false, "entryPoint": ["sh"], "command": ["-c", "exit 0"],
  "dependsOn": [{"containerName": "prep", "condition": "COMPLETE"}]},
 {"name": "prep", "image": "p", "essential": false, "entryPoint": ["run"], "command": ["it's"]}]}`})
	w := p.Apps[0].Workload
	var names []string
	for _, c := range w.InitContainers {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "side,prep,init" {
		t.Errorf("init order %v", names)
	}
	if !w.InitContainers[0].Sidecar || w.InitContainers[0].Startup == nil || w.InitContainers[0].Startup.FailureThreshold != 6 {
		t.Errorf("HEALTHY sidecar %+v", w.InitContainers[0])
	}
	if w.InitContainers[1].Sidecar || strings.Join(w.InitContainers[1].Command, " ") != `/bin/sh -c run 'it'\''s' || true` {
		t.Errorf("COMPLETE init %q", w.InitContainers[1].Command)
	}
	if len(w.Containers) != 1 || w.Containers[0].Name != "app" {
		t.Errorf("containers %+v", w.Containers)
	}
	if !hasCode(ds, diag.ECSDependsOn) {
		t.Error("no ecs-depends-on finding")
	}
}

func TestCommandArgs(t *testing.T) {
	p, _ := translate(t, Options{}, map[string]string{"td.json": `{"family": "x", "containerDefinitions": [
 {"name": "a", "image": "i", "entryPoint": ["/ep"], "command": ["run"]},
 {"name": "b", "image": "i", "command": ["only", "cmd"]}]}`})
	c := p.Apps[0].Workload.Containers
	if strings.Join(c[0].Command, " ") != "/ep" || strings.Join(c[0].Args, " ") != "run" {
		t.Errorf("a: command %v args %v", c[0].Command, c[0].Args)
	}
	if len(c[1].Command) != 0 || strings.Join(c[1].Args, " ") != "only cmd" {
		t.Errorf("b: command %v args %v (ECS command is Docker CMD: args)", c[1].Command, c[1].Args)
	}
}

func TestMemoryAndCPU(t *testing.T) {
	p, ds := translate(t, Options{}, map[string]string{"td.json": `{"family": "x", "containerDefinitions": [
 {"name": "hard", "image": "i", "memory": 512, "cpu": 512},
 {"name": "soft", "image": "i", "memoryReservation": 256},
 {"name": "both", "image": "i", "memory": 512, "memoryReservation": 128, "cpu": 100}]}`})
	r := map[string]ir.Resources{}
	for _, c := range p.Apps[0].Workload.Containers {
		r[c.Name] = c.Resources
	}
	for name, want := range map[string]ir.Resources{
		"hard": {CPURequestMilli: 500, MemoryRequestMi: 512, MemoryLimitMi: 512},
		"soft": {CPURequestMilli: 10, MemoryRequestMi: 256},
		"both": {CPURequestMilli: 98, MemoryRequestMi: 128, MemoryLimitMi: 512},
	} {
		if r[name] != want {
			t.Errorf("%s: %+v, want %+v", name, r[name], want)
		}
	}
	if !hasCode(ds, diag.ECSCPUShares) {
		t.Error("no ecs-cpu-shares finding")
	}
}

func TestServiceLinksAndAutoscaling(t *testing.T) {
	p, ds := translate(t, Options{}, map[string]string{
		"td.json":  `{"family": "web", "containerDefinitions": [{"name": "web", "image": "i", "memory": 128, "cpu": 128, "portMappings": [{"containerPort": 80}]}]}`,
		"svc.json": `{"serviceName": "web-svc", "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/web:9", "desiredCount": 3, "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 50}}`,
		"tgt.json": `{"ServiceNamespace": "ecs", "ResourceId": "service/c/web-svc", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 2, "MaxCapacity": 8}`,
		"pol.json": `{"PolicyName": "cpu", "ServiceNamespace": "ecs", "ResourceId": "service/c/web-svc", "ScalableDimension": "ecs:service:DesiredCount",
		  "PolicyType": "TargetTrackingScaling", "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 65, "ScaleInCooldown": 120,
		  "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}}`,
	})
	if len(p.Apps) != 1 {
		t.Fatalf("%d apps", len(p.Apps))
	}
	a := p.Apps[0]
	if a.Name != "web-svc" || *a.Replicas != 3 || a.Autoscaling == nil || a.Autoscaling.Min != 2 || a.Autoscaling.Max != 8 {
		t.Fatalf("app %+v", a)
	}
	if m := a.Autoscaling.Metrics; len(m) != 1 || m[0].Name != "cpu" || m[0].TargetUtilization != 65 {
		t.Errorf("metrics %+v", m)
	}
	if w := a.Autoscaling.ScaleDownStabilizationSeconds; w == nil || *w != 120 {
		t.Errorf("scale-down window %v", w)
	}
	// Under autoscaling the surge stays a percentage.
	if a.Rollout.MaxSurge != "50%" || a.Rollout.MaxUnavailable != "50%" {
		t.Errorf("rollout %+v", a.Rollout)
	}
	if !hasCode(ds, diag.ECSScalingUtilization) {
		t.Error("no ecs-scaling-utilization finding")
	}
}

func TestRolloutRounding(t *testing.T) {
	for _, tc := range []struct {
		max, min, desired  int
		surge, unavailable string
		recreate           bool
	}{
		{200, 100, 3, "3", "0%", false},
		{150, 50, 3, "1", "50%", false}, // floor(3*1.5)=4: one extra task
		{125, 100, 2, "1", "0%", true},  // floor(2*1.25)-2 = 0 with 0 unavailable: stuck, one extra pod
		{100, 0, 4, "", "", true},
	} {
		src := map[string]string{
			"td.json":  `{"family": "w", "containerDefinitions": [{"name": "w", "image": "i"}]}`,
			"svc.json": `{"serviceName": "w", "taskDefinition": "w", "desiredCount": ` + strconv.Itoa(tc.desired) + `, "deploymentConfiguration": {"maximumPercent": ` + strconv.Itoa(tc.max) + `, "minimumHealthyPercent": ` + strconv.Itoa(tc.min) + `}}`,
		}
		p, _ := translate(t, Options{}, src)
		ro := p.Apps[0].Rollout
		if tc.surge == "" {
			if !ro.Recreate {
				t.Errorf("%d/%d: want Recreate, got %+v", tc.max, tc.min, ro)
			}
			continue
		}
		if ro.MaxSurge != tc.surge || ro.MaxUnavailable != tc.unavailable {
			t.Errorf("%d/%d of %d: surge %s unavailable %s, want %s %s", tc.max, tc.min, tc.desired, ro.MaxSurge, ro.MaxUnavailable, tc.surge, tc.unavailable)
		}
	}
}

func TestNamesAreDNSSafeWithRenameMap(t *testing.T) {
	p, _ := translate(t, Options{}, map[string]string{"td.json": `{"family": "My_App", "containerDefinitions": [
 {"name": "Web_Server", "image": "i", "dependsOn": [{"containerName": "Log_Router", "condition": "START"}],
  "volumesFrom": [{"sourceContainer": "Log_Router"}]},
 {"name": "Log_Router", "image": "l", "mountPoints": [{"sourceVolume": "Conf_Vol", "containerPath": "/c"}]}],
 "volumes": [{"name": "Conf_Vol"}]}`})
	a := p.Apps[0]
	w := a.Workload
	if a.Name != "my-app" || w.Containers[0].Name != "web-server" || w.InitContainers[0].Name != "log-router" {
		t.Errorf("names %s %s %s", a.Name, w.Containers[0].Name, w.InitContainers[0].Name)
	}
	if w.Volumes[0].Name != "conf-vol" || w.Containers[0].Mounts[0].Volume != "conf-vol" {
		t.Errorf("volume renamed inconsistently: %+v %+v", w.Volumes, w.Containers[0].Mounts)
	}
}

func TestTaskRoleBecomesServiceAccount(t *testing.T) {
	p, ds := translate(t, Options{}, map[string]string{"td.json": `{"family": "x", "taskRoleArn": "arn:aws:iam::123456789012:role/app",
	 "executionRoleArn": "arn:aws:iam::123456789012:role/exec", "containerDefinitions": [{"name": "a", "image": "i"}]}`})
	sa := p.Apps[0].Workload.ServiceAccount
	if sa == nil || sa.Name != "x" || sa.Annotations[0] != (ir.KeyValue{Key: "eks.amazonaws.com/role-arn", Value: "arn:aws:iam::123456789012:role/app"}) {
		t.Errorf("service account %+v", sa)
	}
	if !hasCode(ds, diag.ECSTaskRole) || !hasCode(ds, diag.ECSExecutionRole) {
		t.Error("roles not reported")
	}
}

func TestConsumedFilesAreNotApps(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"main.tf":    "resource \"aws_ecs_task_definition\" \"t\" {\n  family = \"t\"\n  container_definitions = file(\"defs.json\")\n}\n",
		"defs.json":  `[{"name": "c", "image": "i"}]`,
		"other.json": `[{"name": "d", "image": "i"}]`,
	}
	rep := &diag.Reporter{}
	var fs []*pe.File
	for _, n := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte(files[n]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, n)
		fs = append(fs, pe.Parse(p, []byte(files[n]), rep))
	}
	p := Translate(fs, Options{}, rep)
	var names []string
	for _, a := range p.Apps {
		names = append(names, a.Name)
	}
	if strings.Join(names, ",") != "d,t" {
		t.Errorf("apps %v: defs.json is part of main.tf", names)
	}
}
