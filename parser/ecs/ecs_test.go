package ecs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubelift/kubelift/diag"
)

func parse(t *testing.T, path, src string) (*File, []diag.Diagnostic) {
	t.Helper()
	rep := &diag.Reporter{}
	f := Parse(path, []byte(src), rep)
	return f, rep.Diagnostics()
}

// want checks that a finding of code is reported at line:col.
func want(t *testing.T, ds []diag.Diagnostic, code diag.Code, line, col int) diag.Diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.Code == code && d.Pos.Line == line && d.Pos.Col == col {
			return d
		}
	}
	t.Fatalf("no %s at %d:%d in:\n%s", code, line, col, list(ds))
	return diag.Diagnostic{}
}

func none(t *testing.T, ds []diag.Diagnostic, min diag.Severity) {
	t.Helper()
	for _, d := range ds {
		if d.Severity >= min {
			t.Fatalf("unexpected finding:\n%s", list(ds))
		}
	}
}

func list(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		path, src string
		want      bool
	}{
		{"td.json", `{"family": "x", "containerDefinitions": []}`, true},
		{"td.json", `{"taskDefinition": {"family": "x"}}`, true},
		{"svc.json", `{"serviceName": "x", "desiredCount": 2}`, true},
		{"svcs.json", `{"services": [], "failures": []}`, true},
		{"t.json", `{"ServiceNamespace": "ecs", "ScalableDimension": "ecs:service:DesiredCount"}`, true},
		{"p.json", `{"ScalingPolicies": []}`, true},
		{"c.json", `[{"name": "a", "image": "b"}]`, true},
		{"s.json", `{"format_version": "1.0", "values": {}}`, true},
		{"cfn.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n", true},
		{"cfn.json", `{"Resources": {"T": {"Type": "AWS::ECS::Service"}}}`, true},
		{"bad.json", `{"containerDefinitions": [,]}`, true}, // malformed, but ours to report
		{"main.tf", `variable "x" {}`, true},
		{"x.tftpl", `[{"image": "${image}"}]`, true},
		{"package.json", `{"name": "x", "version": "1.0.0"}`, false},
		{"nginx.conf", "server {\n listen 80;\n}\n", false},
		{"k8s.yaml", "apiVersion: v1\nkind: Service\n", false},
		{"bin", "\x00\x01family", false},
		{"empty.json", "", false},
	} {
		if got := Detect(tc.path, []byte(tc.src)); got != tc.want {
			t.Errorf("Detect(%s, %q) = %v, want %v", tc.path, tc.src, got, tc.want)
		}
	}
}

func TestJSONPositions(t *testing.T) {
	src := "{\n  \"family\": \"web\",\n  \"containerDefinitions\": [\n    {\"name\": \"a\", \"image\": \"b\\/c\", \"cpu\": 128}\n  ]\n}\n"
	f, ds := parse(t, "td.json", src)
	none(t, ds, diag.Warning)
	c := f.TaskDefinitions[0].ContainerDefinitions[0]
	if c.Image.V != "b/c" {
		t.Errorf("image = %q; the escape \\/ is valid JSON", c.Image.V)
	}
	if p := c.Cpu.Pos; p.Line != 4 || p.Col != 43 {
		t.Errorf("cpu at %d:%d, want 4:43", p.Line, p.Col)
	}
	if f.TaskDefinitions[0].Family.Pos.Line != 2 {
		t.Errorf("family at line %d, want 2", f.TaskDefinitions[0].Family.Pos.Line)
	}
}

func TestJSONSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		src       string
		line, col int
		msg       string
	}{
		{"{\"a\": 1,}", 1, 8, "trailing comma"},
		{"[1, 2,\n]", 1, 6, "trailing comma"},
		{"{\"a\": 'x'}", 1, 7, "expected a JSON value"},
		{"{\"a\": 1", 1, 8, "expected ','"},
		{"{\"a\": \"x\n\"}", 1, 9, "control character"},
		{"{\"a\": 01}", 1, 7, "malformed number"},
		{"{} {}", 1, 4, "after the end"},
		{"{\"a\": tru}", 1, 7, "expected a JSON value"},
	} {
		_, ds := parse(t, "x.json", tc.src)
		d := want(t, ds, diag.ECSSyntax, tc.line, tc.col)
		if !strings.Contains(d.Message, tc.msg) {
			t.Errorf("%q: message %q does not say %q", tc.src, d.Message, tc.msg)
		}
	}
}

func TestDuplicateKeys(t *testing.T) {
	_, ds := parse(t, "x.json", "{\"family\": \"a\",\n \"family\": \"b\", \"containerDefinitions\": [{\"name\": \"c\", \"image\": \"d\"}]}")
	want(t, ds, diag.ECSDuplicateKey, 2, 2)
	_, ds = parse(t, "x.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Type: AWS::ECS::Service\n")
	want(t, ds, diag.ECSDuplicateKey, 4, 5)
}

func TestDescribeWrapperDropsReadOnlyFields(t *testing.T) {
	f, ds := parse(t, "d.json", `{"taskDefinition": {"family": "x", "revision": 3, "status": "ACTIVE", "compatibilities": ["EC2"],
		"requiresAttributes": [], "registeredAt": "2024", "taskDefinitionArn": "arn:aws:ecs:r:1:task-definition/x:3",
		"containerDefinitions": [{"name": "a", "image": "b"}]}, "tags": []}`)
	none(t, ds, diag.Warning)
	if len(f.TaskDefinitions) != 1 || f.Shape != ShapeDescribeTaskDef {
		t.Fatalf("shape %s, %d task definitions", f.Shape, len(f.TaskDefinitions))
	}
}

func TestUnknownFieldSuggests(t *testing.T) {
	_, ds := parse(t, "x.json", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "memoryReservaton": 5}]}`)
	d := want(t, ds, diag.ECSUnknownField, 1, 70)
	if !strings.Contains(d.Message, "did you mean memoryReservation") {
		t.Errorf("no suggestion: %s", d.Message)
	}
}

func TestKeyCaseAcceptedLikeTerraform(t *testing.T) {
	f, ds := parse(t, "x.json", `[{"name": "a", "image": "b", "entrypoint": ["/x"]}]`)
	want(t, ds, diag.ECSKeyCase, 1, 30)
	none(t, ds, diag.Error)
	if got := f.TaskDefinitions[0].ContainerDefinitions[0].EntryPoint; len(got) != 1 || got[0].V != "/x" {
		t.Errorf("entryPoint = %v", got)
	}
}

func TestWrongTypeNeverQuotesValue(t *testing.T) {
	_, ds := parse(t, "x.json", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b",
		"environment": [{"name": "PIN", "value": 987654}]}]}`)
	d := want(t, ds, diag.ECSWrongType, 2, 44)
	if strings.Contains(d.Message, "987654") {
		t.Errorf("message quotes the value: %s", d.Message)
	}
}

func TestChecks(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		code      diag.Code
		line, col int
	}{
		{"no containers", `{"family": "x", "containerDefinitions": []}`, diag.ECSNoContainers, 1, 1},
		{"duplicate", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b"}, {"name": "a", "image": "c"}]}`, diag.ECSDuplicateContainer, 1, 80},
		{"no image", `{"family": "x", "containerDefinitions": [{"name": "a"}]}`, diag.ECSMissingField, 1, 42},
		{"no family", `{"containerDefinitions": [{"name": "a", "image": "b"}]}`, diag.ECSMissingField, 1, 1},
		{"cycle", `{"family": "x", "containerDefinitions": [
{"name": "a", "image": "b", "dependsOn": [{"containerName": "b", "condition": "START"}]},
{"name": "b", "image": "b", "dependsOn": [{"containerName": "a", "condition": "START"}]}]}`, diag.ECSDependsOnCycle, 3, 61},
		{"self", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "dependsOn": [{"containerName": "a", "condition": "START"}]}]}`, diag.ECSDependsOnCycle, 1, 102},
		{"condition", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b"}, {"name": "c", "image": "b", "dependsOn": [{"containerName": "a", "condition": "UP"}]}]}`, diag.ECSInvalidValue, 1, 149},
		{"volume", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "mountPoints": [{"sourceVolume": "v", "containerPath": "/v"}]}]}`, diag.ECSUnknownReference, 1, 103},
		{"role arn", `{"family": "x", "taskRoleArn": "arn:aws:iam::role", "containerDefinitions": [{"name": "a", "image": "b"}]}`, diag.ECSInvalidARN, 1, 32},
		{"secret arn", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "secrets": [{"name": "S", "valueFrom": "arn:aws:s3:::b/k"}]}]}`, diag.ECSInvalidARN, 1, 109},
		{"port", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "portMappings": [{"containerPort": 0}]}]}`, diag.ECSInvalidValue, 1, 105},
		{"not essential", `{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "essential": false}]}`, diag.ECSInvalidValue, 1, 1},
		{"efs iam without tls", `{"family": "x", "volumes": [{"name": "v", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "DISABLED", "authorizationConfig": {"iam": "ENABLED"}}}], "containerDefinitions": [{"name": "a", "image": "b"}]}`, diag.ECSInvalidValue, 1, 115},
		{"task cpu", `{"family": "x", "cpu": "lots", "containerDefinitions": [{"name": "a", "image": "b"}]}`, diag.ECSInvalidValue, 1, 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := parse(t, "x.json", tc.src)
			want(t, ds, tc.code, tc.line, tc.col)
		})
	}
}

func TestTaskCPUAndMemory(t *testing.T) {
	for in, want := range map[string]int64{"1024": 1024, "1 vCPU": 1024, ".25 vcpu": 256, "2 vCPU": 2048} {
		if got, ok := TaskCPU(Str{V: in, Set: true}); !ok || got != want {
			t.Errorf("TaskCPU(%q) = %d, %v", in, got, ok)
		}
	}
	for in, want := range map[string]int64{"512": 512, "1 GB": 1024, "2GB": 2048, "0.5 GB": 512} {
		if got, ok := TaskMemory(Str{V: in, Set: true}); !ok || got != want {
			t.Errorf("TaskMemory(%q) = %d, %v", in, got, ok)
		}
	}
}

func TestCloudFormationIntrinsics(t *testing.T) {
	src := `
Parameters:
  Env: {Type: String, Default: prod}
  Tag: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "a,b"}
Mappings:
  Size: {prod: {Mem: 1024}}
Conditions:
  Prod: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition Prod]
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Sub "app-${Env}"
      Memory: !FindInMap [Size, !Ref Env, Mem]
      ContainerDefinitions:
        - Name: app
          Image: !Join [":", [repo/app, !Ref Tag]]
          Environment:
            - {Name: A, Value: !If [Prod, yes-prod, no]}
            - {Name: B, Value: !If [NotProd, x, !Ref "AWS::NoValue"]}
            - {Name: C, Value: !Select [1, !Ref Subnets]}
            - {Name: D, Value: !Sub ["${X}-${AWS::Region}", {X: !GetAtt Svc.Name}]}
            - {Name: E, Value: !ImportValue shared-url}
            - {Name: F, Value: !Sub "literal ${!NotAVar}"}
          DockerLabels: {Keep.This-Case: v}
  Svc:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      TaskDefinition: !Ref Task
`
	f, ds := parse(t, "cfn.yaml", src)
	none(t, ds, diag.Error)
	td := f.TaskDefinitions[0]
	if td.Family.V != "app-prod" || td.Memory.V != "1024" {
		t.Errorf("family %q memory %q", td.Family.V, td.Memory.V)
	}
	c := td.ContainerDefinitions[0]
	if c.Image.V != "repo/app:${unresolved:Tag}" || len(c.Image.Unresolved) != 1 {
		t.Errorf("image %q %v", c.Image.V, c.Image.Unresolved)
	}
	env := map[string]Str{}
	for _, e := range c.Environment {
		env[e.Name.V] = e.Value
	}
	for k, v := range map[string]string{"A": "yes-prod", "C": "b", "D": "web-${unresolved:AWS::Region}", "E": "${unresolved:Fn::ImportValue shared-url}", "F": "literal ${NotAVar}"} {
		if env[k].V != v {
			t.Errorf("env %s = %q, want %q", k, env[k].V, v)
		}
	}
	if env["B"].Set {
		t.Errorf("AWS::NoValue should leave B without a value, got %q", env["B"].V)
	}
	if c.DockerLabels.Entries[0].Key != "Keep.This-Case" {
		t.Errorf("docker label key re-cased: %q", c.DockerLabels.Entries[0].Key)
	}
	if refs := f.Services[0].TaskDefinition.Refs; len(refs) != 1 || refs[0] != "Task" {
		t.Errorf("service refs %v", refs)
	}
}

func TestCloudFormationSpellings(t *testing.T) {
	src := `{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "x",
  "Volumes": [{"Name": "v", "EFSVolumeConfiguration": {"FilesystemId": "fs-1", "TransitEncryption": "ENABLED", "AuthorizationConfig": {"IAM": "ENABLED"}}}],
  "ProxyConfiguration": {"Type": "APPMESH", "ContainerName": "e", "ProxyConfigurationProperties": [{"Name": "AppPorts", "Value": "80"}]},
  "ContainerDefinitions": [{"Name": "a", "Image": "b", "Cpu": "256"}]}}}}`
	f, ds := parse(t, "cfn.json", src)
	none(t, ds, diag.Warning)
	e := f.TaskDefinitions[0].Volumes[0].EfsVolumeConfiguration
	if e.FileSystemId.V != "fs-1" || e.AuthorizationConfig.Iam.V != "ENABLED" {
		t.Errorf("efs %+v", e)
	}
	if f.TaskDefinitions[0].ContainerDefinitions[0].Cpu.V != 256 {
		t.Error("CloudFormation numbers written as strings are numbers")
	}
	// The mechanical re-casing is an error, with the real spelling suggested.
	_, ds = parse(t, "cfn.json", strings.Replace(src, "FilesystemId", "FileSystemId", 1))
	d := want(t, ds, diag.ECSUnknownField, 2, 56)
	if !strings.Contains(d.Message, "FilesystemId") {
		t.Errorf("no suggestion: %s", d.Message)
	}
}

func TestCloudFormationConditionSkipsResource(t *testing.T) {
	_, ds := parse(t, "cfn.yaml", `
Parameters: {Make: {Type: String, Default: "no"}}
Conditions: {MakeIt: !Equals [!Ref Make, "yes"]}
Resources:
  T:
    Type: AWS::ECS::TaskDefinition
    Condition: MakeIt
    Properties: {Family: x, ContainerDefinitions: []}
`)
	want(t, ds, diag.ECSResourceSkipped, 5, 3)
	none(t, ds, diag.Warning)
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestTerraform(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"variables.tf":     "variable \"tag\" {\n  default = \"1\"\n}\nvariable \"nodefault\" {}\n",
		"terraform.tfvars": "tag = \"2\"\n",
		"defs.json":        "[{\"name\": \"f\", \"image\": \"img\", \"cpu\": 1}]\n",
		"tpl.json.tftpl":   "[{\"name\": \"${n}\", \"image\": \"img\", \"memory\": ${m}}]\n",
		"main.tf": `locals {
  name = "app"
  full = "${local.name}-x"
}
data "aws_ssm_parameter" "p" { name = "x" }
resource "aws_ecs_task_definition" "heredoc" {
  family = local.full
  container_definitions = <<-EOT
    [{"name": "${local.name}", "image": "repo:${var.tag}",
      "cpu": ${data.aws_ssm_parameter.p.value},
      "environment": [{"name": "X", "value": "${var.nodefault}"}]}]
  EOT
}
resource "aws_ecs_task_definition" "encoded" {
  family = "enc"
  container_definitions = jsonencode([{ name = "e", image = "i", memory = 64, essential = true }])
}
resource "aws_ecs_task_definition" "file" {
  family                = "file"
  container_definitions = file("${path.module}/defs.json")
}
resource "aws_ecs_task_definition" "tpl" {
  family                = "tpl"
  container_definitions = templatefile("tpl.json.tftpl", { n = "t", m = 32 })
}
resource "aws_ecs_service" "svc" {
  name            = aws_ecs_task_definition.heredoc.family
  task_definition = aws_ecs_task_definition.heredoc.arn
}
`,
	})
	path := filepath.Join(dir, "main.tf")
	data, _ := os.ReadFile(path)
	rep := &diag.Reporter{}
	f := Parse(path, data, rep)
	ds := rep.Diagnostics()
	none(t, ds, diag.Error)
	if len(f.TaskDefinitions) != 4 {
		t.Fatalf("%d task definitions:\n%s", len(f.TaskDefinitions), list(ds))
	}
	h := f.TaskDefinitions[0]
	c := h.ContainerDefinitions[0]
	if h.Family.V != "app-x" || c.Name.V != "app" || c.Image.V != "repo:2" {
		t.Errorf("heredoc: family %q name %q image %q (tfvars must override the default)", h.Family.V, c.Name.V, c.Image.V)
	}
	if c.Cpu.Set {
		t.Error("an unknown number outside a JSON string must be left unset")
	}
	if got := c.Environment[0].Value.V; got != "${unresolved:var.nodefault}" {
		t.Errorf("env = %q", got)
	}
	// Positions inside the indented heredoc point at the .tf source.
	if p := c.Image.Pos; p.File != path || p.Line != 9 || p.Col != 41 {
		t.Errorf("image at %s, want %s:9:41", p, path)
	}
	want(t, ds, diag.ECSUnresolved, 10, 16)
	if e := f.TaskDefinitions[1].ContainerDefinitions[0]; e.Memory.V != 64 || !e.Essential.V || e.Memory.Pos.Line != 16 {
		t.Errorf("jsonencode: %+v at %s", e.Memory, e.Memory.Pos)
	}
	if fc := f.TaskDefinitions[2].ContainerDefinitions[0]; fc.Name.V != "f" || fc.Name.Pos.File != filepath.Join(dir, "defs.json") {
		t.Errorf("file(): %q at %s", fc.Name.V, fc.Name.Pos)
	}
	if tc := f.TaskDefinitions[3].ContainerDefinitions[0]; tc.Name.V != "t" || tc.Memory.V != 32 || tc.Name.Pos.File != filepath.Join(dir, "tpl.json.tftpl") {
		t.Errorf("templatefile(): %q %d at %s", tc.Name.V, tc.Memory.V, tc.Name.Pos)
	}
	if len(f.Reads) != 2 {
		t.Errorf("reads %v", f.Reads)
	}
	s := f.Services[0]
	if s.ServiceName.V != "app-x" || len(s.TaskDefinition.Refs) != 1 || s.TaskDefinition.Refs[0] != "aws_ecs_task_definition.heredoc" {
		t.Errorf("service name %q refs %v", s.ServiceName.V, s.TaskDefinition.Refs)
	}
}

func TestTerraformSyntaxError(t *testing.T) {
	_, ds := parse(t, filepath.Join(t.TempDir(), "main.tf"), "resource \"aws_ecs_task_definition\" \"x\" {\n  family = \n}\n")
	for _, d := range ds {
		if d.Code == diag.ECSSyntax && d.Pos.Line == 2 {
			return
		}
	}
	t.Fatalf("no syntax error on line 2:\n%s", list(ds))
}

func TestShowJSON(t *testing.T) {
	src := `{"format_version": "1.0", "values": {"root_module": {"resources": [
 {"address": "aws_ecs_task_definition.t", "mode": "managed", "type": "aws_ecs_task_definition", "name": "t",
  "values": {"family": "x", "arn": "a", "revision": 1, "volume": [], "ipc_mode": null, "tags_all": {},
   "container_definitions": "[{\"name\":\"c\",\"image\":\"i\",\"cpu\":64}]"}},
 {"address": "data.aws_region.r", "mode": "data", "type": "aws_region", "name": "r", "values": {}}]}}}`
	f, ds := parse(t, "state.json", src)
	none(t, ds, diag.Warning)
	c := f.TaskDefinitions[0].ContainerDefinitions[0]
	if c.Cpu.V != 64 {
		t.Errorf("cpu %d", c.Cpu.V)
	}
	// Positions inside the JSON string point into it.
	if c.Cpu.Pos.Line != 4 || c.Cpu.Pos.Col < 30 {
		t.Errorf("cpu at %s", c.Cpu.Pos)
	}
}

func TestScalingJSON(t *testing.T) {
	f, ds := parse(t, "p.json", `{"ScalingPolicies": [{"PolicyName": "p", "ServiceNamespace": "ecs", "ResourceId": "service/c/s",
 "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling", "PolicyARN": "x", "Alarms": [],
 "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 55.5, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}}]}`)
	none(t, ds, diag.Warning)
	if tt := f.ScalingPolicies[0].TargetTrackingScalingPolicyConfiguration; tt.TargetValue.V != 55.5 {
		t.Errorf("target %v", tt.TargetValue)
	}
}

func TestParseARN(t *testing.T) {
	a, err := ParseARN("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::")
	if err != "" || a.Service != "secretsmanager" || a.Resource != "secret:db-AbCdEf:password::" {
		t.Errorf("%+v %s", a, err)
	}
	for _, bad := range []string{"arn:aws:iam::role", "arn::iam::1:role/x", "aws:iam::1:role/x", "arn:aws:iam::1:"} {
		if _, err := ParseARN(bad); err == "" {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestYAMLAliasBomb(t *testing.T) {
	src := "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\nResources: {T: {Type: AWS::ECS::TaskDefinition}}\n"
	_, ds := parse(t, "bomb.yaml", src)
	found := false
	for _, d := range ds {
		found = found || d.Code == diag.ECSSyntax
	}
	if !found {
		t.Errorf("alias bomb not refused:\n%s", list(ds))
	}
}
