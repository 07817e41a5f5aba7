package ecs

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/emit/kube"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// benchInput is 10 task definitions of 5 containers each (50 containers),
// each with a service and target-tracking autoscaling, as JSON files.
func benchInput() map[string][]byte {
	files := map[string][]byte{}
	for t := 0; t < 10; t++ {
		var cs []string
		for c := 0; c < 5; c++ {
			dep := ""
			if c > 0 {
				dep = fmt.Sprintf(`, "dependsOn": [{"containerName": "c%d", "condition": "START"}]`, c-1)
			}
			cs = append(cs, fmt.Sprintf(`{
  "name": "c%d", "image": "example/app%d:%d", "cpu": 256, "memory": 512, "memoryReservation": 256,
  "portMappings": [{"containerPort": %d, "name": "p%d"}],
  "entryPoint": ["/bin/app"], "command": ["--port", "%d"],
  "environment": [{"name": "MODE", "value": "prod"}, {"name": "DB_PASSWORD", "value": "x"}, {"name": "URL", "value": "http://svc:80"}],
  "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:t%d-AbCdEf:token::"}],
  "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost:%d/health"], "interval": 10, "startPeriod": 30},
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app%d", "awslogs-region": "us-east-1"}},
  "mountPoints": [{"sourceVolume": "data", "containerPath": "/data%d"}],
  "dockerLabels": {"team": "t%d"}%s
}`, c, t, c, 8000+c, c, 8000+c, t, 8000+c, t, c, t, dep))
		}
		files[fmt.Sprintf("task%d.json", t)] = []byte(fmt.Sprintf(`{"family": "app%d", "networkMode": "awsvpc", "cpu": "2048", "memory": "4096",
 "taskRoleArn": "arn:aws:iam::123456789012:role/app%d", "volumes": [{"name": "data"}],
 "containerDefinitions": [%s]}`, t, t, strings.Join(cs, ",")))
		files[fmt.Sprintf("service%d.json", t)] = []byte(fmt.Sprintf(`{"serviceName": "app%d", "taskDefinition": "app%d:1", "desiredCount": 3,
 "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t%d/abc", "containerName": "c4", "containerPort": 8004}],
 "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 50}}`, t, t, t))
		files[fmt.Sprintf("scaling%d.json", t)] = []byte(fmt.Sprintf(`{"ScalingPolicies": [{"PolicyName": "cpu", "ServiceNamespace": "ecs", "ResourceId": "service/c/app%d",
 "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling",
 "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}}]}`, t))
		files[fmt.Sprintf("target%d.json", t)] = []byte(fmt.Sprintf(`{"ServiceNamespace": "ecs", "ResourceId": "service/c/app%d", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 2, "MaxCapacity": 10}`, t))
	}
	return files
}

func convertBench(tb testing.TB, files map[string][]byte, names []string) int {
	rep := &diag.Reporter{}
	var fs []*pe.File
	for _, n := range names {
		fs = append(fs, pe.Parse(n, files[n], rep))
	}
	p := Translate(fs, Options{Name: "bench"}, rep)
	objs := kube.Emit(p, kube.Options{}, rep)
	for _, o := range objs {
		if _, err := kube.Marshal(o.Obj); err != nil {
			tb.Fatal(err)
		}
	}
	if rep.HasErrors() {
		tb.Fatalf("errors: %v", rep.Diagnostics()[0])
	}
	return len(objs)
}

// BenchmarkECS parses, translates, emits and renders 10 task definitions
// with 50 containers (plus their services and autoscaling).
func BenchmarkECS(b *testing.B) {
	files := benchInput()
	names := slices.Sorted(maps.Keys(files))
	convertBench(b, files, names)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		convertBench(b, files, names)
	}
}

func TestBenchInputConverts(t *testing.T) {
	files := benchInput()
	if n := convertBench(t, files, slices.Sorted(maps.Keys(files))); n != 40 {
		t.Errorf("%d objects, want 40 (Deployment, Service, ServiceAccount, HPA per app)", n)
	}
}
