package kubelift_test

import (
	"context"
	"fmt"
	"log"

	"github.com/kubelift/kubelift"
	"github.com/kubelift/kubelift/diag"
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
	// 0 errors, 5 warnings, 11 notes
}
