package diag

// Codes of the workload emitters (emit/…): workload intents a target
// expresses only with help, approximately, or not at all.
const (
	WorkloadSharedVolume     Code = "workload-shared-volume"
	WorkloadSecretCreate     Code = "workload-secret-create"
	WorkloadSecretStore      Code = "workload-secret-store"
	WorkloadScalingMetric    Code = "workload-scaling-metric"
	WorkloadScalingRequest   Code = "workload-scaling-request"
	WorkloadReplicasOmitted  Code = "workload-replicas-omitted"
	WorkloadPlacementPartial Code = "workload-placement"
	WorkloadPrivileged       Code = "workload-privileged"
)

var workloadCodes = []CodeInfo{
	{WorkloadSharedVolume, Warning, "A shared file system needs a PersistentVolume that is not emitted.",
		"Create the PersistentVolume described in the message (CSI driver and volumeHandle); the emitted PersistentVolumeClaim binds to it by name.",
		"A network file system that already exists (an EFS file system) is mounted through a statically provisioned PersistentVolume: cluster-scoped, naming the CSI driver and the file system in volumeHandle. kubelift emits the PersistentVolumeClaim (ReadWriteMany, no storage class, volumeName set) and describes the PersistentVolume in this finding, because cluster-scoped storage is usually owned by whoever runs the cluster."},
	{WorkloadSecretCreate, Info, "Containers read Secrets that must be created.",
		"Create each Secret with the keys listed (kubectl create secret generic NAME --from-literal=KEY=…), or convert with --secrets=external-secrets.",
		"Secret values never appear in kubelift's output. The containers refer to Secrets by name and key; someone has to put the values there, by hand, with a sealed secret, or with the External Secrets Operator."},
	{WorkloadSecretStore, Info, "ExternalSecrets refer to a ClusterSecretStore that must exist.",
		"Install the External Secrets Operator and create the ClusterSecretStore named in the message, authenticated with an identity that may read the secrets (IRSA or Pod Identity).",
		"Each ExternalSecret names its store; kubelift uses one ClusterSecretStore per AWS service (Secrets Manager, Parameter Store). The store holds the region and the credentials, which the task's execution role used to have."},
	{WorkloadScalingMetric, Warning, "An autoscaling metric cannot be expressed by a HorizontalPodAutoscaler; the nearest equivalent is named.",
		"Serve the metric with a metrics adapter or KEDA and add it to the HPA by hand.",
		"The HPA emitted scales on CPU and memory utilization, which the cluster's metrics server provides. Request counts per target and other load-balancer or CloudWatch metrics need an External metrics adapter (KEDA aws-cloudwatch, prometheus-adapter with the ingress controller's request rate)."},
	{WorkloadScalingRequest, Warning, "A utilization metric needs a request on every container.",
		"Add the missing resource request, or scale on the main container only (type ContainerResource).",
		"HPA utilization is computed over the requests of all containers of the pod; a container without a request for the resource makes the HPA unable to compute it."},
	{WorkloadReplicasOmitted, Info, "replicas is left out because a HorizontalPodAutoscaler manages it.",
		"Nothing to do; the HPA's minReplicas applies when the Deployment is created.",
		"With GitOps tools, a replicas field in the Deployment resets the scale on every sync and fights the HPA."},
	{WorkloadPrivileged, Error, "A privileged container is emitted unprivileged.",
		"If the cluster allows privileged pods (kube-apiserver --allow-privileged, a Pod Security level of privileged), add securityContext.privileged: true; otherwise give the container the specific capabilities it needs.",
		"A privileged container can do almost anything on its node. kube-apiserver refuses such pods unless it was started with --allow-privileged, and Pod Security baseline and restricted refuse them too, so emitting it would make the whole Deployment fail to apply on a default cluster. The container is emitted without it; processes that need it (Docker-in-Docker, device access) will fail until you add it back where allowed."},
	{WorkloadPlacementPartial, Warning, "A placement intent is expressed only in part.",
		"Check the pod's affinity and topology spread constraints.",
		"The target could express some of the node requirements and spreading of the legacy placement, not all."},
}
