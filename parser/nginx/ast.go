// Package nginx parses nginx configuration files into a typed syntax tree in
// which every directive and argument carries the file, line and column where
// it starts. It is kubelift's own lexer and parser: it follows the
// tokenisation rules of nginx's ngx_conf_file.c (quoting, escapes, `${var}`,
// comments only at the start of a token) and resolves `include` the way
// nginx does.
//
// The parser knows nothing of Kubernetes. Findings are reported to a
// diag.Reporter; parsing goes on past a bad directive so that one run reports
// every problem.
package nginx

import "github.com/kubelift/kubelift/diag"

// Config is the result of parsing one main configuration file and
// everything it includes.
type Config struct {
	// Main is the file named by the caller.
	Main *File
	// Files lists every file read, the main file first, then included files
	// in the order nginx would read them. A file included twice (from two
	// places) is listed once.
	Files []*File
}

// File is one configuration file as read.
type File struct {
	// Path is the name as it appears in diagnostics: the path given by the
	// caller for the main file, and the resolved path for included files.
	Path string
	// Directives are the top-level directives of the file, with includes
	// expanded (see Directive.Included).
	Directives []*Directive
	// Size is the length of the file in bytes.
	Size int
}

// Directive is one nginx directive: a name, its arguments and, for a block
// directive, the block.
//
// Includes are expanded in place, as nginx does: the `include` directive
// itself stays in its block (with Included set to the files it read), and
// the directives of those files follow it in the same block, each with its
// own position in the included file. Consumers that translate directives
// skip `include` (the parser has done its work); consumers that want the
// file structure use Included.
type Directive struct {
	Name string
	Pos  diag.Pos // position of the first character of the name
	Args []Arg
	// Block is non-nil for a block directive (`server { … }`), even an empty one.
	Block *Block
	// extra holds what few directives have (see Raw, Included, FromInclude
	// and Comment), so that the common directive stays small: a large
	// configuration has hundreds of thousands.
	extra *directiveExtra
}

type directiveExtra struct {
	raw         string
	rawPos      diag.Pos
	hasRaw      bool
	included    []*File
	fromInclude *Directive
	comment     string
}

// more returns d.extra, made on first use.
func (d *Directive) more() *directiveExtra {
	if d.extra == nil {
		d.extra = &directiveExtra{}
	}
	return d.extra
}

// Raw returns the body of a directive that is not nginx syntax but
// captured as text (the *_by_lua_block family): the text between the
// braces and the position of its first byte. ok is false for the others.
func (d *Directive) Raw() (text string, pos diag.Pos, ok bool) {
	if d.extra == nil || !d.extra.hasRaw {
		return "", diag.Pos{}, false
	}
	return d.extra.raw, d.extra.rawPos, true
}

// Included lists the files an `include` directive read, sorted as nginx
// sorts glob matches; nil for other directives.
func (d *Directive) Included() []*File {
	if d.extra == nil {
		return nil
	}
	return d.extra.included
}

// FromInclude returns the `include` directive that brought d into its
// block, or nil when d is written in the block's own file.
func (d *Directive) FromInclude() *Directive {
	if d.extra == nil {
		return nil
	}
	return d.extra.fromInclude
}

// Comment returns the comment on the same line after the directive,
// without '#', kept for reports; "" when there is none.
func (d *Directive) Comment() string {
	if d.extra == nil {
		return ""
	}
	return d.extra.comment
}

// Arg is one argument of a directive.
type Arg struct {
	// Value is the argument as nginx sees it: quotes removed and the escapes
	// nginx interprets (\" \' \\ \t \r \n) applied; other backslashes kept.
	Value string
	// Quote is '"' or '\'' when the argument was quoted, 0 otherwise.
	Quote byte
	// Pos is the position of the first character (the quote, if quoted).
	Pos diag.Pos
}

// Block is the body of a block directive.
type Block struct {
	Directives []*Directive
	// Open and Close are the positions of the braces. Close is the zero Pos
	// when the block was left unclosed (a diagnostic says so).
	Open, Close diag.Pos
}

// Values returns the arguments' values.
func (d *Directive) Values() []string {
	out := make([]string, len(d.Args))
	for i, a := range d.Args {
		out[i] = a.Value
	}
	return out
}

// Arg returns the value of argument i, or "" when there is none (i < 0
// included: d.Arg(len(d.Args)-1) is the last argument, or "").
func (d *Directive) Arg(i int) string {
	if 0 <= i && i < len(d.Args) {
		return d.Args[i].Value
	}
	return ""
}

// Directives returns the directives of d's block, or nil for a simple directive.
func (d *Directive) Directives() []*Directive {
	if d.Block == nil {
		return nil
	}
	return d.Block.Directives
}

// Walk calls fn for every directive in ds and, depth first, in their blocks.
// If fn returns false, the directive's block is not walked.
func Walk(ds []*Directive, fn func(*Directive) bool) {
	for _, d := range ds {
		if fn(d) && d.Block != nil {
			Walk(d.Block.Directives, fn)
		}
	}
}
