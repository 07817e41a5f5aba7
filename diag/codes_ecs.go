package diag

// Codes of the ECS translator (translate/ecs): ECS behaviour that
// Kubernetes expresses differently, approximately, or not at all.
const (
	ECSCPUShares            Code = "ecs-cpu-shares"
	ECSTaskResources        Code = "ecs-task-resources"
	ECSMemoryReservation    Code = "ecs-memory-reservation"
	ECSEnvCredential        Code = "ecs-env-credential"
	ECSSecretRef            Code = "ecs-secret-ref"
	ECSEnvironmentFile      Code = "ecs-environment-file"
	ECSHealthCheck          Code = "ecs-health-check"
	ECSDependsOn            Code = "ecs-depends-on"
	ECSDependsOnMissing     Code = "ecs-depends-on-missing"
	ECSEssential            Code = "ecs-essential"
	ECSStopTimeout          Code = "ecs-stop-timeout"
	ECSUserName             Code = "ecs-user-name"
	ECSReadonlyRoot         Code = "ecs-readonly-root"
	ECSUlimits              Code = "ecs-ulimits"
	ECSLinuxParameters      Code = "ecs-linux-parameters"
	ECSDockerLabels         Code = "ecs-docker-labels"
	ECSLogging              Code = "ecs-logging"
	ECSFirelens             Code = "ecs-firelens"
	ECSVolumeHost           Code = "ecs-volume-host"
	ECSVolumeDocker         Code = "ecs-volume-docker"
	ECSVolumeEFS            Code = "ecs-volume-efs"
	ECSVolumeUnsupported    Code = "ecs-volume-unsupported"
	ECSVolumesFrom          Code = "ecs-volumes-from"
	ECSTaskRole             Code = "ecs-task-role"
	ECSExecutionRole        Code = "ecs-execution-role"
	ECSNetworkMode          Code = "ecs-network-mode"
	ECSHostPort             Code = "ecs-host-port"
	ECSPortCollision        Code = "ecs-port-collision"
	ECSPortRange            Code = "ecs-port-range"
	ECSPlacement            Code = "ecs-placement"
	ECSRuntimePlatform      Code = "ecs-runtime-platform"
	ECSProcessNamespaces    Code = "ecs-process-namespaces"
	ECSEphemeralStorage     Code = "ecs-ephemeral-storage"
	ECSProxyConfiguration   Code = "ecs-proxy-configuration"
	ECSUnsupported          Code = "ecs-unsupported"
	ECSGPU                  Code = "ecs-gpu"
	ECSRepositoryCreds      Code = "ecs-repository-credentials"
	ECSRestartPolicy        Code = "ecs-restart-policy"
	ECSDNS                  Code = "ecs-dns"
	ECSSysctls              Code = "ecs-sysctls"
	ECSSecurityOptions      Code = "ecs-security-options"
	ECSLinks                Code = "ecs-links"
	ECSFieldNotCarried      Code = "ecs-field-not-carried"
	ECSTemplatePlaceholder  Code = "ecs-template-placeholder"
	ECSBareContainers       Code = "ecs-bare-container-definitions"
	ECSServiceTaskMissing   Code = "ecs-service-task-missing"
	ECSTaskWithoutService   Code = "ecs-task-without-service"
	ECSRollout              Code = "ecs-rollout"
	ECSRolloutStuck         Code = "ecs-rollout-stuck"
	ECSCircuitBreaker       Code = "ecs-circuit-breaker"
	ECSDeploymentController Code = "ecs-deployment-controller"
	ECSGracePeriod          Code = "ecs-grace-period"
	ECSLoadBalancer         Code = "ecs-load-balancer"
	ECSReadiness            Code = "ecs-readiness"
	ECSServiceDiscovery     Code = "ecs-service-discovery"
	ECSNetworkConfiguration Code = "ecs-network-configuration"
	ECSCapacityProvider     Code = "ecs-capacity-provider"
	ECSDaemonService        Code = "ecs-daemon-service"
	ECSExecuteCommand       Code = "ecs-execute-command"
	ECSScalingUtilization   Code = "ecs-scaling-utilization"
	ECSScalingStep          Code = "ecs-scaling-step"
	ECSScalingQueue         Code = "ecs-scaling-queue"
	ECSScalingCustomMetric  Code = "ecs-scaling-custom-metric"
	ECSScalingCooldown      Code = "ecs-scaling-cooldown"
	ECSScalingUnlinked      Code = "ecs-scaling-unlinked"
	ECSScalingScheduled     Code = "ecs-scaling-scheduled"
	ECSScalingSuspended     Code = "ecs-scaling-suspended"
	ECSScalingMinZero       Code = "ecs-scaling-min-zero"
	ECSScalingNoPolicy      Code = "ecs-scaling-no-policy"
	ECSExpansionEscaped     Code = "ecs-expansion-escaped"
)

var ecsCodes = []CodeInfo{
	{ECSCPUShares, Info, "Container cpu units become CPU requests with no CPU limit.",
		"Nothing to do; add a limit only if you want to cap the container, which ECS did not.",
		"On Linux, a container's cpu in ECS is --cpu-shares: a relative weight under contention, not a cap, so the container could use idle CPU. Kubernetes requests.cpu is the same kind of weight (1024 units = 1 CPU = 1000m); a limits.cpu would add CFS throttling that ECS never applied, so none is set. A container without cpu got 2 shares in ECS; it gets a 10m request, so that every container has one (HPA CPU utilization needs it)."},
	{ECSTaskResources, Info, "Task-level cpu or memory is spread over the containers.",
		"Check the main container's requests and limits: they hold the task's headroom.",
		"A task's cpu and memory (required on Fargate) are one envelope shared by its containers. Kubernetes has no pod-wide budget without the alpha PodLevelResources feature, so the part of the envelope no container reserved is given to the main container (the one behind the load balancer, or the first essential one) as requests, and the task memory bounds its memory limit. The pod as a whole is no longer capped."},
	{ECSMemoryReservation, Warning, "A container's memoryReservation is larger than its memory limit.",
		"Set memoryReservation below memory; the output uses memory for both.",
		"memoryReservation is the soft limit (requests.memory) and memory the hard one (limits.memory). ECS refuses a reservation above the hard limit, and Kubernetes refuses requests above limits."},
	{ECSEnvCredential, Warning, "An environment variable looks like a credential; it now reads a Secret.",
		"Create the Secret named in the message with the variable's value (kubectl create secret generic NAME --from-literal=KEY=…), or move the value to Secrets Manager or Parameter Store.",
		"Task definitions often carry passwords, tokens, AWS keys or connection strings with passwords in plain environment entries. kubelift never writes such a value into the output or into a message: the variable becomes a secretKeyRef, detected by its name (PASSWORD, TOKEN, SECRET, API_KEY, …) or its value (an AWS access key, a URL with a password, a private key, a JWT). Rotate a credential that was committed in clear text."},
	{ECSSecretRef, Info, "ECS secrets become secretKeyRefs to a Kubernetes Secret.",
		"Create the Secret with the keys listed, or convert with --secrets=external-secrets to get ExternalSecret objects that sync it from AWS.",
		"secrets[].valueFrom named a Secrets Manager secret or a Parameter Store parameter that ECS read at container start. In Kubernetes the container reads a Secret; the External Secrets Operator can keep that Secret in sync with AWS (remoteRef key, property for a JSON key, version for a stage or version id). Either way, environment variables change only when the pod restarts, as in ECS."},
	{ECSEnvironmentFile, Warning, "An environment file lives in S3 and is not converted.",
		"Download the .env file and create a ConfigMap from it (kubectl create configmap NAME --from-env-file=FILE), then add it to the container with envFrom.",
		"environmentFiles name .env files in S3 that ECS reads at container start. kubelift works offline and never fetches them, so those variables are missing. Precedence agrees (environment beats files in both), but Kubernetes lets the last envFrom source win where ECS read files top down."},
	{ECSHealthCheck, Info, "A container health check becomes a liveness probe (and a startup probe for startPeriod).",
		"Add a readinessProbe mirroring the load balancer's health check if the message says none could be derived.",
		"ECS marks a task unhealthy when an essential container fails its health check and the service replaces the whole task; a failing liveness probe restarts only that container. Neither gates traffic in ECS (the load balancer's target-group check does), so readiness comes from the target group when the template defines it. interval, timeout and retries are copied explicitly (Kubernetes defaults are 10/1/3, ECS 30/5/3); startPeriod becomes a startupProbe with failureThreshold ceil(startPeriod/interval)+retries, not an initialDelaySeconds that would delay a healthy app."},
	{ECSDependsOn, Info, "Container start order (dependsOn) becomes init containers and native sidecars.",
		"Nothing to do; native sidecars need Kubernetes 1.29 or later.",
		"Regular Kubernetes containers start in no particular order. A container others wait for with START or HEALTHY becomes an init container with restartPolicy Always (a native sidecar), started before the others, and for HEALTHY with a startupProbe from its health check so the others wait until it passes. SUCCESS becomes a plain init container (it must exit 0). COMPLETE, which accepts any exit code, becomes an init container whose command is wrapped as `cmd || true`."},
	{ECSDependsOnMissing, Warning, "A dependsOn or volumesFrom names a container that is not among the inputs.",
		"Pass the file that defines the other containers of the task, or add the container.",
		"A file of bare container definitions (the output of a Terraform container-definition module) may refer to containers defined elsewhere. The reference is dropped: the container no longer waits for it or shares its volumes."},
	{ECSEssential, Warning, "Kubernetes restarts a container that exits, essential or not.",
		"Turn a short-lived non-essential container into an init container or a Job; otherwise nothing to do.",
		"In ECS, an essential container that exits stops the whole task, and a non-essential one that exits is left stopped. In a Deployment every container has restartPolicy Always: an exited container is restarted in place and the rest of the pod keeps running."},
	{ECSStopTimeout, Info, "stopTimeout becomes the pod's terminationGracePeriodSeconds.",
		"Nothing to do unless containers must stop in a particular order.",
		"ECS gives each container its own stop timeout and stops containers in reverse dependency order; Kubernetes has one grace period per pod (the largest stopTimeout is used) and sends SIGTERM to all regular containers at once, native sidecars last."},
	{ECSUserName, Warning, "A container user is a name; Kubernetes needs numeric IDs.",
		"Look the user up in the image's /etc/passwd and set securityContext.runAsUser (and runAsGroup) to its numbers, or rely on the image's USER.",
		"securityContext.runAsUser and runAsGroup take numbers only, so a user name is not carried over and the image's own USER applies. runAsNonRoot could not verify a named user either."},
	{ECSReadonlyRoot, Info, "A read-only root file system stays read-only.",
		"Mount an emptyDir at /tmp and every other path the process writes to.",
		"readonlyRootFilesystem becomes securityContext.readOnlyRootFilesystem. Processes that write to /tmp or caches fail unless writable volumes are mounted there."},
	{ECSUlimits, Warning, "ulimits have no pod field.",
		"Raise the limits in the node's container runtime configuration, or in the container's entrypoint (ulimit -n) if the hard limit allows it.",
		"Kubernetes cannot set per-container resource limits (nofile, nproc, memlock, …); the container gets the runtime's defaults. On Fargate nofile was 1024 soft / 65535 hard by default."},
	{ECSLinuxParameters, Warning, "A linuxParameters setting has no Kubernetes equivalent.",
		"Follow the message: initProcessEnabled needs tini or dumb-init in the image (or shareProcessNamespace), devices need a device plugin, swap is a node setting.",
		"initProcessEnabled ran an init process (tini) as PID 1 to reap zombies; devices passed host devices into the container; maxSwap and swappiness tuned swap. None of these is a pod field."},
	{ECSDockerLabels, Info, "Docker labels become pod annotations.",
		"Check vendor autodiscovery labels: Datadog, Prometheus and others use different annotation keys in Kubernetes.",
		"dockerLabels were attached to the Docker container. They are kept as annotations on the pod template (label values are too restricted for URLs and JSON). Keys that are not valid annotation keys are left out and named."},
	{ECSLogging, Info, "A container's log driver is replaced by a cluster log agent.",
		"Run a log agent as a DaemonSet (Fluent Bit with the cloudwatch_logs output, for awslogs) and configure the group and stream settings named in the message there.",
		"Kubernetes containers log to stdout and stderr; shipping logs is the job of a node agent, not a pod field. The awslogs group, region and stream prefix, and the options of other drivers, become that agent's configuration keyed on pod labels. secretOptions become the agent's credentials."},
	{ECSFirelens, Warning, "FireLens log routing has no Kubernetes equivalent.",
		"Run Fluent Bit as a DaemonSet with the outputs named in the message, then delete the log-router sidecar.",
		"With FireLens, ECS sent each container's stdout to a log-router container (Fluent Bit or Fluentd) configured from the containers' log options. Kubernetes has no such routing: the router container is kept so nothing is dropped, but it receives no logs. The per-container output options become filter and output rules in a node-level Fluent Bit."},
	{ECSVolumeHost, Warning, "A host volume becomes a hostPath volume.",
		"Prefer a PersistentVolumeClaim or an emptyDir; keep hostPath only for node agents.",
		"Data on the node's disk stays per node, as in ECS. hostPath is rejected by Pod Security baseline and not available on EKS Fargate."},
	{ECSVolumeDocker, Warning, "A Docker volume is approximated.",
		"Check the volume type in the message: a task-scoped volume is an emptyDir; a shared one became a PersistentVolumeClaim, which pins the app to one node with a ReadWriteOnce storage class.",
		"dockerVolumeConfiguration volumes are managed by a Docker volume driver. A task-scoped volume lives as long as the task: an emptyDir. A shared volume outlives tasks and is node-local; the nearest equivalent is a PersistentVolumeClaim (1Gi unless you change it). Driver options and labels are not carried."},
	{ECSVolumeEFS, Warning, "An EFS volume becomes a PersistentVolumeClaim of the EFS CSI driver; defaults differ.",
		"Install the EFS CSI driver, create the PersistentVolume named in the output's findings, and check encryption in transit and IAM authorization.",
		"The volume is mounted through the aws-efs-csi-driver with volumeHandle FILESYSTEM[:PATH][:ACCESSPOINT]. Defaults flip: ECS transitEncryption defaults to DISABLED while the CSI driver encrypts in transit unless the PersistentVolume says encryptInTransit: \"false\". ECS authorizationConfig.iam used the task role; the CSI driver's iam mount option uses the CSI node pod's identity."},
	{ECSVolumeUnsupported, Error, "A volume type has no Kubernetes equivalent kubelift can produce.",
		"Provision the storage in Kubernetes (an SMB CSI driver for FSx for Windows, a PersistentVolumeClaim for EBS) and replace the emptyDir stand-in.",
		"FSx for Windows File Server volumes and volumes configured at launch (EBS attached by the service) are not converted. The mounts are kept on an emptyDir so the pod is valid, but the data is not there."},
	{ECSVolumesFrom, Warning, "volumesFrom is approximated by sharing the source container's volumes.",
		"If the source container ships data in its image (Dockerfile VOLUME), add an init container that copies it into a shared emptyDir.",
		"volumesFrom mounted every volume of another container. The source container's declared mount points are mounted at the same paths; volumes its image declares cannot be shared in Kubernetes."},
	{ECSTaskRole, Warning, "The task role becomes a ServiceAccount for IAM Roles for Service Accounts; its trust policy must change.",
		"Let the role trust the cluster's OIDC provider (sts:AssumeRoleWithWebIdentity for this namespace and ServiceAccount), or use EKS Pod Identity (an association instead of the annotation).",
		"ECS task roles trust ecs-tasks.amazonaws.com. The ServiceAccount carries the eks.amazonaws.com/role-arn annotation (IRSA); the role works only once its trust policy allows the cluster's OIDC provider. EKS Pod Identity needs no annotation but a PodIdentityAssociation and a trust for pods.eks.amazonaws.com."},
	{ECSExecutionRole, Info, "The execution role has no pod-level equivalent.",
		"Give image pulls to the node role (or imagePullSecrets), secret sync to the External Secrets Operator's identity, and log shipping to the log agent's identity.",
		"ECS used the execution role to pull images, read secrets and write logs. In Kubernetes these permissions split across the node, the secret-sync controller and the log agent. Do not attach the execution role to the app's ServiceAccount."},
	{ECSNetworkMode, Warning, "The task's network mode changes how containers reach each other.",
		"Read the message: under bridge, containers that talked via links or container names now use localhost; host networking is rarely allowed.",
		"A pod is one network namespace, as awsvpc was. Under bridge each container had its own namespace (and could reuse a port); in a pod they share localhost. host becomes hostNetwork: true, which Pod Security baseline rejects and EKS Fargate does not run. none has no equivalent: the pod gets a network."},
	{ECSHostPort, Info, "A hostPort is not carried over; the Service port takes its place.",
		"Nothing to do, unless clients reached the node's port directly (then use a NodePort or LoadBalancer Service).",
		"In bridge mode a static hostPort published the container on the instance; in Kubernetes clients reach pods through a Service, whose port is set to the hostPort and targets the containerPort. A hostPort on the pod would pin one pod per node. Under awsvpc, ECS requires hostPort to equal containerPort."},
	{ECSPortCollision, Error, "Two containers of the task listen on the same port.",
		"Change one container's port: in a pod every container shares one network namespace.",
		"Under bridge networking each container had its own network namespace, so two containers could both listen on 8080. In a pod the second one fails to bind. The Service exposes the first."},
	{ECSPortRange, Error, "A containerPortRange cannot be expressed.",
		"List the ports individually.",
		"Kubernetes container ports and Service ports are single ports; ranges are not supported, so the range is not exposed."},
	{ECSPlacement, Warning, "A placement constraint or strategy is approximated or not carried over.",
		"Check the node affinity and spread in the output; label the nodes with the attributes the constraints used.",
		"memberOf expressions on ecs.instance-type, ecs.availability-zone, ecs.os-type, ecs.cpu-architecture and custom attributes become required node affinity on the matching node labels. Regular expressions (=~), task groups and or-combinations have no label-selector form. distinctInstance becomes pod anti-affinity per node, spread becomes a topology spread constraint (best effort), binpack is a scheduler profile, not a pod field. Fargate ignored placement constraints, so they are not carried over for Fargate tasks."},
	{ECSRuntimePlatform, Info, "runtimePlatform becomes a node selector.",
		"Make sure the image is built for the node's architecture (or is multi-arch).",
		"cpuArchitecture selects kubernetes.io/arch and operatingSystemFamily kubernetes.io/os (plus node.kubernetes.io/windows-build for a Windows Server version)."},
	{ECSProcessNamespaces, Warning, "pidMode or ipcMode is carried over or has no equivalent.",
		"Read the message: sharing the host's namespaces is rejected by Pod Security baseline.",
		"pidMode task shares processes between the task's containers (shareProcessNamespace); host shares the node's (hostPID). Containers in a pod always share the IPC namespace, so ipcMode task needs nothing; host becomes hostIPC; none has no equivalent."},
	{ECSEphemeralStorage, Warning, "Fargate ephemeral storage becomes an ephemeral-storage request and limit.",
		"Check the size: a pod that writes more than its limit is evicted.",
		"ephemeralStorage.sizeInGiB sized the Fargate task's disk; writing past it failed with a full disk. In Kubernetes the main container requests and is limited to that much local storage, and exceeding the limit evicts the pod."},
	{ECSProxyConfiguration, Warning, "App Mesh proxy configuration is not carried over.",
		"Use your service mesh's sidecar injection (App Mesh controller, Istio, Linkerd) instead.",
		"proxyConfiguration told ECS to route the task's traffic through an Envoy container for App Mesh. In Kubernetes a mesh injects and configures its own proxy; nothing of this configuration applies."},
	{ECSUnsupported, Error, "A task setting has no Kubernetes equivalent.",
		"Replace the feature as the message suggests, or drop it if it is no longer needed.",
		"Some ECS features (Elastic Inference accelerators, Windows gMSA credential specs without the Windows gMSA webhook) cannot be expressed in a Deployment. The rest of the task is converted."},
	{ECSGPU, Info, "GPUs become an nvidia.com/gpu limit.",
		"Install the NVIDIA device plugin (or GPU operator) and schedule onto GPU nodes.",
		"resourceRequirements GPU reserved whole GPUs on a GPU instance. Kubernetes exposes them through a device plugin as the extended resource nvidia.com/gpu."},
	{ECSRepositoryCreds, Warning, "Private registry credentials become an imagePullSecret that must be created.",
		"Create a kubernetes.io/dockerconfigjson Secret with the credentials (an ExternalSecret with a template can sync it from Secrets Manager).",
		"repositoryCredentials named a Secrets Manager secret with the registry user and password. Kubernetes pulls with imagePullSecrets; the Secret is named in the output but not created."},
	{ECSRestartPolicy, Info, "A container restart policy is replaced by Kubernetes' own.",
		"Nothing to do unless ignoredExitCodes mattered (a container that exits with one of them is restarted anyway).",
		"ECS container restart policies restart an exited container in place, with exit codes to ignore and a minimum run time. Kubernetes always restarts containers of a Deployment, with exponential back-off; ignored exit codes cannot be expressed."},
	{ECSDNS, Warning, "Container DNS settings become pod DNS settings.",
		"Check that the extra name servers resolve cluster names, or drop them.",
		"dnsServers and dnsSearchDomains were per container and replaced Docker's resolver configuration; pod dnsConfig adds them after the cluster DNS (dnsPolicy None would replace it, losing Service names). hostname and extraHosts become the pod's hostname and hostAliases."},
	{ECSSysctls, Warning, "systemControls become pod sysctls.",
		"Unsafe sysctls (most of net.core.*, kernel.*) must be allowed on the kubelet (--allowed-unsafe-sysctls) or the pod is rejected.",
		"systemControls set kernel parameters for the container (task-wide under awsvpc). Kubernetes sets them per pod; only a few are safe by default. A name that is not a sysctl is left out."},
	{ECSSecurityOptions, Warning, "A dockerSecurityOptions entry has no direct equivalent.",
		"Set the securityContext field named in the message by hand.",
		"no-new-privileges becomes allowPrivilegeEscalation: false, apparmor:PROFILE an appArmorProfile and label:… SELinux options. Other options (credentialspec, label:disable) are not carried over."},
	{ECSLinks, Info, "Container links become localhost.",
		"Point the app at localhost:PORT instead of the link alias.",
		"links let containers reach each other by name under bridge networking. In a pod all containers share localhost, and the alias no longer resolves."},
	{ECSFieldNotCarried, Info, "Fields with no effect on Kubernetes objects are not carried over.",
		"Nothing to do.",
		"Tags, ECS-managed tags, platform versions, cluster names, the service's IAM role for the classic load balancer and similar fields describe the ECS deployment itself. They are listed once so that nothing is dropped silently."},
	{ECSTemplatePlaceholder, Warning, "A value holds a placeholder of a templating tool.",
		"Render the file with its tool (ecspresso render, the sed script, envsubst) and convert the result, or edit the value in the output.",
		"Deployment tools such as ecspresso ({{ env `TAG` }}), copilot or sed scripts ($$ACCOUNT_ID$$, ${Region}) fill these in before AWS sees the file. kubelift copies the text as it is, so the output still holds the placeholder."},
	{ECSBareContainers, Info, "A file holds container definitions only.",
		"Pass the task definition or the Terraform that uses these definitions, so that network mode, roles, task cpu and memory and volumes are known.",
		"Without the task definition around them, the containers are converted as one pod with awsvpc networking and no task-level settings."},
	{ECSServiceTaskMissing, Error, "A service's task definition is not among the inputs.",
		"Pass the task definition too (describe-task-definition output, or the template or Terraform that defines it).",
		"A service only says how many copies of a task run and how they are deployed; the containers are in the task definition. Without it there is nothing to deploy, so no Deployment is emitted for the service."},
	{ECSTaskWithoutService, Info, "A task definition without a service becomes a Deployment with one replica.",
		"If the task runs once or on a schedule (run-task, EventBridge), turn the Deployment into a Job or CronJob.",
		"No ECS service among the inputs runs this task definition, so its desired count, rollout and load balancers are unknown."},
	{ECSRollout, Info, "The deployment configuration becomes a rolling update.",
		"Nothing to do; the message says how percentages are rounded.",
		"maximumPercent (default 200) becomes maxSurge = maximumPercent − 100 and minimumHealthyPercent (default 100) maxUnavailable = 100 − minimumHealthyPercent. ECS rounds the maximum number of tasks down and Kubernetes rounds maxSurge up, so with a fixed desired count the surge is written as the exact number of pods; with autoscaling it stays a percentage. maximumPercent 100 with minimumHealthyPercent 0 is a Recreate strategy."},
	{ECSRolloutStuck, Warning, "maximumPercent 100 with minimumHealthyPercent 100 cannot roll out.",
		"Allow a surge (maximumPercent above 100) or some unavailability.",
		"ECS cannot start a new task without stopping an old one here, and Kubernetes refuses maxSurge = maxUnavailable = 0. The output allows one extra pod during a rollout."},
	{ECSCircuitBreaker, Warning, "Automatic rollback (circuit breaker, CloudWatch alarms) is not carried over.",
		"Use Argo Rollouts or Flagger for automatic rollback, or have CI run kubectl rollout undo when kubectl rollout status fails.",
		"ECS rolled back a deployment when too many tasks failed to start or an alarm fired. A Deployment only marks itself Progressing=False after progressDeadlineSeconds; nothing rolls back by itself."},
	{ECSDeploymentController, Warning, "A blue/green or external deployment controller is not carried over.",
		"Use Argo Rollouts (blueGreen or canary) or two Deployments behind a switched Service selector.",
		"CODE_DEPLOY, EXTERNAL and ECS blue/green, linear and canary deployments shift traffic between task sets with test listeners, bake times and lifecycle hooks. A Deployment rolls pods in place; the output uses a rolling update."},
	{ECSGracePeriod, Info, "healthCheckGracePeriodSeconds becomes a startup probe budget.",
		"Check the startup probe's failureThreshold × periodSeconds against how long the app takes to start.",
		"ECS ignored health checks for the grace period after a task started. A startupProbe holds off the liveness probe until it succeeds, and its budget is raised to cover the grace period. Readiness still gates traffic from the start, which is usually what you want."},
	{ECSLoadBalancer, Info, "A load balancer target becomes a Service port.",
		"Route external traffic to the Service with an Ingress or Gateway, or bind the existing target group with the AWS Load Balancer Controller's TargetGroupBinding (target type ip).",
		"The service registered a container port with a target group. The Service selects the pods and targets that port. The load balancer's listeners and rules live outside the task and service definitions and are not converted."},
	{ECSReadiness, Info, "The target group's health check becomes a readiness probe.",
		"Check the status codes: an HTTP probe succeeds on 200–399, a target group on its matcher (200 by default).",
		"Traffic in ECS was gated by the load balancer's health check; in Kubernetes a readinessProbe decides which pods receive traffic. Path, port, interval, timeout and thresholds are copied."},
	{ECSServiceDiscovery, Info, "Service discovery (Cloud Map, Service Connect, VPC Lattice) becomes cluster DNS.",
		"Point clients at SERVICE.NAMESPACE.svc.cluster.local, or run ExternalDNS / a Cloud Map controller if clients outside the cluster must resolve the name.",
		"Cloud Map and Service Connect names (svc.namespace.local) change; a Kubernetes Service gets a DNS name in the cluster."},
	{ECSNetworkConfiguration, Info, "Subnets, security groups and public IPs are node and network settings.",
		"Use NetworkPolicies or security groups for pods (VPC CNI SecurityGroupPolicy) to reproduce the security groups.",
		"awsvpcConfiguration placed each task in subnets with security groups. Pods get addresses from the cluster's network plugin; per-pod security groups and policies are configured separately."},
	{ECSCapacityProvider, Info, "Launch type and capacity providers become node selection.",
		"Select nodes with a node selector or affinity on capacity labels (eks.amazonaws.com/capacityType, karpenter.sh/capacity-type) or an EKS Fargate profile; split base and weight over two Deployments if they matter.",
		"The launch type or capacity provider strategy chose where tasks ran. Base and weight splits between on-demand and spot have no Deployment equivalent."},
	{ECSDaemonService, Error, "A DAEMON service should be a DaemonSet.",
		"Turn the emitted Deployment into a DaemonSet (one pod per node).",
		"schedulingStrategy DAEMON ran one task on every container instance. kubelift emits Deployments only, so the workload is a Deployment with one replica; replace it with a DaemonSet."},
	{ECSExecuteCommand, Info, "ECS Exec becomes kubectl exec.",
		"Grant pods/exec in RBAC to the people who used ECS Exec.",
		"enableExecuteCommand let operators open a shell in a container through SSM. kubectl exec does the same, governed by RBAC."},
	{ECSScalingUtilization, Info, "Target tracking on CPU or memory becomes an HPA utilization target.",
		"Nothing to do when every container has a request; the message says which resource.",
		"ECS utilization is usage over the service's reserved cpu or memory; HPA utilization is usage over the pods' requests. They agree because reservations became requests. ECS CPU utilization could exceed 100% (shares are not caps); so can HPA's. Memory rarely falls after load, so scale-in on memory may never happen in either."},
	{ECSScalingStep, Warning, "Step scaling has no HPA equivalent; the nearest target is named.",
		"Replace it with the target-tracking metric suggested in the message (or KEDA), then add the HPA by hand.",
		"Step scaling reacted to CloudWatch alarms with fixed capacity changes per step. An HPA keeps a metric near a target and cannot express step boundaries or ChangeInCapacity. No HPA is emitted for such a policy; the replica count stays fixed at the desired count."},
	{ECSScalingQueue, Warning, "Queue-based scaling needs an external metric (KEDA).",
		"Use KEDA's aws-sqs-queue scaler (ScaledObject) with the queue and target named in the message.",
		"Scaling on the length of an SQS queue uses a CloudWatch metric the HPA cannot read without a metrics adapter; KEDA reads it directly."},
	{ECSScalingCustomMetric, Warning, "Target tracking on a custom CloudWatch metric is not converted.",
		"Expose the metric through a metrics adapter or KEDA's aws-cloudwatch scaler and add it to the HPA.",
		"CustomizedMetricSpecification names a CloudWatch metric. An HPA can use it only as an External metric served by an adapter, which kubelift cannot assume."},
	{ECSScalingCooldown, Info, "Scaling cooldowns become HPA stabilization windows.",
		"Check behavior.scaleUp and scaleDown in the HPA; a cooldown and a stabilization window are not the same thing.",
		"A cooldown waits after a scaling activity; a stabilization window uses the most conservative recommendation over a past window. The HPA's defaults (no window for scale-up, 300 s for scale-down) are replaced by the cooldowns."},
	{ECSScalingUnlinked, Warning, "A scaling target or policy could not be matched to a service.",
		"Pass the service definition too, or check the ResourceId (service/CLUSTER/SERVICE).",
		"Application Auto Scaling names the service it scales by ResourceId. When that service is not among the inputs, or the name cannot be evaluated, the scaling is not converted."},
	{ECSScalingScheduled, Warning, "Scheduled scaling actions are not converted.",
		"Use KEDA's cron scaler, or a CronJob that patches the HPA's minReplicas.",
		"An HPA has no schedule."},
	{ECSScalingSuspended, Warning, "Suspended scaling is not carried over.",
		"Delete the HPA, or set behavior.scaleUp/scaleDown selectPolicy: Disabled, while scaling must stay suspended.",
		"SuspendedState stopped Application Auto Scaling from scaling the service. The HPA scales whenever its metrics say so."},
	{ECSScalingMinZero, Warning, "MinCapacity 0 cannot be an HPA minimum.",
		"Keep minReplicas 1, or use KEDA to scale to zero.",
		"An HPA's minReplicas must be at least 1 unless the alpha HPAScaleToZero feature is on."},
	{ECSExpansionEscaped, Info, "A literal $( or $$ is escaped so that Kubernetes does not expand it.",
		"Nothing to do.",
		"Kubernetes expands $(VAR) in command, args and env values with the container's variables, and turns $$ into $. ECS expanded nothing, so every $( and $$ is written as $$( and $$$$ to keep the value the process sees unchanged."},
	{ECSScalingNoPolicy, Warning, "A scalable target has no scaling policy that can be converted.",
		"Add a target-tracking policy on CPU or memory, or convert the scaling by hand.",
		"MinCapacity and MaxCapacity bound the replica count only when a policy scales it. Without a policy an HPA would fall back to 80% CPU, which ECS never did, so no HPA is emitted."},
}
