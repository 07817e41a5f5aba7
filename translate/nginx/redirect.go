package nginx

import (
	"strconv"
	"strings"

	"github.com/kubelift/kubelift/diag"
	"github.com/kubelift/kubelift/ir"
	pn "github.com/kubelift/kubelift/parser/nginx"
)

// applyReturn reads `return CODE [TEXT|URL]` or `return URL`.
func (t *translator) applyReturn(r *ir.Route, d *pn.Directive, sx *siteCtx) {
	a := d.Values()
	code := 302
	target := ""
	switch len(a) {
	case 1:
		if n, err := strconv.Atoi(a[0]); err == nil {
			code = n
		} else {
			target = a[0] // return URL: 302
		}
	case 2:
		n, err := strconv.Atoi(a[0])
		if err != nil {
			t.report(diag.NginxBadValue, d, "return %q: the first argument must be a status code", a[0])
			return
		}
		code, target = n, a[1]
	default:
		t.report(diag.NginxBadValue, d, "return takes a code and an optional URL or text")
		return
	}
	if code < 100 || code > 599 {
		t.report(diag.NginxBadValue, d, "return %d: not an HTTP status (100-599); left out", code)
		return
	}
	switch code {
	case 301, 302, 303, 307, 308:
		rd := t.redirect(target, code, d, sx)
		rd.Origin = t.origin(d)
		r.Redirect = rd
	default:
		dr := &ir.DirectResponse{Status: code, Body: target}
		dr.Origin = t.origin(d)
		r.DirectResponse = dr
	}
}

// redirect parses a redirect target with nginx variables.
func (t *translator) redirect(target string, code int, d *pn.Directive, sx *siteCtx) *ir.Redirect {
	rd := &ir.Redirect{Status: code, Target: target, PathMode: ir.PathKeep}
	rest := target
	switch {
	case strings.HasPrefix(rest, "https://"):
		rd.Scheme, rest = "https", rest[len("https://"):]
	case strings.HasPrefix(rest, "http://"):
		rd.Scheme, rest = "http", rest[len("http://"):]
	case strings.HasPrefix(rest, "$scheme://"):
		rest = rest[len("$scheme://"):]
	default:
		// a relative target: path only
		t.redirectPath(rd, rest, d)
		return rd
	}
	hostEnd := len(rest)
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' || (rest[i] == '$' && i > 0 && !isHostVar(rest[:i])) {
			hostEnd = i
			break
		}
	}
	// "$host$request_uri": the host variable ends where the next "$" starts
	if strings.HasPrefix(rest, "$") {
		end := 1
		for end < len(rest) && (isIdent(rest[end])) {
			end++
		}
		hostEnd = end
		if end < len(rest) && rest[end] == ':' {
			// $host:8443
			e := end + 1
			for e < len(rest) && rest[e] >= '0' && rest[e] <= '9' {
				e++
			}
			hostEnd = e
		}
	}
	host, pathPart := rest[:hostEnd], rest[hostEnd:]
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		if p, err := strconv.Atoi(host[i+1:]); err == nil {
			rd.Port = int32(p)
			host = host[:i]
		}
	}
	switch host {
	case "$host", "$http_host":
		// keep the request's host
	case "$server_name":
		rd.Host = sx.primary
	default:
		if strings.Contains(host, "$") {
			t.report(diag.NginxRedirectVariable, d, "redirect host %q uses a variable that cannot be carried over", host)
		}
		rd.Host = host
	}
	if pathPart == "" {
		rd.PathMode, rd.Path = ir.PathFull, "/"
		return rd
	}
	t.redirectPath(rd, pathPart, d)
	return rd
}

func isHostVar(s string) bool { return false }

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (t *translator) redirectPath(rd *ir.Redirect, p string, d *pn.Directive) {
	switch {
	case p == "$request_uri":
		rd.PathMode, rd.KeepQuery = ir.PathKeep, true
	case p == "$uri":
		rd.PathMode = ir.PathKeep
	case p == "$uri$is_args$args" || p == "$uri?$args":
		rd.PathMode, rd.KeepQuery = ir.PathKeep, true
	case !strings.Contains(p, "$"):
		rd.PathMode, rd.Path = ir.PathFull, p
	default:
		rd.PathMode, rd.Path = ir.PathRegex, p
	}
}

// locationRewrite reads a rewrite inside a location.
func (t *translator) locationRewrite(r *ir.Route, d *pn.Directive, sx *siteCtx) {
	pattern, repl, flag := d.Arg(0), d.Arg(1), d.Arg(2)
	switch {
	case redirects(repl, flag):
		if r.Redirect != nil {
			t.report(diag.NginxRewriteMany, d, "a later rewrite in the same location is not translated; only the first redirect is")
			return
		}
		r.Redirect = t.rewriteRedirect(d, sx)
	case flag == "break":
		if r.Rewrite != nil {
			t.report(diag.NginxRewriteMany, d, "a later rewrite in the same location is not translated; only the first is")
			return
		}
		rw := &ir.Rewrite{Mode: "regex", Pattern: pattern, Replacement: repl}
		rw.Origin = t.origin(d)
		r.Rewrite = rw
	default:
		// "last" or no flag: nginx re-runs location selection on the new URI.
		t.report(diag.NginxRewriteLast, d, "rewrite %s %s %s restarts location selection inside nginx; Kubernetes routes match once, so this internal rewrite is not translated", pattern, repl, flag)
	}
}

// serverRewrite reads a rewrite at server level (before location selection).
func (t *translator) serverRewrite(sx *siteCtx, d *pn.Directive, sc scope) {
	pattern, repl, flag := d.Arg(0), d.Arg(1), d.Arg(2)
	if !redirects(repl, flag) {
		t.report(diag.NginxRewriteLast, d, "server-level rewrite %s %s changes the URI before location selection; Kubernetes routes cannot, so it is not translated", pattern, repl)
		return
	}
	m := ir.Match{Kind: ir.MatchRegex, Path: pattern, Order: sx.regexN}
	if matchesAll(pattern) {
		m = ir.Match{Kind: ir.MatchPrefix, Path: "/"}
	} else {
		sx.regexN++
	}
	r := t.newRoute(sx, d, m, "redirect-"+strconv.Itoa(len(sx.early)+1))
	r.Redirect = t.rewriteRedirect(d, sx)
	sx.early = append(sx.early, r)
}

// redirects reports whether `rewrite PATTERN repl flag` answers with a
// redirect: a redirect or permanent flag, or a replacement that is a URL.
func redirects(repl, flag string) bool {
	return flag == "redirect" || flag == "permanent" ||
		strings.HasPrefix(repl, "http://") || strings.HasPrefix(repl, "https://") || strings.HasPrefix(repl, "$scheme")
}

// rewriteRedirect is the redirect of a rewrite that redirects (302, or 301
// with permanent; a replacement ending in "?" drops the query string).
func (t *translator) rewriteRedirect(d *pn.Directive, sx *siteCtx) *ir.Redirect {
	pattern, repl, flag := d.Arg(0), d.Arg(1), d.Arg(2)
	code := 302
	if flag == "permanent" {
		code = 301
	}
	rd := t.redirect(strings.TrimSuffix(repl, "?"), code, d, sx)
	rd.KeepQuery = !strings.HasSuffix(repl, "?")
	capturePath(rd, pattern)
	rd.Origin = t.origin(d)
	return rd
}

// matchesAll reports whether a rewrite regex matches every path.
func matchesAll(p string) bool {
	switch p {
	case "^", "^(.*)", "^(.*)$", "^/(.*)", "^/(.*)$", "^(.*)$ ", ".*", "^.*$", "^.*", "(.*)", "^/?(.*)$", "^/?(.*)":
		return true
	}
	return false
}

// capturePath records the rewrite pattern on a redirect, and recognises the
// idioms that keep the request path (`^(.*)$ …$1`, `^/(.*)$ …/$1`).
func capturePath(rd *ir.Redirect, pattern string) {
	if !matchesAll(pattern) {
		rd.Pattern = pattern
		return
	}
	if rd.PathMode != ir.PathRegex {
		return
	}
	switch {
	case rd.Path == "$1" && strings.HasPrefix(pattern, "^("),
		rd.Path == "/$1" && strings.HasPrefix(pattern, "^/("):
		rd.PathMode, rd.Path = ir.PathKeep, ""
	}
}
