package kube

import (
	"slices"
	"strconv"
	"strings"

	netv1 "k8s.io/api/networking/v1"
)

// appendIngress appends the YAML of an Ingress as AppendYAML writes it, for
// the shape kubelift emits, without reflection: Ingresses are nearly all of
// a large conversion's output. ok is false, and dst unchanged, for an
// Ingress outside that shape (metadata other than name, namespace, labels
// and annotations; a default or resource backend); AppendYAML's general
// encoder writes those. TestAppendIngress and FuzzAppendIngress compare the
// two.
func appendIngress(dst []byte, ing *netv1.Ingress) ([]byte, bool) {
	m := &ing.ObjectMeta
	//lint:ignore SA1019 an Ingress that sets the deprecated field is left to the general encoder
	if m.SelfLink != "" {
		return dst, false
	}
	if m.Name == "" || m.GenerateName != "" || m.UID != "" || m.ResourceVersion != "" ||
		m.Generation != 0 || !m.CreationTimestamp.IsZero() || m.DeletionTimestamp != nil ||
		m.DeletionGracePeriodSeconds != nil || len(m.OwnerReferences) > 0 || len(m.Finalizers) > 0 || len(m.ManagedFields) > 0 ||
		ing.Spec.DefaultBackend != nil {
		return dst, false
	}
	for i := range ing.Spec.Rules {
		if h := ing.Spec.Rules[i].HTTP; h != nil {
			for j := range h.Paths {
				if h.Paths[j].Backend.Resource != nil {
					return dst, false
				}
			}
		}
	}
	b := dst
	if ing.APIVersion != "" {
		b = appendLine(b, "apiVersion: ", ing.APIVersion)
	}
	if ing.Kind != "" {
		b = appendLine(b, "kind: ", ing.Kind)
	}
	b = appendLine(b, "metadata:\n  name: ", m.Name)
	if m.Namespace != "" {
		b = appendLine(b, "  namespace: ", m.Namespace)
	}
	if len(m.Labels) > 0 {
		b = append(b, "  labels:\n"...)
		b = appendStringMap(b, "    ", m.Labels)
	}
	if len(m.Annotations) > 0 {
		b = append(b, "  annotations:\n"...)
		b = appendStringMap(b, "    ", m.Annotations)
	}
	s := &ing.Spec
	if s.IngressClassName == nil && len(s.TLS) == 0 && len(s.Rules) == 0 {
		return append(b, "spec: {}\n"...), true
	}
	b = append(b, "spec:\n"...)
	if s.IngressClassName != nil {
		b = appendLine(b, "  ingressClassName: ", *s.IngressClassName)
	}
	if len(s.TLS) > 0 {
		b = append(b, "  tls:\n"...)
		for i := range s.TLS {
			t := &s.TLS[i]
			b = append(b, "  - "...)
			lead := ""
			if len(t.Hosts) == 0 && t.SecretName == "" {
				b = append(b, "{}\n"...)
				continue
			}
			if len(t.Hosts) > 0 {
				b = append(b, "hosts:\n"...)
				for _, h := range t.Hosts {
					b = appendLine(b, "    - ", h)
				}
				lead = "    "
			}
			if t.SecretName != "" {
				b = append(b, lead...)
				b = appendLine(b, "secretName: ", t.SecretName)
			}
		}
	}
	if len(s.Rules) > 0 {
		b = append(b, "  rules:\n"...)
		for i := range s.Rules {
			r := &s.Rules[i]
			b = append(b, "  - "...)
			if r.Host == "" && r.HTTP == nil {
				b = append(b, "{}\n"...)
				continue
			}
			lead := ""
			if r.Host != "" {
				b = appendLine(b, "host: ", r.Host)
				lead = "    "
			}
			if r.HTTP != nil {
				b = append(b, lead...)
				b = appendHTTPRule(b, r.HTTP)
			}
		}
	}
	return b, true
}

// appendHTTPRule writes "http:" and the paths of a rule, at the indentation
// of a rule's keys.
func appendHTTPRule(b []byte, h *netv1.HTTPIngressRuleValue) []byte {
	switch {
	case h.Paths == nil:
		return append(b, "http:\n      paths: null\n"...)
	case len(h.Paths) == 0:
		return append(b, "http:\n      paths: []\n"...)
	}
	b = append(b, "http:\n      paths:\n"...)
	for j := range h.Paths {
		p := &h.Paths[j]
		b = append(b, "      - "...)
		if p.Path != "" {
			b = append(b, "path: "...)
			b = appendScalarString(b, p.Path)
			b = append(b, "\n        "...)
		}
		if p.PathType == nil {
			b = append(b, "pathType: null\n"...)
		} else {
			b = appendLine(b, "pathType: ", string(*p.PathType))
		}
		svc := p.Backend.Service
		if svc == nil {
			b = append(b, "        backend: {}\n"...)
			continue
		}
		b = appendLine(b, "        backend:\n          service:\n            name: ", svc.Name)
		switch port := svc.Port; {
		case port.Name == "" && port.Number == 0:
			b = append(b, "            port: {}\n"...)
		default:
			b = append(b, "            port:\n"...)
			if port.Name != "" {
				b = appendLine(b, "              name: ", port.Name)
			}
			if port.Number != 0 {
				b = append(b, "              number: "...)
				b = strconv.AppendInt(b, int64(port.Number), 10)
				b = append(b, '\n')
			}
		}
	}
	return b
}

// appendLine writes lead (indentation and key), the scalar v and a newline.
func appendLine(b []byte, lead, v string) []byte {
	b = append(b, lead...)
	b = appendScalarString(b, v)
	return append(b, '\n')
}

// appendStringMap writes the entries of m sorted by key, each on a line
// that starts with indent, as encoder.stringMap does.
func appendStringMap(b []byte, indent string, m map[string]string) []byte {
	var buf [16]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, strings.Compare)
	for _, k := range keys {
		b = append(b, indent...)
		b = appendScalarString(b, k)
		b = append(b, ':', ' ')
		b = appendScalarString(b, m[k])
		b = append(b, '\n')
	}
	return b
}
