# kubelift — the commands developers and CI run.
GO ?= go
FUZZTIME ?= 5m

.PHONY: test lint golden bench fuzz build apivalidation

## test: what CI runs (.ci/run): formatting, vet, every test of the main
## module, then the API-server validation of every golden and corpus output.
test:
	@unformatted="$$(gofmt -l . )"; if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test ./...
	$(MAKE) apivalidation

## apivalidation: every golden and corpus output through kube-apiserver's
## own validation (nested module test/apivalidation, k8s.io/kubernetes).
apivalidation:
	cd test/apivalidation && $(GO) vet ./... && $(GO) test -count=1 ./...

## lint: gofmt, vet and staticcheck.
lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l .; exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

## golden: rewrite every testdata/<format>/<case>/want/ (review the diff!).
golden:
	$(GO) test -run 'TestGolden' -update .

## bench: the benchmarks and the end-to-end timing script.
bench:
	./scripts/bench.sh

## fuzz: run each fuzz target for $(FUZZTIME).
fuzz:
	$(GO) test ./parser/nginx -run XXX -fuzz FuzzParse -fuzztime $(FUZZTIME)
	$(GO) test ./parser/ecs -run XXX -fuzz FuzzParse -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./translate/nginx -run XXX -fuzz FuzzChunked -fuzztime $(FUZZTIME)
	$(GO) test . -run XXX -fuzz FuzzConvert -fuzztime $(FUZZTIME)

build:
	$(GO) build -o bin/kubelift ./cmd/kubelift
