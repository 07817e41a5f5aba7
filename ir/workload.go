package ir

// Workload describes the pods of an app: what runs, with what resources,
// configuration, identity and storage.
type Workload struct {
	// Containers run for the life of the pod, the main one first.
	Containers []Container `json:"containers"`
	// InitContainers run to completion before Containers start, in order.
	// A Sidecar init container is a native sidecar (restartPolicy Always).
	InitContainers []Container `json:"initContainers,omitempty"`
	// Volumes, sorted by Name.
	Volumes []Volume `json:"volumes,omitempty"`
	// ServiceAccount is the pod's identity; nil uses the namespace default.
	ServiceAccount *ServiceAccount `json:"serviceAccount,omitempty"`
	// NodeSelector as sorted key/value pairs.
	NodeSelector []KeyValue `json:"nodeSelector,omitempty"`
	HostNetwork  bool       `json:"hostNetwork,omitempty"`
	// HostPID and HostIPC share the node's process and IPC namespaces;
	// ShareProcessNamespace lets the pod's containers see each other's
	// processes.
	HostPID               bool `json:"hostPID,omitempty"`
	HostIPC               bool `json:"hostIPC,omitempty"`
	ShareProcessNamespace bool `json:"shareProcessNamespace,omitempty"`
	// TerminationGracePeriodSeconds; nil keeps the Kubernetes default (30).
	TerminationGracePeriodSeconds *int64 `json:"terminationGracePeriodSeconds,omitempty"`
	// Annotations of the pods, sorted by key (metadata the legacy system
	// attached to the process, e.g. Docker labels).
	Annotations []KeyValue `json:"annotations,omitempty"`
	// Sysctls are kernel parameters set for the pod, sorted by key.
	Sysctls []KeyValue `json:"sysctls,omitempty"`
	// Hostname of the pod; empty keeps the pod name.
	Hostname string `json:"hostname,omitempty"`
	// HostAliases are extra /etc/hosts entries, sorted by IP.
	HostAliases []HostAlias `json:"hostAliases,omitempty"`
	// DNS adds name servers and search domains (in the legacy order) to
	// the cluster's DNS configuration.
	DNS *DNSConfig `json:"dns,omitempty"`
	// ImagePullSecrets name the registry credentials Secrets, sorted.
	ImagePullSecrets []string `json:"imagePullSecrets,omitempty"`
	// Placement constrains the nodes the pods run on.
	Placement *Placement `json:"placement,omitempty"`
	// SecretSyncs are the Secrets to keep in sync with an external secret
	// store (emitted as ExternalSecret objects), sorted by Secret.
	SecretSyncs []SecretSync `json:"secretSyncs,omitempty"`
	Origin      Origin       `json:"origin"`
}

// Intents returns the workload's optional intents: the ones a target may
// not be able to express and must then report.
func (w *Workload) Intents() []Intent {
	var out []Intent
	if w.Placement != nil {
		out = append(out, w.Placement)
	}
	for i := range w.Volumes {
		if w.Volumes[i].Shared != nil {
			out = append(out, w.Volumes[i].Shared)
		}
	}
	for i := range w.SecretSyncs {
		out = append(out, &w.SecretSyncs[i])
	}
	return out
}

// KeyValue is a sorted-map entry.
type KeyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Container is one process of a pod.
type Container struct {
	Name  string `json:"name"`
	Image string `json:"image"`
	// Command replaces the image's entrypoint; Args its default arguments.
	Command []string `json:"command,omitempty"`
	Args    []string `json:"args,omitempty"`
	// Env in source order; values that are secrets are references.
	Env        []EnvVar        `json:"env,omitempty"`
	Ports      []Port          `json:"ports,omitempty"`
	Resources  Resources       `json:"resources"`
	Liveness   *Probe          `json:"liveness,omitempty"`
	Readiness  *Probe          `json:"readiness,omitempty"`
	Startup    *Probe          `json:"startup,omitempty"`
	Mounts     []Mount         `json:"mounts,omitempty"`
	Security   *SecurityPolicy `json:"security,omitempty"`
	WorkingDir string          `json:"workingDir,omitempty"`
	// Stdin keeps standard input open; TTY allocates a terminal.
	Stdin bool `json:"stdin,omitempty"`
	TTY   bool `json:"tty,omitempty"`
	// Sidecar marks an init container that keeps running (native sidecar).
	Sidecar bool   `json:"sidecar,omitempty"`
	Origin  Origin `json:"origin"`
}

// EnvVar is one environment variable: a literal value or a secret reference.
type EnvVar struct {
	Name   string     `json:"name"`
	Value  string     `json:"value,omitempty"`
	Secret *SecretRef `json:"secret,omitempty"`
	Origin Origin     `json:"origin"`
}

// Resources are per-container requests and limits. CPU in millicores, memory
// in MiB; 0 means unset.
type Resources struct {
	CPURequestMilli int64 `json:"cpuRequestMilli,omitempty"`
	CPULimitMilli   int64 `json:"cpuLimitMilli,omitempty"`
	MemoryRequestMi int64 `json:"memoryRequestMi,omitempty"`
	MemoryLimitMi   int64 `json:"memoryLimitMi,omitempty"`
	// GPUs is a number of whole GPUs (requested and limited alike).
	GPUs int64 `json:"gpus,omitempty"`
	// EphemeralStorageMi is local scratch space, requested and limited.
	EphemeralStorageMi int64 `json:"ephemeralStorageMi,omitempty"`
}

// Probe is a health check.
type Probe struct {
	// Exec runs a command (argv form); HTTPPath/Port an HTTP GET; TCPPort a connect.
	Exec     []string `json:"exec,omitempty"`
	HTTPPath string   `json:"httpPath,omitempty"`
	Port     int32    `json:"port,omitempty"`
	// HTTPS makes the HTTP GET use TLS.
	HTTPS               bool   `json:"https,omitempty"`
	TCPPort             int32  `json:"tcpPort,omitempty"`
	InitialDelaySeconds int32  `json:"initialDelaySeconds,omitempty"`
	PeriodSeconds       int32  `json:"periodSeconds,omitempty"`
	TimeoutSeconds      int32  `json:"timeoutSeconds,omitempty"`
	FailureThreshold    int32  `json:"failureThreshold,omitempty"`
	SuccessThreshold    int32  `json:"successThreshold,omitempty"`
	Origin              Origin `json:"origin"`
}

// Mount puts a volume into a container.
type Mount struct {
	Volume   string `json:"volume"`
	Path     string `json:"path"`
	ReadOnly bool   `json:"readOnly,omitempty"`
}

// Volume is pod storage.
type Volume struct {
	Name string `json:"name"`
	// Kind is "emptyDir", "hostPath", "pvc", "secret" or "shared" (a
	// network file system that many pods mount at once, see Shared).
	Kind string `json:"kind"`
	// HostPath for Kind hostPath; ClaimName for pvc and shared; SecretName
	// for secret.
	HostPath   string `json:"hostPath,omitempty"`
	ClaimName  string `json:"claimName,omitempty"`
	SecretName string `json:"secretName,omitempty"`
	// Medium "Memory" makes an emptyDir a tmpfs; SizeLimitMi bounds it.
	Medium      string `json:"medium,omitempty"`
	SizeLimitMi int64  `json:"sizeLimitMi,omitempty"`
	// Claim, for Kind pvc, asks for the claim to be created (otherwise it
	// must exist).
	Claim *VolumeClaim `json:"claim,omitempty"`
	// Shared describes the file system of Kind shared.
	Shared *SharedFilesystem `json:"shared,omitempty"`
	Origin Origin            `json:"origin"`
}

// VolumeClaim is a request for new persistent storage.
type VolumeClaim struct {
	// AccessMode is "ReadWriteOnce" or "ReadWriteMany".
	AccessMode string `json:"accessMode"`
	SizeMi     int64  `json:"sizeMi"`
	// StorageClass; empty uses the cluster default.
	StorageClass string `json:"storageClass,omitempty"`
}

// SharedFilesystem is an existing network file system (AWS EFS, NFS)
// mounted read-write by many pods.
type SharedFilesystem struct {
	Tracked
	// Driver is the CSI driver that mounts it ("efs.csi.aws.com").
	Driver string `json:"driver"`
	// VolumeHandle identifies the file system to the driver
	// ("fs-123", "fs-123:/path", "fs-123::fsap-456").
	VolumeHandle string `json:"volumeHandle"`
	// EncryptInTransit is whether traffic to the file system is encrypted.
	EncryptInTransit bool `json:"encryptInTransit,omitempty"`
	// IAM: the mount authorizes with an IAM identity.
	IAM bool `json:"iam,omitempty"`
}

func (*SharedFilesystem) Kind() string { return "shared file system" }

// SecurityPolicy is a container's security settings.
type SecurityPolicy struct {
	RunAsUser              *int64   `json:"runAsUser,omitempty"`
	RunAsGroup             *int64   `json:"runAsGroup,omitempty"`
	ReadOnlyRootFilesystem bool     `json:"readOnlyRootFilesystem,omitempty"`
	Privileged             bool     `json:"privileged,omitempty"`
	AddCapabilities        []string `json:"addCapabilities,omitempty"`
	DropCapabilities       []string `json:"dropCapabilities,omitempty"`
	// NoNewPrivileges forbids gaining privileges (setuid binaries).
	NoNewPrivileges bool `json:"noNewPrivileges,omitempty"`
	// AppArmorProfile is a profile loaded on the node ("localhost/NAME"),
	// "unconfined" or "runtime/default".
	AppArmorProfile string `json:"appArmorProfile,omitempty"`
	// SELinux labels the process.
	SELinux *SELinuxLabel `json:"seLinux,omitempty"`
}

// SELinuxLabel is an SELinux context.
type SELinuxLabel struct {
	User  string `json:"user,omitempty"`
	Role  string `json:"role,omitempty"`
	Type  string `json:"type,omitempty"`
	Level string `json:"level,omitempty"`
}

// ServiceAccount is a pod identity.
type ServiceAccount struct {
	Name string `json:"name"`
	// Annotations, sorted by key (e.g. eks.amazonaws.com/role-arn).
	Annotations []KeyValue `json:"annotations,omitempty"`
	Origin      Origin     `json:"origin"`
}

// HostAlias maps names to an IP address in the pods' /etc/hosts.
type HostAlias struct {
	IP        string   `json:"ip"`
	Hostnames []string `json:"hostnames"`
}

// DNSConfig is extra resolver configuration.
type DNSConfig struct {
	Nameservers []string `json:"nameservers,omitempty"`
	Searches    []string `json:"searches,omitempty"`
}

// Placement constrains where pods run.
type Placement struct {
	Tracked
	// Require are node-label requirements that must all hold, sorted by Key.
	Require []NodeRequirement `json:"require,omitempty"`
	// OnePerNode forbids two pods of the app on one node.
	OnePerNode bool `json:"onePerNode,omitempty"`
	// SpreadBy are node-label keys (topology.kubernetes.io/zone, …) the
	// pods are spread evenly across, best effort, most important first.
	SpreadBy []string `json:"spreadBy,omitempty"`
}

func (*Placement) Kind() string { return "placement" }

// NodeRequirement is one node-label condition.
type NodeRequirement struct {
	Key string `json:"key"`
	// Operator is "In", "NotIn", "Exists" or "DoesNotExist".
	Operator string `json:"operator"`
	// Values, sorted, for In and NotIn.
	Values []string `json:"values,omitempty"`
}

// SecretSync keeps a Kubernetes Secret filled from an external store.
type SecretSync struct {
	Tracked
	// Secret is the Kubernetes Secret it fills.
	Secret string `json:"secret"`
	// Provider is the store: "aws-secrets-manager" or "aws-ssm".
	Provider string `json:"provider"`
	// Data are the Secret's keys, sorted by Key.
	Data []SecretSyncData `json:"data"`
}

func (*SecretSync) Kind() string { return "secret sync" }

// SecretSyncData is one key of a synced Secret.
type SecretSyncData struct {
	// Key in the Kubernetes Secret.
	Key string `json:"key"`
	// Remote is the secret's name or ARN in the store.
	Remote string `json:"remote"`
	// Property is a JSON key inside the remote secret, if any.
	Property string `json:"property,omitempty"`
	// Version is a version stage (AWSCURRENT) or "uuid/<version-id>".
	Version string `json:"version,omitempty"`
	Origin  Origin `json:"origin"`
}
