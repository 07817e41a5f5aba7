package diag

// Codes of the nginx parser (parser/nginx).
const (
	NginxSyntax            Code = "nginx-syntax"
	NginxUnexpectedEOF     Code = "nginx-unexpected-eof"
	NginxUnexpectedBrace   Code = "nginx-unexpected-brace"
	NginxUnknownDirective  Code = "nginx-unknown-directive"
	NginxDirectiveArgs     Code = "nginx-directive-args"
	NginxDirectiveContext  Code = "nginx-directive-context"
	NginxIncludeMissing    Code = "nginx-include-missing"
	NginxIncludeCycle      Code = "nginx-include-cycle"
	NginxIncludeUnreadable Code = "nginx-include-unreadable"
	NginxIncludeStock      Code = "nginx-include-stock"
	NginxIncludeNoMatch    Code = "nginx-include-no-match"
)

var nginxParseCodes = []CodeInfo{
	{NginxSyntax, Error, "The nginx configuration is not well-formed.",
		"Fix the text at the position shown; `nginx -t` reports the same problem.",
		"The lexer found text nginx itself would refuse: a quote that is not followed by a space, ';' or '{', a ';' or '{' with no directive name before it, and similar. The directive is skipped and parsing goes on, so one run reports every such problem."},
	{NginxUnexpectedEOF, Error, "The nginx configuration ends inside a directive or a block.",
		"Add the missing ';' or '}'. The position points at the block or directive left open.",
		"nginx requires every directive to end in ';' and every block to be closed with '}'. The file ended before that happened."},
	{NginxUnexpectedBrace, Error, "A '}' closes a block that was never opened.",
		"Remove the stray '}' or add the '{' it belongs to.",
		"nginx stops with 'unexpected \"}\"' here. kubelift reports it and keeps parsing the rest of the file, so that no part of the configuration is silently lost (some parsers stop reading at a stray brace)."},
	{NginxUnknownDirective, Error, "A directive is not part of nginx or any module kubelift knows.",
		"Check the spelling; if it comes from a third-party module, convert its behaviour by hand.",
		"nginx refuses to start on an unknown directive. A typo here also often means a missing ';' on the line before."},
	{NginxDirectiveArgs, Error, "A directive has the wrong number of arguments.",
		"Check for a missing ';' at the end of the line; nginx reads on to the next ';'.",
		"Each nginx directive takes a fixed number or range of arguments. A wrong count usually comes from a forgotten semicolon that joined two directives into one."},
	{NginxDirectiveContext, Warning, "A directive appears in a block where nginx does not allow it.",
		"Move the directive to a block where it is allowed (see the nginx documentation for its Context).",
		"nginx allows each directive only in certain contexts (main, http, server, location, upstream, …). nginx -t would refuse this configuration."},
	{NginxIncludeMissing, Error, "An include names a file that does not exist.",
		"Pass the included file's directory with --nginx-prefix, or copy the file beside the main configuration.",
		"An include without wildcards must name an existing file: nginx refuses to start otherwise. Its directives cannot be converted, so the result would be incomplete."},
	{NginxIncludeCycle, Error, "Files include each other in a cycle.",
		"Break the cycle; the message lists the include chain.",
		"An include that leads back to a file being read would never end. The include is not followed a second time."},
	{NginxIncludeUnreadable, Error, "An included file exists but could not be read.",
		"Check its permissions.",
		"kubelift found the included file but could not read it, so its directives are not converted."},
	{NginxIncludeStock, Info, "An include names a file nginx ships (mime.types, fastcgi_params, …) that is not among the inputs.",
		"Nothing to do: these stock files hold MIME types and FastCGI/uwsgi parameters, none of which becomes a Kubernetes object.",
		"Configs commonly include the files nginx installs beside nginx.conf. Their content does not affect routing, so when they are not present kubelift notes it and carries on instead of failing."},
	{NginxIncludeNoMatch, Info, "A wildcard include matched no file.",
		"If the pattern should match files (e.g. sites-enabled/*.conf), pass them as inputs or set --nginx-prefix.",
		"nginx accepts a wildcard include that matches nothing. kubelift does too, but says so, because on a migration machine the files usually live elsewhere."},
}
