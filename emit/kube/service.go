package kube

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
)

// app emits the Service (and, with a workload, the Deployment) of an app.
func (e *emitter) app(a *ir.App) {
	if len(a.Ports) > 0 {
		e.service(a)
	}
	if a.Workload != nil {
		e.workload(a)
	}
	if len(a.Endpoints) > 0 && a.Workload == nil && !e.rep.Skip(diag.BackendReplaced, a.Origin.Pos) {
		var addrs []string
		var rel []diag.Pos
		for _, ep := range a.Endpoints {
			addrs = append(addrs, ep.Address)
			rel = append(rel, ep.Origin.Pos)
		}
		ports := make([]string, len(a.Ports))
		for i, p := range a.Ports {
			ports[i] = fmt.Sprint(targetPort(p))
		}
		d := diag.New(diag.BackendReplaced, a.Origin.Pos,
			"Service %s stands for %s; run the app as pods labelled app.kubernetes.io/name=%s listening on port %s",
			a.Name, strings.Join(addrs, ", "), a.Name, strings.Join(ports, ", "))
		if len(rel) > 1 || (len(rel) == 1 && rel[0] != a.Origin.Pos) {
			d.Related = rel
		}
		e.rep.Report(d)
	}
}

func targetPort(p ir.Port) int32 {
	if p.TargetPort != 0 {
		return p.TargetPort
	}
	return p.Port
}

func (e *emitter) service(a *ir.App) {
	svc := &corev1.Service{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{
			Name:      a.Name,
			Namespace: e.opts.Namespace,
			Labels:    e.labels(a.Name),
		},
		Spec: corev1.ServiceSpec{
			Selector: map[string]string{"app.kubernetes.io/name": a.Name},
		},
	}
	for _, p := range a.Ports {
		sp := corev1.ServicePort{
			Name:       portName(p, len(a.Ports) > 1),
			Port:       p.Port,
			TargetPort: intstr.FromInt32(targetPort(p)),
			Protocol:   corev1.Protocol(p.Protocol),
		}
		if p.AppProtocol != "" {
			ap := p.AppProtocol
			sp.AppProtocol = &ap
		}
		svc.Spec.Ports = append(svc.Spec.Ports, sp)
	}
	e.add(Object{APIVersion: "v1", Kind: "Service", Namespace: e.opts.Namespace, Name: a.Name, Owner: a.Name, Obj: svc})
}

// portName is the port's own name, or its protocol, suffixed with the port
// number when the Service has several ports. IANA service names are at most
// 15 characters.
func portName(p ir.Port, many bool) string {
	if p.Name != "" {
		return p.Name
	}
	n := "http"
	switch p.AppProtocol {
	case "https":
		n = "https"
	case "kubernetes.io/h2c", "grpc":
		n = "grpc"
	}
	if p.Protocol == "UDP" {
		n = "udp"
	}
	if many {
		n = fmt.Sprintf("%s-%d", n, p.Port)
	}
	if len(n) > 15 {
		n = n[:15]
	}
	return n
}
