package diag

// Codes of package schemas: the IR checked against its CUE schema, and the
// emitted objects checked against user policies (kubelift convert --policy).
const (
	SchemaViolation    Code = "schema-violation"
	PolicyViolation    Code = "policy-violation"
	PolicyUnknownField Code = "policy-unknown-field"
	PolicyInvalid      Code = "policy-invalid"
)

var schemaCodes = []CodeInfo{
	{SchemaViolation, Error, "The translated configuration breaks a rule of kubelift's schema; the app or site is not emitted.",
		"Fix the legacy line the finding points at; the message names the rule and the schema line that states it (kubelift schema prints the schema).",
		"After translation, kubelift checks the intermediate representation against its CUE schema (schemas/*.cue): names are DNS-1123 labels, ports are 1-65535, requests do not exceed limits, probes have one handler, environment variables named like credentials reference a Secret instead of holding the value, route backends name an existing app and port, names are unique. A violation means the legacy configuration holds a value Kubernetes would reject or that kubelift must not copy, or that a translator has a bug. Nothing is emitted for the app or site concerned, so that no half-valid object reaches a cluster; every other app and site is converted as usual. The message gives the path in the intermediate representation (apps[2].ports[0].port) and the schema rule with its file and line."},
	{PolicyViolation, Error, "An emitted object breaks a user policy.",
		"Change the legacy configuration, or the policy if it is wrong; the message names the object, the field and the policy line.",
		"kubelift convert and check take --policy FILE (repeatable): CUE files whose constraints every emitted object of a kind must satisfy, for example that every Deployment sets memory limits or that no image uses the tag latest. Each object is unified with the policy for its kind; a conflict is reported with the object's kind and name, the field path inside the object and the position of the constraint in the policy file. The object is still written; use --fail-on to make the run fail."},
	{PolicyUnknownField, Warning, "A policy constrains a field that objects of its kind do not have.",
		"Check the spelling and nesting of the field against the Kubernetes API reference (kubectl explain KIND.FIELD).",
		"A policy that names a field the object's type does not have (spec.template.spec.container instead of containers, or a misspelt key) can never apply: without this warning the policy would silently pass every object. kubelift compares the field paths a policy constrains with the fields of the Kubernetes type of that kind."},
	{PolicyInvalid, Error, "A policy file could not be loaded.",
		"Fix the CUE syntax or the constraint at the position given; run cue vet on the file to see more.",
		"A policy file must be valid CUE that declares the policies for each kind in a top-level struct named policy (policy: Deployment: {...}). A file that does not parse, does not evaluate, or declares something else is refused and the run stops with exit code 2 before anything is converted."},
}
