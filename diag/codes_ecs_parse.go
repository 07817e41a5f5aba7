package diag

// Codes of the ECS parser (parser/ecs). The error-severity ones are input
// errors (see inputTables): nothing is emitted from such a file.
const (
	ECSSyntax             Code = "ecs-syntax"
	ECSDuplicateKey       Code = "ecs-duplicate-key"
	ECSUnknownField       Code = "ecs-unknown-field"
	ECSWrongType          Code = "ecs-wrong-type"
	ECSMissingField       Code = "ecs-missing-field"
	ECSInvalidValue       Code = "ecs-invalid-value"
	ECSNoContainers       Code = "ecs-no-containers"
	ECSDuplicateContainer Code = "ecs-duplicate-container"
	ECSInvalidARN         Code = "ecs-invalid-arn"
	ECSDependsOnCycle     Code = "ecs-depends-on-cycle"
	ECSUnknownReference   Code = "ecs-unknown-reference"
	ECSFileUnreadable     Code = "ecs-file-unreadable"
	ECSShape              Code = "ecs-shape-unknown"
)

// Findings of the ECS parser that do not stop the conversion.
const (
	ECSKeyCase         Code = "ecs-key-case"
	ECSUnresolved      Code = "ecs-unresolved"
	ECSTerraformModule Code = "ecs-terraform-module"
	ECSNoResources     Code = "ecs-no-resources"
	ECSResourceSkipped Code = "ecs-resource-skipped"
)

var ecsParseCodes = []CodeInfo{
	{ECSSyntax, Error, "An ECS input (JSON, YAML or Terraform) is not well-formed.",
		"Fix the text at the position shown; `jq . FILE`, a YAML linter or `terraform validate` report the same problem.",
		"The file could not be read as JSON, YAML or HCL: a missing comma or quote, a trailing comma, an unterminated string, a tab where YAML needs spaces. Nothing is converted from a file that was not read completely, so the run stops with exit code 2 and writes nothing."},
	{ECSDuplicateKey, Error, "A key appears twice in one object.",
		"Delete one of the two keys; the message names where the first one is.",
		"JSON readers disagree on which of two equal keys wins (the AWS CLI, Go and JavaScript keep the last, some keep the first), so the meaning of the file is ambiguous. kubelift refuses to guess."},
	{ECSUnknownField, Error, "A key is not a field of the ECS, CloudFormation or Terraform shape it appears in.",
		"Check the spelling (the message suggests the nearest known field) and the shape: CloudFormation spells keys in PascalCase, Terraform in snake_case outside container_definitions.",
		"AWS refuses a task definition, service or scaling policy with an unknown parameter, and a misspelt field would otherwise be dropped silently (for example `memoryReservaton`, which would leave the container without a memory request). Read-only fields of `describe-…` output are accepted and ignored."},
	{ECSWrongType, Error, "A value has the wrong type (a string where a number is needed, an object where a list is needed, …).",
		"Write the value with the type the ECS API documents: container cpu and memory are numbers, task-level cpu and memory are strings, environment values are strings.",
		"The AWS CLI and the ECS API refuse a parameter of the wrong type. CloudFormation and Terraform convert between numbers and strings, so there a number written as a string is accepted; JSON for the API is read as strictly as the AWS CLI reads it. The message never quotes the value, which may be a secret."},
	{ECSMissingField, Error, "A required field is missing.",
		"Add the field: every container needs a name and an image, every environment entry and secret a name.",
		"ECS refuses to register the definition without it, and kubelift cannot produce the object either."},
	{ECSInvalidValue, Error, "A field has a value ECS does not accept (an unknown network mode, dependency condition, protocol, a port out of range, …).",
		"Use one of the values the message lists.",
		"Fields such as networkMode, dependsOn[].condition and portMappings[].protocol take a fixed set of values; ports are 1–65535. A value outside them would be refused by ECS, so the conversion stops rather than guess what was meant."},
	{ECSNoContainers, Error, "A task definition has no container definitions.",
		"Add containerDefinitions (ContainerDefinitions in CloudFormation, container_definitions in Terraform).",
		"A task definition without containers describes no process; ECS refuses it, and there is no pod to produce."},
	{ECSDuplicateContainer, Error, "Two containers of one task definition have the same name.",
		"Rename one of them; container names are unique within a task definition.",
		"dependsOn, volumesFrom, links and load balancers refer to containers by name, so two containers with one name make those references ambiguous. ECS refuses such a task definition."},
	{ECSInvalidARN, Error, "A value that must be an ARN does not parse as one.",
		"Write the ARN in full: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (for example arn:aws:iam::123456789012:role/app).",
		"Role ARNs become IRSA annotations and secret ARNs become ExternalSecret references. An ARN with a missing part would produce a reference to nothing, so the conversion stops. Values that are only partly known (a CloudFormation !Sub with a pseudo parameter, a Terraform variable) are not errors: they are reported as unresolved."},
	{ECSDependsOnCycle, Error, "Containers depend on each other in a cycle.",
		"Break the cycle; the message lists it.",
		"dependsOn orders container start-up. A cycle can never start, ECS refuses it, and no order of init containers and sidecars can express it."},
	{ECSUnknownReference, Error, "A reference names a container or volume that the task definition does not define.",
		"Fix the name, or add the container or volume it refers to.",
		"dependsOn, volumesFrom, links and load balancers name containers; mountPoints name volumes. ECS refuses a task definition whose references point at nothing."},
	{ECSFileUnreadable, Error, "A file named by file() or templatefile() could not be read.",
		"Pass the Terraform module directory as it is in the repository, with the files it reads beside it.",
		"Terraform reads these files relative to the module directory. Without the file the container definitions are unknown, so nothing is converted from the task definition."},
	{ECSShape, Error, "A JSON or YAML file looks like ECS input but matches none of the shapes kubelift reads.",
		"Pass a task definition (register-task-definition or describe-task-definition JSON), a service definition, Application Auto Scaling JSON, a CloudFormation template or Terraform.",
		"The file has keys of an ECS document but not the structure of any of them (for example containerDefinitions that is not a list)."},
	{ECSKeyCase, Warning, "A key is spelled with a different letter case than the ECS API uses.",
		"Spell it as the ECS API does (the message names the spelling) if the file is also used with the AWS CLI or CloudFormation.",
		"Terraform's AWS provider reads container_definitions with Go's encoding/json, which matches keys regardless of case, so `entrypoint` works there as `entryPoint`. The AWS CLI and CloudFormation refuse it. kubelift reads it as Terraform does and says so."},
	{ECSUnresolved, Warning, "A value depends on something only AWS or Terraform can evaluate.",
		"Replace the placeholder ${unresolved:…} in the output with the real value, or give the Terraform variable a default (or a .tfvars value) or the CloudFormation parameter a Default.",
		"kubelift evaluates Terraform variables with defaults, locals, jsonencode, file and templatefile, and CloudFormation parameters with defaults, !Sub, !Join, !If, !Select, !FindInMap and !GetAtt of resources in the same template. Data sources, module outputs, attributes of resources created at apply time, imports from other stacks and pseudo parameters such as AWS::AccountId are known only when AWS runs. Strings keep a clearly named placeholder; numbers and booleans are left unset, so the Kubernetes default applies."},
	{ECSTerraformModule, Warning, "A Terraform module call is not evaluated.",
		"Run `terraform show -json > state.json` (or `terraform show -json PLANFILE`) and convert that file: it holds the resources the module created, with their values.",
		"A module's resources are defined in the module's own source, which kubelift does not download or evaluate. The ECS task definitions, services and scaling policies the module creates are therefore not converted from this call."},
	{ECSNoResources, Info, "A template or Terraform file defines no ECS resource.",
		"Nothing to do if the file only holds supporting resources (networking, IAM); otherwise check that the ECS resources are in the files you passed.",
		"kubelift converts AWS::ECS::TaskDefinition, AWS::ECS::Service and Application Auto Scaling resources (aws_ecs_task_definition, aws_ecs_service, aws_appautoscaling_target and aws_appautoscaling_policy in Terraform). Other resources are read only where those refer to them."},
	{ECSResourceSkipped, Info, "A resource is not converted because its condition or count makes it absent.",
		"Nothing to do if the defaults of the template describe the environment you are migrating; otherwise set the parameters or variables and convert again.",
		"A CloudFormation resource whose Condition is false with the parameters' defaults, or a Terraform resource with count = 0, is not created by AWS, so it is not converted either."},
}
