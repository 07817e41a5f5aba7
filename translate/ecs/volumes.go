package ecs

import (
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// volumes maps the task's volumes: host paths, Docker volumes, EFS.
func (b *builder) volumes() {
	for _, v := range b.td.Volumes {
		if !known(v.Name) || v.Name.V == "" {
			continue
		}
		name := b.volNames.Name("volume:"+v.Name.V, v.Name.V)
		b.volRename[v.Name.V] = name
		vol := ir.Volume{Name: name, Kind: "emptyDir", Origin: origin(v.Pos, "volume "+v.Name.V)}
		switch {
		case v.EfsVolumeConfiguration != nil:
			b.efs(&vol, v)
		case v.FsxWindowsFileServerVolumeConfiguration.Set:
			b.add(diag.ECSVolumeUnsupported, v.FsxWindowsFileServerVolumeConfiguration.Pos, "volume %s is an FSx for Windows File Server share; an emptyDir stands in for it: mount the share with an SMB CSI driver", v.Name.V)
		case v.ConfiguredAtLaunch.V:
			b.add(diag.ECSVolumeUnsupported, v.ConfiguredAtLaunch.Pos, "volume %s is configured at launch (an EBS volume the service attaches); an emptyDir stands in for it: use a PersistentVolumeClaim (a StatefulSet for one volume per pod)", v.Name.V)
		case v.DockerVolumeConfiguration != nil:
			b.dockerVolume(&vol, v)
		case v.Host != nil && known(v.Host.SourcePath) && v.Host.SourcePath.V != "":
			vol.Kind, vol.HostPath = "hostPath", v.Host.SourcePath.V
			b.add(diag.ECSVolumeHost, v.Host.SourcePath.Pos, "volume %s mounts %s of the node (hostPath); the data stays per node, and Pod Security baseline and EKS Fargate reject hostPath", v.Name.V, vol.HostPath)
		case known(v.HostPath) && v.HostPath.V != "":
			vol.Kind, vol.HostPath = "hostPath", v.HostPath.V
			b.add(diag.ECSVolumeHost, v.HostPath.Pos, "volume %s mounts %s of the node (hostPath); the data stays per node, and Pod Security baseline and EKS Fargate reject hostPath", v.Name.V, vol.HostPath)
		}
		// A volume with no configuration is a Docker-managed scratch
		// directory that lives with the task: an emptyDir.
		b.w.Volumes = append(b.w.Volumes, vol)
	}
}

func (b *builder) efs(vol *ir.Volume, v *pe.Volume) {
	e := v.EfsVolumeConfiguration
	fs := e.FileSystemId.V
	root := ""
	if known(e.RootDirectory) && e.RootDirectory.V != "/" && e.RootDirectory.V != "" {
		root = e.RootDirectory.V
	}
	ap, iam := "", false
	if a := e.AuthorizationConfig; a != nil {
		ap = a.AccessPointId.V
		iam = a.Iam.Set && a.Iam.V == "ENABLED"
	}
	handle := fs
	if root != "" || ap != "" {
		handle += ":" + root
	}
	if ap != "" {
		handle += ":" + ap
	}
	tls := e.TransitEncryption.Set && e.TransitEncryption.V == "ENABLED"
	vol.Kind = "shared"
	vol.ClaimName = ir.DNSLabel(b.app.Name + "-" + vol.Name)
	vol.Shared = &ir.SharedFilesystem{Driver: "efs.csi.aws.com", VolumeHandle: handle, EncryptInTransit: tls, IAM: iam}
	vol.Shared.Origin = origin(e.Pos, "efsVolumeConfiguration of volume "+v.Name.V)
	var notes []string
	if tls {
		notes = append(notes, "transit encryption stays on (the CSI driver's default)")
	} else {
		notes = append(notes, "transit encryption was off (the ECS default) while the CSI driver encrypts by default: the PersistentVolume must say encryptInTransit: \"false\" to keep it off")
	}
	if iam {
		notes = append(notes, "IAM authorization used the task role in ECS; the CSI driver's iam mount option uses the CSI node pod's identity")
	}
	if e.TransitEncryptionPort.Set {
		notes = append(notes, "transitEncryptionPort is not carried over")
	}
	b.add(diag.ECSVolumeEFS, e.Pos, "EFS file system %s (volume %s) is mounted through PersistentVolumeClaim %s of the EFS CSI driver (volumeHandle %s); %s", fs, v.Name.V, vol.ClaimName, handle, strings.Join(notes, "; "))
}

func (b *builder) dockerVolume(vol *ir.Volume, v *pe.Volume) {
	d := v.DockerVolumeConfiguration
	scope := "task"
	if known(d.Scope) {
		scope = d.Scope.V
	}
	var extra []string
	if known(d.Driver) && d.Driver.V != "" && d.Driver.V != "local" {
		extra = append(extra, "driver "+d.Driver.V)
	}
	if len(d.DriverOpts.Entries) > 0 {
		extra = append(extra, "driver options")
	}
	if len(d.Labels.Entries) > 0 {
		extra = append(extra, "labels")
	}
	lost := ""
	if len(extra) > 0 {
		lost = "; its " + strings.Join(extra, ", ") + " are not carried over"
	}
	if scope != "shared" {
		if lost != "" {
			b.add(diag.ECSVolumeDocker, d.Pos, "task-scoped Docker volume %s becomes an emptyDir%s", v.Name.V, lost)
		}
		return
	}
	vol.Kind = "pvc"
	vol.ClaimName = ir.DNSLabel(b.app.Name + "-" + vol.Name)
	if d.Autoprovision.Set && !d.Autoprovision.V {
		b.add(diag.ECSVolumeDocker, d.Pos, "shared Docker volume %s had to exist on the instance (autoprovision false); it becomes PersistentVolumeClaim %s, which must exist too%s", v.Name.V, vol.ClaimName, lost)
		return
	}
	vol.Claim = &ir.VolumeClaim{AccessMode: "ReadWriteOnce", SizeMi: 1024}
	b.add(diag.ECSVolumeDocker, d.Pos, "shared Docker volume %s outlived tasks on one instance; it becomes PersistentVolumeClaim %s (ReadWriteOnce, 1Gi: set the size), which keeps every replica on one node%s", v.Name.V, vol.ClaimName, lost)
}
