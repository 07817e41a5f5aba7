package ecs

import (
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pe "github.com/kubelift/kubelift/parser/ecs"
)

// Secrets: ECS secrets[] and credential-looking environment entries become
// secretKeyRefs. No secret value is ever copied into the IR or a message.

// secretSet collects the Secrets one app's containers read.
type secretSet struct {
	b *builder
	// keys[secret][key] is the remote the key holds (to detect two
	// variables of one name reading different secrets).
	keys  map[string]map[string]string
	syncs map[string]*ir.SecretSync
	count map[string]int
	first diag.Pos
}

func newSecretSet(b *builder) *secretSet {
	return &secretSet{b: b, keys: map[string]map[string]string{}, syncs: map[string]*ir.SecretSync{}, count: map[string]int{}}
}

// secretKey makes an environment variable name a valid Secret key.
func secretKey(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('_')
		}
	}
	if sb.Len() == 0 {
		return "value"
	}
	return sb.String()
}

// key reserves a key of secret for a variable; a second variable of the
// same name reading something else gets the container name appended.
func (s *secretSet) key(secret, name, container, remote string) string {
	m := s.keys[secret]
	if m == nil {
		m = map[string]string{}
		s.keys[secret] = m
	}
	k := secretKey(name)
	if prev, ok := m[k]; ok && prev != remote {
		k = secretKey(name + "." + container)
	}
	m[k] = remote
	return k
}

// remoteRef is where an ECS secret lives.
type remoteRef struct {
	provider, remote, property, version string
}

// parseValueFrom reads secrets[].valueFrom: a Secrets Manager ARN (with
// the optional :json-key:version-stage:version-id suffix), a Parameter
// Store ARN, or a parameter name in the task's region.
func (s *secretSet) parseValueFrom(vf pe.Str) remoteRef {
	v := vf.V
	if !strings.HasPrefix(v, "arn:") || len(vf.Unresolved) > 0 || isTemplated(v) {
		if strings.HasPrefix(v, "arn:") && strings.Contains(v, ":secretsmanager:") {
			return remoteRef{provider: "aws-secrets-manager", remote: v}
		}
		return remoteRef{provider: "aws-ssm", remote: v}
	}
	a, bad := pe.ParseARN(v)
	if bad != "" {
		return remoteRef{provider: "aws-ssm", remote: v}
	}
	switch a.Service {
	case "secretsmanager":
		rest := strings.TrimPrefix(a.Resource, "secret:")
		parts := strings.Split(rest, ":")
		r := remoteRef{provider: "aws-secrets-manager",
			remote: "arn:" + a.Partition + ":secretsmanager:" + a.Region + ":" + a.Account + ":secret:" + parts[0]}
		if len(parts) > 1 {
			r.property = parts[1]
		}
		stage, id := "", ""
		if len(parts) > 2 {
			stage = parts[2]
		}
		if len(parts) > 3 {
			id = parts[3]
		}
		switch {
		case stage != "" && id != "":
			s.b.addSev(diag.ECSSecretRef, diag.Warning, vf.Pos, "valueFrom names both a version stage and a version id, which ECS does not allow; the version id is used")
			r.version = "uuid/" + id
		case id != "":
			r.version = "uuid/" + id
		case stage != "":
			r.version = stage
		}
		return r
	default: // ssm
		name := strings.TrimPrefix(a.Resource, "parameter")
		if strings.Count(name, "/") == 1 {
			name = strings.TrimPrefix(name, "/")
		}
		return remoteRef{provider: "aws-ssm", remote: name}
	}
}

func (s *secretSet) secretName(provider string) string {
	switch provider {
	case "aws-secrets-manager":
		return ir.DNSLabel(s.b.app.Name + "-secrets")
	case "aws-ssm":
		return ir.DNSLabel(s.b.app.Name + "-parameters")
	}
	return ir.DNSLabel(s.b.app.Name + "-env")
}

// secret maps one secrets[] entry.
func (s *secretSet) secret(ic *ir.Container, c *pe.ContainerDefinition, sec *pe.Secret) {
	if !sec.Name.Set || !sec.ValueFrom.Set {
		return
	}
	r := s.parseValueFrom(sec.ValueFrom)
	if sec.ValueFrom.Set && len(sec.ValueFrom.Unresolved) == 0 && isTemplated(sec.ValueFrom.V) {
		s.b.add(diag.ECSTemplatePlaceholder, sec.ValueFrom.Pos, "valueFrom of secret %s holds a template placeholder; render the file with its tool first", sec.Name.V)
	}
	name := s.secretName(r.provider)
	key := s.key(name, sec.Name.V, c.Name.V, r.remote+"#"+r.property+"#"+r.version)
	o := origin(sec.Pos, "secret "+sec.Name.V+" of container "+c.Name.V)
	ref := &ir.SecretRef{Name: name, Key: key, Provider: r.provider, Remote: r.remote, Property: r.property, Origin: o}
	ic.Env = append(ic.Env, ir.EnvVar{Name: sec.Name.V, Secret: ref, Origin: o})
	if s.count[name] == 0 && len(s.count) == 0 {
		s.first = sec.Pos
	}
	s.count[name]++
	if s.b.t.opts.ExternalSecrets {
		sy := s.syncs[name]
		if sy == nil {
			sy = &ir.SecretSync{Secret: name, Provider: r.provider}
			sy.Origin = o
			s.syncs[name] = sy
		}
		for _, d := range sy.Data {
			if d.Key == key {
				return
			}
		}
		sy.Data = append(sy.Data, ir.SecretSyncData{Key: key, Remote: r.remote, Property: r.property, Version: r.version, Origin: o})
	}
}

// envCredential turns an environment entry that looks like a credential
// into a reference to a Secret the user must create.
func (s *secretSet) envCredential(c *pe.ContainerDefinition, e *pe.KeyValuePair, why string) *ir.SecretRef {
	name := s.secretName("env")
	key := s.key(name, e.Name.V, c.Name.V, "env:"+c.Name.V+":"+e.Name.V)
	s.b.add(diag.ECSEnvCredential, e.Pos, "environment variable %s of container %s looks like a credential (%s): it now reads key %s of Secret %s, which must be created with its value; the value is not written to the output", e.Name.V, c.Name.V, why, key, name)
	return &ir.SecretRef{Name: name, Key: key, Provider: "env", Origin: origin(e.Pos, "environment "+e.Name.V+" of container "+c.Name.V)}
}

// finish records the syncs and reports the secrets once per app.
func (s *secretSet) finish() {
	total := 0
	for _, n := range s.count {
		total += n
	}
	if total > 0 {
		s.b.add(diag.ECSSecretRef, s.first, "%d secrets of app %s become secretKeyRefs; like ECS, containers read them at start, so a rotated value needs a pod restart", total, s.b.app.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(s.syncs)) {
		sy := s.syncs[name]
		sort.Slice(sy.Data, func(i, j int) bool { return sy.Data[i].Key < sy.Data[j].Key })
		s.b.w.SecretSyncs = append(s.b.w.SecretSyncs, *sy)
	}
}

// Credential detection.

var (
	credWords = map[string]bool{
		"PASSWORD": true, "PASSWD": true, "PASS": true, "PWD": true, "SECRET": true, "SECRETS": true, "TOKEN": true,
		"APIKEY": true, "CREDENTIAL": true, "CREDENTIALS": true, "PRIVATEKEY": true, "PASSPHRASE": true, "AUTHTOKEN": true,
		"ACCESSKEY": true, "SECRETKEY": true, "CLIENTSECRET": true,
	}
	credPairs = map[[2]string]bool{
		{"API", "KEY"}: true, {"ACCESS", "KEY"}: true, {"SECRET", "KEY"}: true, {"PRIVATE", "KEY"}: true,
		{"SIGNING", "KEY"}: true, {"ENCRYPTION", "KEY"}: true, {"MASTER", "KEY"}: true, {"LICENSE", "KEY"}: true,
		{"CLIENT", "SECRET"}: true, {"ACCESS", "TOKEN"}: true, {"AUTH", "KEY"}: true, {"APP", "KEY"}: true,
		{"SESSION", "KEY"}: true, {"SECRET", "KEY"}: true, {"CONNECTION", "STRING"}: true,
	}
	// Last words that make a credential-like name describe something else.
	notSecretSuffix = map[string]bool{
		"FILE": true, "PATH": true, "DIR": true, "NAME": true, "ARN": true, "HOST": true, "PORT": true,
		"LENGTH": true, "LEN": true, "TTL": true, "EXPIRY": true, "EXPIRES": true, "EXPIRATION": true, "TIMEOUT": true,
		"SECONDS": true, "MINUTES": true, "HOURS": true, "DAYS": true, "HEADER": true, "FIELD": true, "PARAM": true,
		"ENABLED": true, "DISABLED": true, "REQUIRED": true, "POLICY": true, "TYPE": true, "LOCATION": true,
		"PREFIX": true, "ROTATION": true, "VERSION": true, "ALGORITHM": true, "COUNT": true, "SIZE": true,
		"MIN": true, "MAX": true, "FORMAT": true, "MODE": true, "ENDPOINT": true, "REGION": true, "STORE": true,
		"PROVIDER": true, "SOURCE": true, "URL": true, "URI": true, "ID": true, "KEYID": true,
	}
	// Words before KEY that make it a data key rather than a credential.
	dataKey = map[string]bool{
		"PARTITION": true, "SORT": true, "HASH": true, "PRIMARY": true, "CACHE": true, "ROUTING": true, "RANGE": true,
		"FOREIGN": true, "SHARD": true, "INDEX": true, "LOOKUP": true, "GROUP": true, "DEDUP": true, "IDEMPOTENCY": true,
		"OBJECT": true, "S3": true, "BUCKET": true, "PUBLIC": true, "KMS": true, "SORTING": true,
	}
	awsKeyNames = map[string]bool{"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true}

	reAccessKeyID  = regexp.MustCompile(`^(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}$`)
	reURLPassword  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@]*:[^/\s@]+@`)
	reKVPassword   = regexp.MustCompile(`(?i)(^|[;\s])(password|pwd|passwd)\s*=\s*[^;\s]`)
	reJWT          = regexp.MustCompile(`^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.`)
	reTokenPrefix  = regexp.MustCompile(`^(ghp_|gho_|ghu_|ghs_|github_pat_|glpat-|xox[abprs]-|sk_live_|rk_live_|sk-[A-Za-z0-9]{20}|AIza[0-9A-Za-z_\-]{35}$)`)
	reSecretAccess = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
)

// nameWords splits an environment variable name into upper-case words:
// on non-alphanumerics and on lower-to-upper case changes.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	prevLower := false
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToUpper(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			if prevLower {
				flush()
			}
			cur = append(cur, r)
			prevLower = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
			prevLower = unicode.IsLower(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return words
}

// credentialReason says why an environment entry looks like a credential
// ("" when it does not). It never returns the value.
func credentialReason(name, value string, valueKnown bool) string {
	if valueKnown && value == "" {
		return "" // nothing to hide
	}
	if awsKeyNames[strings.ToUpper(name)] {
		return "its name is an AWS credential variable"
	}
	if valueKnown {
		v := strings.TrimSpace(value)
		switch {
		case reAccessKeyID.MatchString(v):
			return "its value is an AWS access key ID"
		case reURLPassword.MatchString(v):
			return "its value is a URL with a password"
		case reKVPassword.MatchString(v):
			return "its value is a connection string with a password"
		case strings.Contains(v, "-----BEGIN") && strings.Contains(v, "PRIVATE KEY"):
			return "its value is a private key"
		case reJWT.MatchString(v):
			return "its value is a JSON Web Token"
		case reTokenPrefix.MatchString(v):
			return "its value has the form of an API token"
		case reSecretAccess.MatchString(v) && hasClasses(v):
			return "its value has the form of an AWS secret access key"
		}
	}
	w := nameWords(name)
	if len(w) == 0 {
		return ""
	}
	up := strings.ToUpper(name)
	if up == "PWD" || up == "OLDPWD" {
		return ""
	}
	last := w[len(w)-1]
	if notSecretSuffix[last] {
		return ""
	}
	for i, x := range w {
		if credWords[x] {
			return "its name"
		}
		if i > 0 && credPairs[[2]string{w[i-1], x}] {
			return "its name"
		}
	}
	if last == "KEY" && len(w) > 1 && !dataKey[w[len(w)-2]] {
		return "its name"
	}
	return ""
}

// hasClasses reports whether s mixes upper case, lower case and digits
// (a random key, not a hex digest or a word).
func hasClasses(s string) bool {
	var u, l, d bool
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			u = true
		case r >= 'a' && r <= 'z':
			l = true
		case r >= '0' && r <= '9':
			d = true
		}
	}
	return u && l && d
}
