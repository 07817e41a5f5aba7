// Package schemas holds kubelift's CUE schemas, embedded, and the two
// checks built on them: Validate checks the intermediate representation
// against its schema before anything is emitted, and Policies check the
// emitted objects against the user's own rules (kubelift convert --policy).
//
// # Schemas
//
// The *.cue files of this directory form one CUE package, kubelift:
// common.cue holds shared definitions (#DNSLabel, #PortNumber, …), ir.cue
// the schema of an ir.Project as encoding/json writes it (#Project and one
// definition #T per IR type T). The schema of the kubelift.yaml migration
// file will be one more file beside them. Source and Files return the text,
// for `kubelift schema`; a finding names the file and line of the rule it
// breaks. The comment just above a constraint states the rule; findings
// quote it.
//
// # Validate
//
// Validate reports each violation as a diag.SchemaViolation at the legacy
// origin of the nearest enclosing IR node (the Pos of its Origin), with the
// IR path (apps[2].ports[0].port) and the schema rule and position in the
// message, and returns the apps and sites that are invalid; the caller
// emits nothing for those (Invalid.Prune).
//
// CUE costs some microseconds per value it unifies, and a fleet of 10,000
// nginx servers is over a million values as one #Project: far too slow.
// So Validate checks the same constraints in parts:
//
//   - The project is split into parts: the project's own fields, each app,
//     its workload, ports, endpoints and intents, each site, its hosts,
//     listeners, TLS certificates and routes, and each route intent. Each
//     part is checked against the constraint at its place in #Project. The
//     constraints that relate parts (unique names, route backends that name
//     an app and one of its ports) are #References, checked on a
//     projection of names, ports and backends, in buckets of names.
//   - A field that no other constraint of its part reads (found by reading
//     the schema's syntax, see analyze.go) is checked on its own: its
//     distinct values against its constraint. Its part is then sent with a
//     valid value in its place; a field that accepts any value of its Go
//     type is sent as the zero value. Origins are not sent at all. An
//     occurrence whose value failed is sent as it is: CUE finds an invalid
//     field absent (x != _|_ is false), and a check that tests presence
//     must see what whole-project validation sees.
//   - The same goes below the fields of a part (nested.go): where the
//     constraints of a part read only some paths of a field that holds a
//     struct or a list of structs (c.name in `for c in containers`; a
//     presence test or len reads no value), or the field is a column with
//     no fast path, its struct (or each element) gets modes of its own,
//     and a field that nothing reads, at any level above, is a nested
//     column (containers[].image, serviceAccount.name). The analysis
//     follows names, selectors, for clauses and len in the syntax, and
//     gives up on a level at anything else (an alias, a pattern label, a
//     list whose first elements differ from the rest, a reference it
//     cannot resolve), keeping the field whole. So the workloads of 1,000
//     apps, which differ only in images, environment values and secret
//     names, are one part.
//   - Equal parts are checked once. With names, hosts and paths taken out,
//     the 50,000 routes of a fleet are a few dozen distinct parts.
//   - Parts go to CUE in lists of 64, as Go values (cue.Context.Encode, no
//     JSON parsing), over runtime.GOMAXPROCS goroutines, each with its own
//     cue.Context and compiled schema.
//
// This is equivalent to validating the whole project as one value, as long
// as a constraint relates only fields of one part; ir.cue says so, and the
// tests check it by breaking every field of a fully populated project and
// comparing with whole-project validation.
//
// # The fast path
//
// Even so, a fleet has tens of thousands of distinct names and hosts, and
// CUE costs some microseconds for each. So the schema is shaped for speed
// (see the conventions in common.cue), and Validate reads it:
//
//   - The constraint of a column is compiled from the schema's syntax into
//     a Go predicate when it is made only of things Go evaluates exactly:
//     the types string, bool, int and sized ints, literals, =~ and !~ with
//     a literal pattern (CUE's regular expressions are Go's RE2, matched
//     unanchored like MatchString), bounds with a literal, & and |, lists,
//     references to definitions made of those, and closed definitions
//     whose checks are `if` guards comparing fields to literals or testing
//     their presence, around error(…). A value the predicate accepts is
//     valid; every other value goes to CUE, as does every value of a
//     column whose constraint is not understood (an unknown construct, or
//     a conjunct found elsewhere than where the analysis looks), so the
//     findings are CUE's own. The predicate only ever says yes for sure
//     (fast.go; TestFastAgreesWithCUE compares it with CUE on good and bad
//     values of every column). Patterns run as DFAs over ASCII (dfa.go),
//     and on anything else as regexp.
//   - #References has a model in Go (references.go): a bucket with unique
//     names whose backends name an app and one of its ports is not sent
//     to CUE; a bucket where the model sees a problem is, and CUE reports
//     it. The model is trusted only for the text of #References it was
//     written for (a digest), and TestReferencesModel checks it against
//     CUE.
//   - The analysis of the schema (which fields are columns, their
//     predicates) is done once per process: the schema is embedded.
//   - The nodes of each kind are listed together; the columns are gathered
//     (and their predicates run) and the parts deduplicated on GOMAXPROCS
//     goroutines, with a binary key rather than JSON; the schemas compile
//     and the #References buckets are made while the project is walked.
//
// On the 10,000-server nginx fleet, no column value and no #References
// bucket reaches CUE: only the few dozen distinct parts do; on an estate
// of 1,000 apps with workloads, only the handful of distinct parts (one
// workload) do, and Validate costs less than emitting the manifests.
//
// # Policies
//
// A policy file is CUE with a top-level struct policy whose fields are
// kinds; every emitted object of that kind must unify with the value:
//
//	// Every container of a Deployment has a memory limit.
//	policy: Deployment: spec: template: spec: containers: [...{
//		resources: limits: memory!: _
//	}]
//
//	policy: Ingress: spec: rules?: [...{
//		// An Ingress rule names a host under example.com.
//		host!: =~"\\.example\\.com$"
//	}]
//
// Use field! to require a field, field? to constrain it only when present,
// and plain field: when the object always has it. A pattern constraint
// applies to several kinds: policy: [=~"^(Deployment|StatefulSet)$"]: ….
// Several files may be given; their policies are unified, and must not
// conflict. LoadPolicies reports a file that does not compile, or declares
// no policy, as PolicyErrors with positions (kubelift exits 2).
//
// Check reports each violation as diag.PolicyViolation with the object's
// kind and name, the field path in the object and the policy's
// file:line:col (and the rule from the comment above it). A policy field
// the object's Go type does not have (spec.template.spec.container) would
// silently match nothing; Check reports it once as diag.PolicyUnknownField,
// with a suggestion. A policy that only names fields and constrains them
// (no references to other fields, comprehensions or definitions) is checked
// on just the fields it names, each distinct projection once; other
// policies see whole objects, which is slower but sees everything.
//
// Nothing here prints or exits. The only global state is what Validate
// reads once from the embedded schema (its columns, their predicates, the
// compiled patterns), which never changes. A Policies value is not safe
// for concurrent use.
package schemas
