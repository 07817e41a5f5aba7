package kubelift_test

import (
	"context"
	"fmt"
	"log"

	"github.com/kubelift/kubelift"
	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/schemas"
)

// A program that imports kubelift converts the bundled example and lists
// the manifests and how many findings of each severity it produced.
// Convert writes nothing: the caller decides where the files go.
func Example() {
	res, err := kubelift.Convert(context.Background(), kubelift.Options{
		Inputs:           []string{"examples/shop"},
		Namespace:        "shop",
		IngressClassName: "nginx",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range res.Objects {
		fmt.Printf("%-8s %-26s %s\n", o.Kind, o.Name, o.Path)
	}
	var n [3]int
	for _, d := range res.Diagnostics {
		n[d.Severity]++
	}
	fmt.Printf("%d errors, %d warnings, %d notes\n", n[diag.Error], n[diag.Warning], n[diag.Info])
	// Output:
	// Service  api                        api/service.yaml
	// Service  storefront                 storefront/service.yaml
	// Ingress  shop-example-com           shop-example-com/ingress-shop-example-com.yaml
	// Ingress  shop-example-com-admin     shop-example-com/ingress-shop-example-com-admin.yaml
	// Ingress  shop-example-com-api       shop-example-com/ingress-shop-example-com-api.yaml
	// Ingress  shop-example-com-ws        shop-example-com/ingress-shop-example-com-ws.yaml
	// 0 errors, 5 warnings, 14 notes
}

// A platform team's rules, written in CUE, are checked against every
// emitted object: here the shipped example policy that every Ingress host
// is under example.com, which the bundled shop passes, and a team rule it
// breaks. Violations are diagnostics like any other finding.
func Example_policies() {
	policies, err := schemas.ParsePolicies([]schemas.PolicySource{{
		Name: "team.cue",
		Data: []byte(`policy: Ingress: metadata: annotations?: {
	// Uploads are limited to 1m.
	"nginx.ingress.kubernetes.io/proxy-body-size"?: "1m"
}
`)}})
	if err != nil {
		log.Fatal(err)
	}
	example, err := schemas.LoadPolicies([]string{"examples/policies/ingress-hosts.cue"})
	if err != nil {
		log.Fatal(err)
	}
	for _, ps := range []*schemas.Policies{example, policies} {
		res, err := kubelift.Convert(context.Background(), kubelift.Options{
			Inputs:   []string{"examples/shop"},
			Policies: ps,
		})
		if err != nil {
			log.Fatal(err)
		}
		violations := 0
		for _, d := range res.Diagnostics {
			if d.Code == diag.PolicyViolation {
				violations++
				fmt.Println(d.Pos, d.Message)
			}
		}
		fmt.Println(len(res.Objects), "objects,", violations, "policy violations")
	}
	// Output:
	// 6 objects, 0 policy violations
	// examples/shop/nginx.conf:23:5 Ingress shop-example-com, metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]: conflicting values "1m" and "10m": uploads are limited to 1m (policy team.cue:3:50)
	// examples/shop/nginx.conf:23:5 Ingress shop-example-com-admin, metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]: conflicting values "1m" and "10m": uploads are limited to 1m (policy team.cue:3:50)
	// examples/shop/nginx.conf:23:5 Ingress shop-example-com-api, metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]: conflicting values "1m" and "10m": uploads are limited to 1m (policy team.cue:3:50)
	// examples/shop/nginx.conf:23:5 Ingress shop-example-com-ws, metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]: conflicting values "1m" and "10m": uploads are limited to 1m (policy team.cue:3:50)
	// 6 objects, 4 policy violations
}
