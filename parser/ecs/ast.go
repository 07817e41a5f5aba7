package ecs

import (
	"strconv"

	"github.com/kubelift/kubelift/diag"
)

// The typed syntax tree. Field names follow the ECS API
// (RegisterTaskDefinition, CreateService) and Application Auto Scaling;
// struct tags give the key in each input shape:
//
//	ecs:"name[,quiet]"  the API's JSON key (camelCase; PascalCase for Auto Scaling)
//	cfn:"Name"          CloudFormation's key when it is not the API key with
//	                    its first letter raised (FilesystemId, IAM, …); "-": absent
//	tf:"name"           Terraform's attribute or block name when it is not the
//	                    API key in snake_case; "-": absent
//
// quiet fields are read only to be ignored or to link resources: an
// unresolved value there is not worth a finding. A blank field tagged
// ignore:"a,b" (ignorecfn, ignoretf) lists keys that are accepted and
// dropped (read-only fields of describe output, tags); lenient:"" on it
// accepts any unknown key (resources read only for a few fields).

// Str is a string field.
type Str struct {
	V   string
	Pos diag.Pos
	Set bool
	// Unresolved names what could not be evaluated; V then holds a
	// placeholder (${unresolved:…}) where it did.
	Unresolved []string
	// Refs are the resources the value was computed from.
	Refs []string
	// val is the value read, for fields parsed again (container_definitions).
	val *Value
}

// Int is an integer field.
type Int struct {
	V          int64
	Pos        diag.Pos
	Set        bool
	Unresolved []string
}

// Float is a number field that may have a fraction.
type Float struct {
	V          float64
	Pos        diag.Pos
	Set        bool
	Unresolved []string
}

// Text formats the number without a needless fraction.
func (f Float) Text() string { return strconv.FormatFloat(f.V, 'f', -1, 64) }

// Bool is a boolean field.
type Bool struct {
	V          bool
	Pos        diag.Pos
	Set        bool
	Unresolved []string
}

// StrMap is a map of strings (dockerLabels, log options): keys are never
// re-cased, whatever the input shape.
type StrMap struct {
	Pos     diag.Pos
	Set     bool
	Entries []StrEntry
}

// StrEntry is one key of a StrMap.
type StrEntry struct {
	Key    string
	KeyPos diag.Pos
	Val    Str
}

// Raw is a field kept as read: its shape differs between inputs and it is
// only reported, never translated.
type Raw struct {
	V   *Value
	Pos diag.Pos
	Set bool
}

// Node is embedded in every struct: where it was written.
type Node struct {
	Pos diag.Pos
	Set bool
}

// TaskDefinition is RegisterTaskDefinition's input.
type TaskDefinition struct {
	Node
	_ struct{} `ignore:"taskDefinitionArn,revision,status,requiresAttributes,compatibilities,registeredAt,registeredBy,deregisteredAt" ignorecfn:"UpdateReplacePolicy" ignoretf:"tags_all,skip_destroy,track_latest,arn,arn_without_revision,revision,id,region,count,for_each,provider,depends_on,lifecycle"`
	// ID is the resource's name in a template (CloudFormation logical ID,
	// Terraform address); empty for a JSON file.
	ID string
	// Bare marks a file that held container definitions only: the
	// task-level settings are unknown.
	Bare bool

	Family                  Str                    `ecs:"family"`
	TaskRoleArn             Str                    `ecs:"taskRoleArn"`
	ExecutionRoleArn        Str                    `ecs:"executionRoleArn"`
	NetworkMode             Str                    `ecs:"networkMode"`
	ContainerDefinitions    []*ContainerDefinition `ecs:"containerDefinitions" tf:"-"`
	ContainerDefinitionsTF  Raw                    `ecs:"-" cfn:"-" tf:"container_definitions"`
	Volumes                 []*Volume              `ecs:"volumes" tf:"volume"`
	PlacementConstraints    []*PlacementConstraint `ecs:"placementConstraints"`
	RequiresCompatibilities []Str                  `ecs:"requiresCompatibilities"`
	Cpu                     Str                    `ecs:"cpu"`
	Memory                  Str                    `ecs:"memory"`
	Tags                    Raw                    `ecs:"tags,quiet"`
	PidMode                 Str                    `ecs:"pidMode"`
	IpcMode                 Str                    `ecs:"ipcMode"`
	ProxyConfiguration      *ProxyConfiguration    `ecs:"proxyConfiguration"`
	InferenceAccelerators   Raw                    `ecs:"inferenceAccelerators" tf:"inference_accelerator"`
	EphemeralStorage        *EphemeralStorage      `ecs:"ephemeralStorage"`
	RuntimePlatform         *RuntimePlatform       `ecs:"runtimePlatform"`
	EnableFaultInjection    Bool                   `ecs:"enableFaultInjection"`
}

// ContainerDefinition is one element of containerDefinitions.
type ContainerDefinition struct {
	Node
	Name                   Str                    `ecs:"name"`
	Image                  Str                    `ecs:"image"`
	RepositoryCredentials  *RepositoryCredentials `ecs:"repositoryCredentials"`
	Cpu                    Int                    `ecs:"cpu"`
	Memory                 Int                    `ecs:"memory"`
	MemoryReservation      Int                    `ecs:"memoryReservation"`
	Links                  []Str                  `ecs:"links"`
	PortMappings           []*PortMapping         `ecs:"portMappings"`
	Essential              Bool                   `ecs:"essential"`
	RestartPolicy          *RestartPolicy         `ecs:"restartPolicy"`
	EntryPoint             []Str                  `ecs:"entryPoint"`
	Command                []Str                  `ecs:"command"`
	Environment            []*KeyValuePair        `ecs:"environment"`
	EnvironmentFiles       []*EnvironmentFile     `ecs:"environmentFiles"`
	MountPoints            []*MountPoint          `ecs:"mountPoints"`
	VolumesFrom            []*VolumeFrom          `ecs:"volumesFrom"`
	LinuxParameters        *LinuxParameters       `ecs:"linuxParameters"`
	Secrets                []*Secret              `ecs:"secrets"`
	DependsOn              []*ContainerDependency `ecs:"dependsOn"`
	StartTimeout           Int                    `ecs:"startTimeout"`
	StopTimeout            Int                    `ecs:"stopTimeout"`
	VersionConsistency     Str                    `ecs:"versionConsistency"`
	Hostname               Str                    `ecs:"hostname"`
	User                   Str                    `ecs:"user"`
	WorkingDirectory       Str                    `ecs:"workingDirectory"`
	DisableNetworking      Bool                   `ecs:"disableNetworking"`
	Privileged             Bool                   `ecs:"privileged"`
	ReadonlyRootFilesystem Bool                   `ecs:"readonlyRootFilesystem"`
	DnsServers             []Str                  `ecs:"dnsServers"`
	DnsSearchDomains       []Str                  `ecs:"dnsSearchDomains"`
	ExtraHosts             []*HostEntry           `ecs:"extraHosts"`
	DockerSecurityOptions  []Str                  `ecs:"dockerSecurityOptions"`
	Interactive            Bool                   `ecs:"interactive"`
	PseudoTerminal         Bool                   `ecs:"pseudoTerminal"`
	DockerLabels           StrMap                 `ecs:"dockerLabels"`
	Ulimits                []*Ulimit              `ecs:"ulimits"`
	LogConfiguration       *LogConfiguration      `ecs:"logConfiguration"`
	HealthCheck            *HealthCheck           `ecs:"healthCheck"`
	SystemControls         []*SystemControl       `ecs:"systemControls"`
	ResourceRequirements   []*ResourceRequirement `ecs:"resourceRequirements"`
	FirelensConfiguration  *FirelensConfiguration `ecs:"firelensConfiguration"`
	CredentialSpecs        []Str                  `ecs:"credentialSpecs"`
}

type RepositoryCredentials struct {
	Node
	CredentialsParameter Str `ecs:"credentialsParameter"`
}

type PortMapping struct {
	Node
	_                  struct{} `ignore:"hostPortRange"`
	ContainerPort      Int      `ecs:"containerPort"`
	HostPort           Int      `ecs:"hostPort"`
	Protocol           Str      `ecs:"protocol"`
	Name               Str      `ecs:"name"`
	AppProtocol        Str      `ecs:"appProtocol"`
	ContainerPortRange Str      `ecs:"containerPortRange"`
}

type RestartPolicy struct {
	Node
	Enabled              Bool  `ecs:"enabled"`
	IgnoredExitCodes     []Int `ecs:"ignoredExitCodes"`
	RestartAttemptPeriod Int   `ecs:"restartAttemptPeriod"`
}

type KeyValuePair struct {
	Node
	Name Str `ecs:"name"`
	// Value is quiet: the translator reports an unresolved value unless
	// the variable is a credential (then no placeholder is written).
	Value Str `ecs:"value,quiet"`
}

type EnvironmentFile struct {
	Node
	Value Str `ecs:"value"`
	Type  Str `ecs:"type"`
}

type MountPoint struct {
	Node
	SourceVolume  Str  `ecs:"sourceVolume"`
	ContainerPath Str  `ecs:"containerPath"`
	ReadOnly      Bool `ecs:"readOnly"`
}

type VolumeFrom struct {
	Node
	SourceContainer Str  `ecs:"sourceContainer"`
	ReadOnly        Bool `ecs:"readOnly"`
}

type LinuxParameters struct {
	Node
	Capabilities       *Capabilities `ecs:"capabilities"`
	Devices            []*Device     `ecs:"devices"`
	InitProcessEnabled Bool          `ecs:"initProcessEnabled"`
	SharedMemorySize   Int           `ecs:"sharedMemorySize"`
	Tmpfs              []*Tmpfs      `ecs:"tmpfs"`
	MaxSwap            Int           `ecs:"maxSwap"`
	Swappiness         Int           `ecs:"swappiness"`
}

type Capabilities struct {
	Node
	Add  []Str `ecs:"add"`
	Drop []Str `ecs:"drop"`
}

type Device struct {
	Node
	HostPath      Str   `ecs:"hostPath"`
	ContainerPath Str   `ecs:"containerPath"`
	Permissions   []Str `ecs:"permissions"`
}

type Tmpfs struct {
	Node
	ContainerPath Str   `ecs:"containerPath"`
	Size          Int   `ecs:"size"`
	MountOptions  []Str `ecs:"mountOptions"`
}

type Secret struct {
	Node
	Name      Str `ecs:"name"`
	ValueFrom Str `ecs:"valueFrom"`
}

type ContainerDependency struct {
	Node
	ContainerName Str `ecs:"containerName"`
	Condition     Str `ecs:"condition"`
}

type HostEntry struct {
	Node
	Hostname  Str `ecs:"hostname"`
	IpAddress Str `ecs:"ipAddress"`
}

type Ulimit struct {
	Node
	Name      Str `ecs:"name"`
	SoftLimit Int `ecs:"softLimit"`
	HardLimit Int `ecs:"hardLimit"`
}

type LogConfiguration struct {
	Node
	LogDriver     Str       `ecs:"logDriver"`
	Options       StrMap    `ecs:"options,quiet"`
	SecretOptions []*Secret `ecs:"secretOptions"`
}

type HealthCheck struct {
	Node
	Command     []Str `ecs:"command"`
	Interval    Int   `ecs:"interval"`
	Timeout     Int   `ecs:"timeout"`
	Retries     Int   `ecs:"retries"`
	StartPeriod Int   `ecs:"startPeriod"`
}

type SystemControl struct {
	Node
	Namespace Str `ecs:"namespace"`
	Value     Str `ecs:"value"`
}

type ResourceRequirement struct {
	Node
	Type  Str `ecs:"type"`
	Value Str `ecs:"value"`
}

type FirelensConfiguration struct {
	Node
	Type    Str    `ecs:"type"`
	Options StrMap `ecs:"options"`
}

type Volume struct {
	Node
	Name Str         `ecs:"name"`
	Host *HostVolume `ecs:"host" tf:"-"`
	// HostPath is Terraform's flat form of host.sourcePath.
	HostPath                                Str                        `ecs:"-" cfn:"-" tf:"host_path"`
	DockerVolumeConfiguration               *DockerVolumeConfiguration `ecs:"dockerVolumeConfiguration"`
	EfsVolumeConfiguration                  *EFSVolumeConfiguration    `ecs:"efsVolumeConfiguration" cfn:"EFSVolumeConfiguration"`
	FsxWindowsFileServerVolumeConfiguration Raw                        `ecs:"fsxWindowsFileServerVolumeConfiguration" cfn:"FSxWindowsFileServerVolumeConfiguration"`
	ConfiguredAtLaunch                      Bool                       `ecs:"configuredAtLaunch" tf:"configure_at_launch"`
}

type HostVolume struct {
	Node
	SourcePath Str `ecs:"sourcePath"`
}

type DockerVolumeConfiguration struct {
	Node
	Scope         Str    `ecs:"scope"`
	Autoprovision Bool   `ecs:"autoprovision"`
	Driver        Str    `ecs:"driver"`
	DriverOpts    StrMap `ecs:"driverOpts"`
	Labels        StrMap `ecs:"labels"`
}

type EFSVolumeConfiguration struct {
	Node
	FileSystemId          Str                  `ecs:"fileSystemId" cfn:"FilesystemId"`
	RootDirectory         Str                  `ecs:"rootDirectory"`
	TransitEncryption     Str                  `ecs:"transitEncryption"`
	TransitEncryptionPort Int                  `ecs:"transitEncryptionPort"`
	AuthorizationConfig   *EFSAuthorizationCfg `ecs:"authorizationConfig"`
}

type EFSAuthorizationCfg struct {
	Node
	AccessPointId Str `ecs:"accessPointId"`
	Iam           Str `ecs:"iam" cfn:"IAM"`
}

type PlacementConstraint struct {
	Node
	Type       Str `ecs:"type"`
	Expression Str `ecs:"expression"`
}

type PlacementStrategy struct {
	Node
	Type  Str `ecs:"type"`
	Field Str `ecs:"field"`
}

type ProxyConfiguration struct {
	Node
	Type          Str `ecs:"type"`
	ContainerName Str `ecs:"containerName"`
	Properties    Raw `ecs:"properties" cfn:"ProxyConfigurationProperties"`
}

type EphemeralStorage struct {
	Node
	SizeInGiB Int `ecs:"sizeInGiB" tf:"size_in_gib"`
}

type RuntimePlatform struct {
	Node
	CpuArchitecture       Str `ecs:"cpuArchitecture"`
	OperatingSystemFamily Str `ecs:"operatingSystemFamily"`
}

// Service is CreateService's input (and an element of describe-services).
type Service struct {
	Node
	_  struct{} `ignore:"serviceArn,clusterArn,status,runningCount,pendingCount,deployments,roleArn,events,createdAt,createdBy,taskSets,clientToken,platformFamily,currentServiceDeployment,currentServiceRevisions,resourceManagementType" ignorecfn:"UpdateReplacePolicy" ignoretf:"id,arn,tags_all,force_new_deployment,wait_for_steady_state,triggers,force_delete,region,count,for_each,provider,depends_on,lifecycle,timeouts,sigint_rollback"`
	ID string

	Cluster                       Str                      `ecs:"cluster,quiet"`
	ServiceName                   Str                      `ecs:"serviceName" tf:"name"`
	TaskDefinition                Str                      `ecs:"taskDefinition,quiet"`
	LoadBalancers                 []*LoadBalancer          `ecs:"loadBalancers" tf:"load_balancer"`
	ServiceRegistries             Raw                      `ecs:"serviceRegistries"`
	DesiredCount                  Int                      `ecs:"desiredCount"`
	LaunchType                    Str                      `ecs:"launchType"`
	CapacityProviderStrategy      []*CapacityProviderItem  `ecs:"capacityProviderStrategy"`
	PlatformVersion               Str                      `ecs:"platformVersion,quiet"`
	Role                          Str                      `ecs:"role,quiet" tf:"iam_role"`
	DeploymentConfiguration       *DeploymentConfiguration `ecs:"deploymentConfiguration"`
	DeploymentMaximumPercent      Int                      `ecs:"-" cfn:"-" tf:"deployment_maximum_percent"`
	DeploymentMinimumHealthy      Int                      `ecs:"-" cfn:"-" tf:"deployment_minimum_healthy_percent"`
	DeploymentCircuitBreakerTF    *CircuitBreaker          `ecs:"-" cfn:"-" tf:"deployment_circuit_breaker"`
	AlarmsTF                      *DeploymentAlarms        `ecs:"-" cfn:"-" tf:"alarms"`
	PlacementConstraints          []*PlacementConstraint   `ecs:"placementConstraints"`
	PlacementStrategy             []*PlacementStrategy     `ecs:"placementStrategy" cfn:"PlacementStrategies" tf:"ordered_placement_strategy"`
	NetworkConfiguration          *NetworkConfiguration    `ecs:"networkConfiguration"`
	HealthCheckGracePeriodSeconds Int                      `ecs:"healthCheckGracePeriodSeconds"`
	SchedulingStrategy            Str                      `ecs:"schedulingStrategy"`
	DeploymentController          *DeploymentController    `ecs:"deploymentController"`
	Tags                          Raw                      `ecs:"tags,quiet"`
	EnableECSManagedTags          Bool                     `ecs:"enableECSManagedTags,quiet" tf:"enable_ecs_managed_tags"`
	PropagateTags                 Str                      `ecs:"propagateTags,quiet"`
	EnableExecuteCommand          Bool                     `ecs:"enableExecuteCommand"`
	ServiceConnectConfiguration   Raw                      `ecs:"serviceConnectConfiguration"`
	VolumeConfigurations          Raw                      `ecs:"volumeConfigurations" tf:"volume_configuration"`
	AvailabilityZoneRebalancing   Str                      `ecs:"availabilityZoneRebalancing,quiet"`
	VpcLatticeConfigurations      Raw                      `ecs:"vpcLatticeConfigurations"`
	ForceNewDeployment            Bool                     `ecs:"forceNewDeployment,quiet" tf:"-"`
}

type LoadBalancer struct {
	Node
	TargetGroupArn        Str `ecs:"targetGroupArn,quiet"`
	LoadBalancerName      Str `ecs:"loadBalancerName,quiet" tf:"elb_name"`
	ContainerName         Str `ecs:"containerName"`
	ContainerPort         Int `ecs:"containerPort"`
	AdvancedConfiguration Raw `ecs:"advancedConfiguration,quiet"`
}

type CapacityProviderItem struct {
	Node
	CapacityProvider Str `ecs:"capacityProvider"`
	Weight           Int `ecs:"weight"`
	Base             Int `ecs:"base"`
}

type DeploymentConfiguration struct {
	Node
	DeploymentCircuitBreaker *CircuitBreaker   `ecs:"deploymentCircuitBreaker" tf:"-"`
	MaximumPercent           Int               `ecs:"maximumPercent" tf:"-"`
	MinimumHealthyPercent    Int               `ecs:"minimumHealthyPercent" tf:"-"`
	Alarms                   *DeploymentAlarms `ecs:"alarms" tf:"-"`
	Strategy                 Str               `ecs:"strategy"`
	BakeTimeInMinutes        Int               `ecs:"bakeTimeInMinutes"`
	LifecycleHooks           Raw               `ecs:"lifecycleHooks" tf:"lifecycle_hook"`
	LinearConfiguration      Raw               `ecs:"linearConfiguration"`
	CanaryConfiguration      Raw               `ecs:"canaryConfiguration"`
}

type CircuitBreaker struct {
	Node
	Enable   Bool `ecs:"enable"`
	Rollback Bool `ecs:"rollback"`
}

type DeploymentAlarms struct {
	Node
	AlarmNames []Str `ecs:"alarmNames"`
	Enable     Bool  `ecs:"enable"`
	Rollback   Bool  `ecs:"rollback"`
}

type NetworkConfiguration struct {
	Node
	AwsvpcConfiguration *AwsvpcConfiguration `ecs:"awsvpcConfiguration" tf:"-"`
	// Terraform flattens awsvpcConfiguration into network_configuration.
	SubnetsTF        Raw  `ecs:"-" cfn:"-" tf:"subnets"`
	SecurityGroupsTF Raw  `ecs:"-" cfn:"-" tf:"security_groups"`
	AssignPublicIPTF Bool `ecs:"-" cfn:"-" tf:"assign_public_ip"`
}

type AwsvpcConfiguration struct {
	Node
	Subnets        Raw `ecs:"subnets,quiet"`
	SecurityGroups Raw `ecs:"securityGroups,quiet"`
	AssignPublicIp Str `ecs:"assignPublicIp,quiet"`
}

type DeploymentController struct {
	Node
	Type Str `ecs:"type"`
}

// ScalableTarget is RegisterScalableTarget's input (Application Auto Scaling).
type ScalableTarget struct {
	Node
	_  struct{} `ignore:"CreationTime,ScalableTargetARN,Tags,PredictedCapacity" ignorecfn:"UpdateReplacePolicy" ignoretf:"id,arn,tags,tags_all,region,count,for_each,provider,depends_on,lifecycle"`
	ID string

	ServiceNamespace  Str             `ecs:"ServiceNamespace"`
	ResourceId        Str             `ecs:"ResourceId,quiet"`
	ScalableDimension Str             `ecs:"ScalableDimension"`
	MinCapacity       Int             `ecs:"MinCapacity"`
	MaxCapacity       Int             `ecs:"MaxCapacity"`
	RoleARN           Str             `ecs:"RoleARN,quiet" tf:"role_arn"`
	SuspendedState    *SuspendedState `ecs:"SuspendedState"`
	ScheduledActions  Raw             `ecs:"-" cfn:"ScheduledActions" tf:"-"`
}

type SuspendedState struct {
	Node
	DynamicScalingInSuspended  Bool `ecs:"DynamicScalingInSuspended"`
	DynamicScalingOutSuspended Bool `ecs:"DynamicScalingOutSuspended"`
	ScheduledScalingSuspended  Bool `ecs:"ScheduledScalingSuspended"`
}

// ScalingPolicy is PutScalingPolicy's input.
type ScalingPolicy struct {
	Node
	_  struct{} `ignore:"PolicyARN,Alarms,CreationTime" ignorecfn:"UpdateReplacePolicy" ignoretf:"id,arn,alarm_arns,region,count,for_each,provider,depends_on,lifecycle"`
	ID string

	PolicyName                               Str                   `ecs:"PolicyName" tf:"name"`
	ServiceNamespace                         Str                   `ecs:"ServiceNamespace"`
	ResourceId                               Str                   `ecs:"ResourceId,quiet"`
	ScalableDimension                        Str                   `ecs:"ScalableDimension"`
	ScalingTargetId                          Str                   `ecs:"-,quiet" cfn:"ScalingTargetId" tf:"-"`
	PolicyType                               Str                   `ecs:"PolicyType"`
	StepScalingPolicyConfiguration           *StepScalingConfig    `ecs:"StepScalingPolicyConfiguration"`
	TargetTrackingScalingPolicyConfiguration *TargetTrackingConfig `ecs:"TargetTrackingScalingPolicyConfiguration"`
	PredictiveScalingPolicyConfiguration     Raw                   `ecs:"PredictiveScalingPolicyConfiguration"`
}

type StepScalingConfig struct {
	Node
	AdjustmentType         Str               `ecs:"AdjustmentType"`
	StepAdjustments        []*StepAdjustment `ecs:"StepAdjustments" tf:"step_adjustment"`
	MinAdjustmentMagnitude Int               `ecs:"MinAdjustmentMagnitude"`
	Cooldown               Int               `ecs:"Cooldown"`
	MetricAggregationType  Str               `ecs:"MetricAggregationType"`
}

type StepAdjustment struct {
	Node
	MetricIntervalLowerBound Float `ecs:"MetricIntervalLowerBound"`
	MetricIntervalUpperBound Float `ecs:"MetricIntervalUpperBound"`
	ScalingAdjustment        Int   `ecs:"ScalingAdjustment"`
}

type TargetTrackingConfig struct {
	Node
	TargetValue                   Float                 `ecs:"TargetValue"`
	PredefinedMetricSpecification *PredefinedMetricSpec `ecs:"PredefinedMetricSpecification"`
	CustomizedMetricSpecification Raw                   `ecs:"CustomizedMetricSpecification"`
	ScaleOutCooldown              Int                   `ecs:"ScaleOutCooldown"`
	ScaleInCooldown               Int                   `ecs:"ScaleInCooldown"`
	DisableScaleIn                Bool                  `ecs:"DisableScaleIn"`
}

type PredefinedMetricSpec struct {
	Node
	PredefinedMetricType Str `ecs:"PredefinedMetricType"`
	ResourceLabel        Str `ecs:"ResourceLabel,quiet"`
}

// Alarm is a CloudWatch alarm (read for the metric a step-scaling policy
// reacts to).
type Alarm struct {
	Node
	_  struct{} `lenient:""`
	ID string

	MetricName         Str   `ecs:"MetricName,quiet"`
	Namespace          Str   `ecs:"Namespace,quiet"`
	Threshold          Float `ecs:"Threshold,quiet"`
	ComparisonOperator Str   `ecs:"ComparisonOperator,quiet"`
	AlarmActions       Raw   `ecs:"AlarmActions,quiet"`
}

// TargetGroup is an Elastic Load Balancing target group (read for its
// health check, the model of a readiness probe).
type TargetGroup struct {
	Node
	_  struct{} `lenient:""`
	ID string

	HealthCheckEnabled         Bool     `ecs:"HealthCheckEnabled,quiet" tf:"-"`
	HealthCheckPath            Str      `ecs:"HealthCheckPath,quiet" tf:"-"`
	HealthCheckPort            Str      `ecs:"HealthCheckPort,quiet" tf:"-"`
	HealthCheckProtocol        Str      `ecs:"HealthCheckProtocol,quiet" tf:"-"`
	HealthCheckIntervalSeconds Int      `ecs:"HealthCheckIntervalSeconds,quiet" tf:"-"`
	HealthCheckTimeoutSeconds  Int      `ecs:"HealthCheckTimeoutSeconds,quiet" tf:"-"`
	HealthyThresholdCount      Int      `ecs:"HealthyThresholdCount,quiet" tf:"-"`
	UnhealthyThresholdCount    Int      `ecs:"UnhealthyThresholdCount,quiet" tf:"-"`
	Protocol                   Str      `ecs:"Protocol,quiet"`
	HealthCheckTF              *TGCheck `ecs:"-" cfn:"-" tf:"health_check"`
}

// TGCheck is Terraform's health_check block of aws_lb_target_group.
type TGCheck struct {
	Node
	_                  struct{} `lenient:""`
	Enabled            Bool     `ecs:"enabled,quiet"`
	Path               Str      `ecs:"path,quiet"`
	Port               Str      `ecs:"port,quiet"`
	Protocol           Str      `ecs:"protocol,quiet"`
	Interval           Int      `ecs:"interval,quiet"`
	Timeout            Int      `ecs:"timeout,quiet"`
	HealthyThreshold   Int      `ecs:"healthyThreshold,quiet"`
	UnhealthyThreshold Int      `ecs:"unhealthyThreshold,quiet"`
}
