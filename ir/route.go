package ir

import "time"

// Site is an HTTP virtual host: the hostnames it answers, its listeners and
// TLS, and its routes in the legacy proxy's evaluation order.
type Site struct {
	// Name is a DNS-1123 label, unique in the project.
	Name   string `json:"name"`
	Origin Origin `json:"origin"`
	// Hosts are the hostnames served, in source order. An empty list, or a
	// Host with an empty Name, means every host (a catch-all).
	Hosts []Host `json:"hosts,omitempty"`
	// Default marks the site that answers requests for unknown hosts.
	Default   bool       `json:"default,omitempty"`
	Listeners []Listener `json:"listeners,omitempty"`
	TLS       []TLS      `json:"tls,omitempty"`
	// Routes in evaluation order: see Match for how the legacy proxy chose
	// between them.
	Routes []*Route `json:"routes,omitempty"`
}

// Host is one hostname pattern of a site.
type Host struct {
	// Name is an exact name ("a.example.com"), a leading wildcard
	// ("*.example.com", matching one or more labels as nginx does), or "" for any.
	Name   string `json:"name"`
	Origin Origin `json:"origin"`
}

// Listener is a port a site accepts connections on.
type Listener struct {
	Port   int32  `json:"port"`
	TLS    bool   `json:"tls,omitempty"`
	HTTP2  bool   `json:"http2,omitempty"`
	Origin Origin `json:"origin"`
}

// TLS is a certificate served for some hosts.
type TLS struct {
	// Hosts the certificate is for; empty means all of the site's hosts.
	Hosts []string `json:"hosts,omitempty"`
	// SecretName is the kubernetes.io/tls Secret that must hold the
	// certificate chain and key.
	SecretName string `json:"secretName"`
	// CertFile and KeyFile are the legacy paths, for the migration report.
	CertFile string `json:"certFile,omitempty"`
	KeyFile  string `json:"keyFile,omitempty"`
	Origin   Origin `json:"origin"`
}

// MatchKind says how a route's path is compared with the request path.
type MatchKind string

const (
	// MatchExact: the whole path equals Path (nginx `location = /x`).
	MatchExact MatchKind = "exact"
	// MatchPrefix: the path starts with Path as a plain string prefix, as
	// nginx does (`location /api` matches `/apiv2`). ElementWise says
	// whether it also holds as a path-element prefix (Path ends in '/').
	MatchPrefix MatchKind = "prefix"
	// MatchRegex: Path is a PCRE searched (not anchored) in the path.
	MatchRegex MatchKind = "regex"
)

// Match is how a route selects requests.
//
// The legacy evaluation order is explicit: Site.Routes lists exact matches
// first, then prefixes that stop the regex search (nginx `^~`) longest
// first, then regexes in source order (the first that matches wins), then the
// remaining prefixes longest first. The longest matching prefix is
// remembered before regexes are tried, and used only if no regex matches —
// unless it has NoRegex set.
type Match struct {
	Kind MatchKind `json:"kind"`
	Path string    `json:"path"`
	// CaseInsensitive for regexes written `~*` (nginx), or case-insensitive
	// prefixes on case-insensitive file systems.
	CaseInsensitive bool `json:"caseInsensitive,omitempty"`
	// NoRegex: a matching prefix stops the regex search (nginx `^~`).
	NoRegex bool `json:"noRegex,omitempty"`
	// Order is the route's position among the site's regex routes (source
	// order), 0-based; 0 for other kinds.
	Order int `json:"order,omitempty"`
}

// Route sends matching requests somewhere, with optional intents on the way.
type Route struct {
	Origin Origin `json:"origin"`
	// Name is a short, stable name derived from the path (for object names).
	Name  string `json:"name"`
	Match Match  `json:"match"`
	// Backend is where requests go; nil when the route only redirects or
	// answers directly.
	Backend *Backend `json:"backend,omitempty"`

	Redirect        *Redirect       `json:"redirect,omitempty"`
	Rewrite         *Rewrite        `json:"rewrite,omitempty"`
	DirectResponse  *DirectResponse `json:"directResponse,omitempty"`
	RequestHeaders  *HeaderModifier `json:"requestHeaders,omitempty"`
	ResponseHeaders *HeaderModifier `json:"responseHeaders,omitempty"`
	Timeouts        *Timeouts       `json:"timeouts,omitempty"`
	BodyLimit       *BodyLimit      `json:"bodyLimit,omitempty"`
	Access          *Access         `json:"access,omitempty"`
	RateLimit       *RateLimit      `json:"rateLimit,omitempty"`
	Auth            *Auth           `json:"auth,omitempty"`
	CORS            *CORS           `json:"cors,omitempty"`
	Methods         *Methods        `json:"methods,omitempty"`
	Upgrade         *Upgrade        `json:"upgrade,omitempty"`
	BackendTLS      *BackendTLS     `json:"backendTLS,omitempty"`
}

// Intents returns the route's intents that are set, in a fixed order.
func (r *Route) Intents() []Intent { return r.AppendIntents(nil) }

// AppendIntents appends the route's intents that are set to out, in the
// order of Intents.
func (r *Route) AppendIntents(out []Intent) []Intent {
	add := func(i Intent, isNil bool) {
		if !isNil {
			out = append(out, i)
		}
	}
	add(r.Backend, r.Backend == nil)
	add(r.Redirect, r.Redirect == nil)
	add(r.Rewrite, r.Rewrite == nil)
	add(r.DirectResponse, r.DirectResponse == nil)
	add(r.RequestHeaders, r.RequestHeaders == nil)
	add(r.ResponseHeaders, r.ResponseHeaders == nil)
	add(r.Timeouts, r.Timeouts == nil)
	add(r.BodyLimit, r.BodyLimit == nil)
	add(r.Access, r.Access == nil)
	add(r.RateLimit, r.RateLimit == nil)
	add(r.Auth, r.Auth == nil)
	add(r.CORS, r.CORS == nil)
	add(r.Methods, r.Methods == nil)
	add(r.Upgrade, r.Upgrade == nil)
	add(r.BackendTLS, r.BackendTLS == nil)
	return out
}

// Backend is the app and port a route proxies to.
type Backend struct {
	Tracked
	App  string `json:"app"`
	Port int32  `json:"port"`
	// Protocol to the backend: "http", "https", "grpc", "grpcs".
	Protocol string `json:"protocol"`
}

func (*Backend) Kind() string { return "backend" }

// Redirect answers with a redirect instead of proxying.
type Redirect struct {
	Tracked
	// Status is 301, 302, 303, 307 or 308.
	Status int `json:"status"`
	// Scheme, Host and Port replace the request's when non-empty / non-zero.
	Scheme string `json:"scheme,omitempty"`
	Host   string `json:"host,omitempty"`
	Port   int32  `json:"port,omitempty"`
	// Path handling: PathKeep keeps the request path; PathFull replaces it
	// with Path; PathPrefix replaces the matched prefix with Path; PathRegex
	// builds it from Path, which holds variables or captures of Pattern.
	PathMode string `json:"pathMode"`
	Path     string `json:"path,omitempty"`
	// KeepQuery: the query string is appended.
	KeepQuery bool `json:"keepQuery,omitempty"`
	// Target is the legacy target as written (with nginx variables), for reports.
	Target string `json:"target"`
	// Pattern is set when only requests whose path matches this regex are
	// redirected (nginx `rewrite REGEX … redirect`).
	Pattern string `json:"pattern,omitempty"`
}

// Redirect path modes.
const (
	PathKeep   = "keep"
	PathFull   = "full"
	PathPrefix = "prefix"
	// PathRegex: Path holds nginx variables or regex captures ($uri, $1)
	// and cannot be carried over exactly.
	PathRegex = "regex"
)

func (*Redirect) Kind() string { return "redirect" }

// Rewrite changes the path before proxying.
type Rewrite struct {
	Tracked
	// Mode is PathPrefix (replace the matched prefix with Replacement: nginx
	// proxy_pass with a URI part), PathFull (replace the whole path) or
	// "regex" (Pattern/Replacement with $1-style captures: nginx rewrite).
	Mode        string `json:"mode"`
	Pattern     string `json:"pattern,omitempty"`
	Replacement string `json:"replacement"`
}

func (*Rewrite) Kind() string { return "rewrite" }

// DirectResponse answers from the proxy itself (nginx `return 403`).
type DirectResponse struct {
	Tracked
	Status int    `json:"status"`
	Body   string `json:"body,omitempty"`
}

func (*DirectResponse) Kind() string { return "direct response" }

// Header is one header name and value. Values may hold nginx variables.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// HeaderModifier changes request or response headers. It is the effective set
// for the route, after the legacy inheritance rules were applied.
type HeaderModifier struct {
	Tracked
	Set    []Header `json:"set,omitempty"`
	Add    []Header `json:"add,omitempty"`
	Remove []string `json:"remove,omitempty"`
	// Always: response headers are added to every response (nginx `always`),
	// not only to 2xx/3xx ones.
	Always bool `json:"always,omitempty"`
}

func (*HeaderModifier) Kind() string { return "header modifier" }

// Timeouts are the proxy's timeouts to the backend. Read and Send are idle
// timers between successive reads/writes, as nginx means them; zero means unset.
type Timeouts struct {
	Tracked
	Connect time.Duration `json:"connect,omitempty"`
	Read    time.Duration `json:"read,omitempty"`
	Send    time.Duration `json:"send,omitempty"`
}

func (*Timeouts) Kind() string { return "timeouts" }

// BodyLimit caps the request body. Bytes 0 means no limit.
type BodyLimit struct {
	Tracked
	Bytes int64 `json:"bytes"`
	// Literal is the size as written ("50m").
	Literal string `json:"literal"`
}

func (*BodyLimit) Kind() string { return "body size limit" }

// AccessRule is one allow or deny by client address.
type AccessRule struct {
	Allow bool `json:"allow"`
	// Source is a CIDR, an address, or "all".
	Source string `json:"source"`
	Origin Origin `json:"origin"`
}

// Access restricts clients by address; rules are evaluated in order and the
// first match decides.
type Access struct {
	Tracked
	Rules []AccessRule `json:"rules"`
}

func (*Access) Kind() string { return "access control" }

// RateLimit limits request rate per key.
type RateLimit struct {
	Tracked
	Zone string `json:"zone"`
	// Key is the nginx key ($binary_remote_addr for per-client limits).
	Key string `json:"key"`
	// Rate requests per Per ("s" or "m").
	Rate    int    `json:"rate"`
	Per     string `json:"per"`
	Burst   int    `json:"burst,omitempty"`
	NoDelay bool   `json:"noDelay,omitempty"`
	// Status answered when limited (nginx default 503).
	Status int `json:"status,omitempty"`
}

func (*RateLimit) Kind() string { return "rate limit" }

// SecretRef points at a secret without holding its value.
type SecretRef struct {
	// Name of the Kubernetes Secret.
	Name string `json:"name"`
	// Key in the Secret.
	Key string `json:"key"`
	// Provider says where the value lives today: "file" (a legacy file path),
	// "aws-secrets-manager", "aws-ssm", "env" (a value that looked like a credential).
	Provider string `json:"provider"`
	// Remote is the legacy locator: a file path or an ARN.
	Remote string `json:"remote,omitempty"`
	// Property is a JSON key inside the remote secret, if any.
	Property string `json:"property,omitempty"`
	Origin   Origin `json:"origin"`
}

// Auth requires authentication.
type Auth struct {
	Tracked
	// Type is "basic".
	Type  string `json:"type"`
	Realm string `json:"realm,omitempty"`
	// Users references the htpasswd data.
	Users *SecretRef `json:"users,omitempty"`
}

func (*Auth) Kind() string { return "authentication" }

// CORS is a cross-origin resource sharing policy.
type CORS struct {
	Tracked
	AllowOrigins     []string `json:"allowOrigins,omitempty"`
	AllowMethods     []string `json:"allowMethods,omitempty"`
	AllowHeaders     []string `json:"allowHeaders,omitempty"`
	ExposeHeaders    []string `json:"exposeHeaders,omitempty"`
	AllowCredentials bool     `json:"allowCredentials,omitempty"`
	MaxAge           int      `json:"maxAge,omitempty"`
}

func (*CORS) Kind() string { return "CORS" }

// Methods restricts the HTTP methods allowed; others are refused.
type Methods struct {
	Tracked
	Allowed []string `json:"allowed"`
}

func (*Methods) Kind() string { return "method restriction" }

// Upgrade says the route carries protocol upgrades (WebSocket).
type Upgrade struct {
	Tracked
	Protocol string `json:"protocol"`
}

func (*Upgrade) Kind() string { return "connection upgrade" }

// BackendTLS is how the proxy verifies a TLS backend.
type BackendTLS struct {
	Tracked
	Verify     bool   `json:"verify"`
	ServerName string `json:"serverName,omitempty"`
	CAFile     string `json:"caFile,omitempty"`
}

func (*BackendTLS) Kind() string { return "backend TLS" }
