package nginx

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kubelift/kubelift/diag"
)

// corpusDir is the shared corpus of real configurations, relative to this
// package's directory (the repository is /work/main, the corpus
// /work/shared/corpus).
const corpusDir = "../../../shared/corpus"

// corpusFile is one nginx configuration of the corpus.
type corpusFile struct {
	rel  string // path relative to corpusDir, slash-separated
	kind string // "main" (a whole nginx.conf), "vhost" (server blocks for http{}), "snippet" (location/server-level), "jinja"
}

// corpusNginxFiles lists the nginx configurations in the corpus:
//
//   - everything under nginx/ except the non-nginx files beside them
//     (Dockerfile, *.yml, *.sh, *.py, *.service);
//   - nginx.conf, default.conf and *.conf under eb/;
//   - nginx.conf.j2 under inventory/ (Jinja templates, see jinjaReason).
func corpusNginxFiles(t testing.TB) []corpusFile {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	var out []corpusFile
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, corpusDir+string(filepath.Separator)))
		base := d.Name()
		switch {
		case strings.HasPrefix(rel, "nginx/"):
			if base == "Dockerfile" || hasAnySuffix(base, ".yml", ".yaml", ".sh", ".py", ".service", ".md") {
				return nil
			}
		case strings.HasPrefix(rel, "eb/"):
			if base != "nginx.conf" && base != "default.conf" && !strings.HasSuffix(base, ".conf") {
				return nil
			}
		case strings.HasPrefix(rel, "inventory/"):
			if base != "nginx.conf.j2" {
				return nil
			}
		default:
			return nil
		}
		out = append(out, corpusFile{rel: rel, kind: corpusKinds[rel]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// corpusKinds says what each corpus file is, and so which context its top
// level is checked in (inferred by Check; asserted in TestCorpus).
var corpusKinds = map[string]string{
	"nginx/acoustid-legacy-ratelimit/acoustid":                                                  "http", // sites-available vhost: upstream + server
	"nginx/ctfd-sse/http.conf":                                                                  "main", // docker image's whole nginx.conf
	"nginx/defectdojo-uwsgi/nginx.conf":                                                         "main",
	"nginx/defectdojo-uwsgi/nginx_TLS.conf":                                                     "main",
	"nginx/docker-registry-basicauth/nginx/nginx.conf":                                          "http",     // conf.d vhost; includes docker-registry.conf into locations
	"nginx/docker-registry-basicauth/nginx/docker-registry.conf":                                "location", // proxy snippet included by nginx.conf
	"nginx/gitlab-ssl-workhorse/gitlab-ssl":                                                     "http",
	"nginx/grav-php-fpm/nginx.conf":                                                             "http", // a server block for sites-enabled
	"nginx/gunicorn-example/nginx.conf":                                                         "main",
	"nginx/jitsi-meet-websocket-ssi/jitsi-meet.example":                                         "http",
	"nginx/laradock-multisite/nginx.conf":                                                       "main",
	"nginx/laradock-multisite/sites/confluence.conf.example":                                    "http",
	"nginx/laradock-multisite/sites/laravel.conf.example":                                       "http",
	"nginx/laradock-multisite/sites/node.conf.example":                                          "http",
	"nginx/laradock-multisite/sites/octane.conf.example":                                        "http",
	"nginx/mattermost-websocket/default.conf":                                                   "http",
	"nginx/netbox-gunicorn/nginx.conf":                                                          "http",
	"eb/docker-v2-nginx-php-fpm/proxy/conf.d/default.conf":                                      "http",
	"eb/java-se-platform-nginx-ratelimit/.platform/nginx/conf.d/elasticbeanstalk/error429.conf": "server", // included into EB's server block
	"eb/java-se-platform-nginx-ratelimit/.platform/nginx/conf.d/rate-limit.conf":                "http",   // included into EB's http block
	"eb/multicontainer-v2-scorekeep-template/scorekeep-frontend/nginx.conf":                     "main",
	"inventory/jupyterhub-single-host-nginx/roles/nginx/templates/nginx.conf.j2":                "jinja",
}

// jinjaReason documents why Jinja templates are parsed but expected to fail:
// `{{ var }}` and `{% if %}` are not nginx syntax ('{' right after a
// directive name opens a block, and '{%' has no directive name), so the
// parser must report errors at the template tags, with positions, and must
// not panic or lose the rest of the file.
const jinjaReason = "Jinja template: {{ }} and {% %} tags are not nginx syntax"

// expectedErrors are the error diagnostics that are right for corpus files:
// includes of files that are generated at deploy time or shipped by the
// image and are not in the corpus. Keyed by corpus path, values are
// "line:col code".
var expectedErrors = map[string][]string{
	// /run/defectdojo/uwsgi_server and uwsgi_pass are written by
	// entrypoint-nginx.sh at container start; /etc/nginx/wsgi_params is
	// copied by the image's Dockerfile (not nginx's stock uwsgi_params).
	"nginx/defectdojo-uwsgi/nginx.conf": {
		"18:13 nginx-include-missing", "41:15 nginx-include-missing", "42:15 nginx-include-missing",
		"50:15 nginx-include-missing", "51:15 nginx-include-missing", "71:15 nginx-include-missing",
		"72:15 nginx-include-missing",
	},
	"nginx/defectdojo-uwsgi/nginx_TLS.conf": {
		"19:13 nginx-include-missing", "56:15 nginx-include-missing", "57:15 nginx-include-missing",
		"81:15 nginx-include-missing", "82:15 nginx-include-missing", "133:15 nginx-include-missing",
		"134:15 nginx-include-missing",
	},
}

// sandboxFS reads only below root: every other path (/etc/nginx/…) does not
// exist, so the test does not depend on the machine's nginx installation.
type sandboxFS struct{ root string }

func (s sandboxFS) inside(name string) bool {
	abs, err := filepath.Abs(name)
	if err != nil {
		return false
	}
	return strings.HasPrefix(abs, s.root+string(filepath.Separator))
}

func (s sandboxFS) ReadFile(name string) ([]byte, error) {
	if !s.inside(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.ReadFile(name)
}

func (s sandboxFS) Stat(name string) (fs.FileInfo, error) {
	if !s.inside(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return os.Stat(name)
}

func (s sandboxFS) Glob(pattern string) ([]string, error) {
	if !s.inside(pattern) {
		return nil, nil
	}
	m, err := filepath.Glob(pattern)
	sort.Strings(m)
	return m, err
}

func newSandbox(t testing.TB) sandboxFS {
	root, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	return sandboxFS{root: root}
}

func TestCorpus(t *testing.T) {
	files := corpusNginxFiles(t)
	if len(files) < 20 {
		t.Errorf("found only %d corpus nginx files", len(files))
	}
	sb := newSandbox(t)
	for _, cf := range files {
		t.Run(cf.rel, func(t *testing.T) {
			if cf.kind == "" {
				t.Fatalf("corpus file %s is not classified in corpusKinds", cf.rel)
			}
			path := filepath.Join(corpusDir, filepath.FromSlash(cf.rel))
			var rep diag.Reporter
			cfg := Parse(path, Options{FS: sb}, &rep)
			ds := rep.Diagnostics()
			for _, d := range ds {
				if !d.Pos.IsValid() || d.Pos.Line < 1 || d.Pos.Col < 1 {
					t.Errorf("diagnostic without a position: %v", d)
				}
			}
			var errs []string
			for _, d := range ds {
				if d.Severity == diag.Error {
					errs = append(errs, d.String())
				}
			}
			if cf.kind == "jinja" {
				if len(errs) == 0 {
					t.Errorf("%s: expected errors at the template tags, got none", jinjaReason)
				}
				return
			}
			var got []string
			for _, d := range ds {
				if d.Severity == diag.Error && d.Pos.File == path {
					got = append(got, diagStrings([]diag.Diagnostic{d}, false)...)
				} else if d.Severity == diag.Error {
					got = append(got, d.String())
				}
			}
			if diff := cmp.Diff(expectedErrors[cf.rel], got); diff != "" {
				t.Errorf("error diagnostics (-want +got):\n%s\nall:\n%s", diff, strings.Join(errs, "\n"))
			}
			for _, d := range ds {
				if d.Code == diag.NginxDirectiveContext {
					t.Errorf("unexpected context warning: %v", d)
				}
			}
			if got := InferContext(cfg.Main.Directives); got != cf.kind {
				t.Errorf("inferred context %q, want %q", got, cf.kind)
			}
			if len(cfg.Main.Directives) == 0 {
				t.Error("no directives")
			}
		})
	}
}
