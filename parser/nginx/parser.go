package nginx

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/kubelift/kubelift/diag"
)

// defaultMaxFileSize is the limit used when Options.MaxFileSize is 0.
const defaultMaxFileSize = 64 << 20

// Parse reads the main configuration file at path and everything it
// includes. It always returns a non-nil Config; every problem is reported to
// rep.
func Parse(path string, opts Options, rep *diag.Reporter) *Config {
	st := newState(path, opts, rep)
	pos := diag.Pos{File: path, Line: 1, Col: 1}
	if fi, err := st.fs.Stat(path); err == nil && !fi.IsDir() {
		if !fi.Mode().IsRegular() {
			rep.Add(diag.InputUnreadable, pos, "cannot read %s: not a regular file", path)
			return st.finish()
		}
		if fi.Size() > st.max {
			rep.Add(diag.InputTooLarge, pos, "%s is %d bytes, larger than the limit of %d bytes", path, fi.Size(), st.max)
			return st.finish()
		}
	}
	src, err := st.readFile(path)
	if err != nil {
		rep.Add(diag.InputUnreadable, pos, "cannot read %s: %v", path, err)
		return st.finish()
	}
	if int64(len(src)) > st.max {
		rep.Add(diag.InputTooLarge, pos, "%s is larger than the limit of %d bytes", path, st.max)
		return st.finish()
	}
	// The bytes are ours and never modified: share them instead of copying.
	st.parseMain(path, unsafe.String(unsafe.SliceData(src), len(src)))
	return st.finish()
}

// ParseBytes parses src as if it were the file at path. Includes are still
// read through opts.FS. It always returns a non-nil Config.
func ParseBytes(path string, src []byte, opts Options, rep *diag.Reporter) *Config {
	return parseBytes(path, src, opts, rep, true)
}

// parseNoCheck is ParseBytes without the directive table check.
func parseNoCheck(path string, src []byte, opts Options, rep *diag.Reporter) *Config {
	return parseBytes(path, src, opts, rep, false)
}

func parseBytes(path string, src []byte, opts Options, rep *diag.Reporter, check bool) *Config {
	st := newState(path, opts, rep)
	st.noCheck = !check
	if int64(len(src)) > st.max {
		rep.Add(diag.InputTooLarge, diag.Pos{File: path, Line: 1, Col: 1},
			"%s is %d bytes, larger than the limit of %d bytes", path, len(src), st.max)
		return st.finish()
	}
	st.parseMain(path, string(src))
	return st.finish()
}

// state is shared by the parses of the main file and its includes.
type state struct {
	opts     Options
	noCheck  bool
	mainName string
	fs       FS
	rep      *diag.Reporter
	max      int64
	prefix   string // directory relative includes resolve against
	cfg      *Config
	listed   map[string]bool // files already in cfg.Files, by key

	// active is the chain of files being read, outermost first.
	active []activeFile

	// stk holds the directives of the open blocks of all files being
	// parsed, each block's from its frame's base.
	stk []*Directive
	ar  arena
}

type activeFile struct {
	key  string     // identity of the file (absolute, cleaned path)
	path string     // display path
	via  *Directive // the include that entered the file; nil for the main file
}

func newState(path string, opts Options, rep *diag.Reporter) *state {
	st := &state{opts: opts, fs: opts.FS, rep: rep, max: opts.MaxFileSize, cfg: &Config{}, mainName: path}
	if st.fs == nil {
		st.fs = OSFS{}
	}
	if st.max <= 0 {
		st.max = defaultMaxFileSize
	}
	st.prefix = opts.Prefix
	if st.prefix == "" {
		st.prefix = dirOf(path)
	}
	return st
}

func (st *state) finish() *Config {
	if st.cfg.Main == nil {
		st.cfg.Main = &File{Path: st.mainPath()}
		st.cfg.Files = append([]*File{st.cfg.Main}, st.cfg.Files...)
	}
	if !st.noCheck {
		Check(st.cfg, st.rep)
	}
	return st.cfg
}

func (st *state) mainPath() string {
	if len(st.active) > 0 {
		return st.active[0].path
	}
	return st.mainName
}

// parseMain parses the main file.
func (st *state) parseMain(path, src string) {
	f := &File{Path: path, Size: len(src)}
	st.cfg.Main = f
	st.cfg.Files = append(st.cfg.Files, f)
	key := fileKey(path)
	st.listed = map[string]bool{key: true}
	st.active = append(st.active, activeFile{key: key, path: path})
	st.parseFile(f, src, true)
	st.active = st.active[:len(st.active)-1]
}

// checkText reports a binary file. It returns false when src must not be parsed.
func checkText(path, src string, rep *diag.Reporter) bool {
	if i := strings.IndexByte(src, 0); i >= 0 {
		line := 1 + strings.Count(src[:i], "\n")
		ls := strings.LastIndexByte(src[:i], '\n') + 1
		if ls == 0 && i >= 3 && strings.HasPrefix(src, "\xef\xbb\xbf") {
			ls = 3 // a BOM does not count as a column, as in the lexer
		}
		rep.Add(diag.InputBinary, diag.Pos{File: path, Line: line, Col: i - ls + 1, Offset: i},
			"%s contains a NUL byte: it is not a text configuration file", path)
		return false
	}
	// Text with many control characters or invalid UTF-8 near the start is
	// not a configuration file either (a compressed or compiled file).
	head := src
	if len(head) > 8192 {
		head = head[:8192]
	}
	bad := 0
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' || c == 0x7f {
				bad++
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(head[i:])
		if r == utf8.RuneError && w == 1 {
			bad++
		}
		i += w
	}
	if bad > 0 && bad*10 > len(head) {
		rep.Add(diag.InputBinary, diag.Pos{File: path, Line: 1, Col: 1},
			"%s is not text (%d of its first %d bytes are control characters or invalid UTF-8)", path, bad, len(head))
		return false
	}
	return true
}

// frame is an open block.
type frame struct {
	dir     *Directive // the block directive; nil for a file's top level
	base    int        // index in state.stk of the block's first directive
	discard bool       // the block belongs to a directive that was dropped
	open    diag.Pos   // the '{'
}

// parseFile parses src into f.Directives. main says whether f is the main
// file (an empty main file is reported).
func (st *state) parseFile(f *File, src string, main bool) {
	if !checkText(f.Path, src, st.rep) {
		return
	}
	start := 0
	if strings.HasPrefix(src, "\xef\xbb\xbf") {
		start = 3
	}
	st.ar.reserve(len(src) - start)
	var l lexer
	l.init(f.Path, src, start, st.rep)

	frames := make([]frame, 1, 8)
	frames[0] = frame{base: len(st.stk)}
	pending := false // a directive name has been read
	var d Directive  // the directive being read (name and position)
	drop := func() {
		pending = false
		l.bad = false
		st.ar.dropArgs()
	}
	// take turns the directive being read into an arena directive.
	take := func() *Directive {
		nd := st.ar.directive()
		nd.Name = d.Name
		nd.Pos = d.Pos
		nd.Args = st.ar.takeArgs()
		pending = false
		return nd
	}

	for {
		tok := l.next()
		top := &frames[len(frames)-1]
		switch tok {
		case tokWord:
			if !pending {
				pending = true
				d.Name = l.val
				d.Pos = l.pos
			} else {
				st.ar.pushArg(Arg{Value: l.val, Quote: l.quote, Pos: l.pos})
			}

		case tokSemi:
			if !pending {
				st.rep.Add(diag.NginxSyntax, l.pos, "unexpected \";\" (no directive name before it)")
				continue
			}
			if l.bad {
				drop()
				continue
			}
			nd := take()
			l.trail, l.trailLine = nd, l.pos.Line
			if top.discard {
				continue
			}
			st.stk = append(st.stk, nd)
			if nd.Name == "include" && !st.opts.NoIncludes {
				st.include(nd)
			}

		case tokOpen:
			if !pending {
				st.rep.Add(diag.NginxSyntax, l.pos, "unexpected \"{\" (no directive name before it)")
				frames = append(frames, frame{base: len(st.stk), discard: true, open: l.pos})
				continue
			}
			bad := l.bad
			l.bad = false
			nd := take()
			open := l.pos
			l.trail, l.trailLine = nd, open.Line
			nd.Block = st.ar.block()
			nd.Block.Open = open
			if strings.HasSuffix(nd.Name, "_by_lua_block") {
				body, ok := l.luaBlock()
				x := nd.more()
				x.raw, x.hasRaw = body, true
				x.rawPos = diag.Pos{File: f.Path, Line: open.Line, Col: open.Col + 1, Offset: open.Offset + 1}
				if !ok {
					st.rep.Add(diag.NginxUnexpectedEOF, nd.Pos, "unexpected end of file: the Lua block of %q opened on line %d is not closed with \"}\"", nd.Name, open.Line)
				} else {
					nd.Block.Close = l.pos
				}
				if !bad && !top.discard {
					st.stk = append(st.stk, nd)
				}
				continue
			}
			if bad || top.discard {
				frames = append(frames, frame{dir: nd, base: len(st.stk), discard: true})
				continue
			}
			st.stk = append(st.stk, nd)
			frames = append(frames, frame{dir: nd, base: len(st.stk)})

		case tokClose:
			l.trail = nil
			if pending {
				st.rep.Add(diag.NginxSyntax, l.pos, "unexpected \"}\" (directive %q started on line %d is missing its \";\")", d.Name, d.Pos.Line)
				drop()
			}
			if len(frames) == 1 {
				st.rep.Add(diag.NginxUnexpectedBrace, l.pos, "unexpected \"}\": no block is open here")
				continue
			}
			st.closeFrame(top, l.pos)
			frames = frames[:len(frames)-1]

		case tokEOF:
			if pending {
				if l.unterminated {
					st.rep.Add(diag.NginxUnexpectedEOF, d.Pos, "unexpected end of file: the quoted string at line %d, column %d in directive %q is not closed", l.quotePos.Line, l.quotePos.Col, d.Name)
				} else {
					st.rep.Add(diag.NginxUnexpectedEOF, d.Pos, "unexpected end of file: directive %q is not ended with \";\"", d.Name)
				}
				drop()
			} else if l.unterminated {
				st.rep.Add(diag.NginxUnexpectedEOF, l.quotePos, "unexpected end of file: the quoted string is not closed")
			}
			for i := len(frames) - 1; i > 0; i-- {
				fr := &frames[i]
				if fr.dir != nil {
					st.rep.Add(diag.NginxUnexpectedEOF, fr.dir.Pos, "unexpected end of file: the %q block opened on line %d is not closed with \"}\"", fr.dir.Name, fr.dir.Block.Open.Line)
				} else {
					st.rep.Add(diag.NginxUnexpectedEOF, fr.open, "unexpected end of file: the block opened here is not closed with \"}\"")
				}
				st.closeFrame(fr, diag.Pos{})
			}
			f.Directives = st.ar.list(st.stk[frames[0].base:])
			clear(st.stk[frames[0].base:])
			st.stk = st.stk[:frames[0].base]
			if main && !l.sawToken {
				st.rep.Add(diag.InputEmpty, diag.Pos{File: f.Path, Line: 1, Col: 1}, "%s has no directives", f.Path)
			}
			return
		}
	}
}

// closeFrame ends the block of fr at the '}' at pos.
func (st *state) closeFrame(fr *frame, pos diag.Pos) {
	if !fr.discard {
		fr.dir.Block.Directives = st.ar.list(st.stk[fr.base:])
		fr.dir.Block.Close = pos
	}
	clear(st.stk[fr.base:])
	st.stk = st.stk[:fr.base]
}

// arena hands out directives, argument slices and blocks from large chunks,
// so that a big configuration costs a few hundred allocations, not millions.
// Slices it returns have their capacity capped, so appending to them never
// writes into a neighbour.
type arena struct {
	chunk int // preferred number of directives per chunk
	dirs  []Directive
	args  []Arg // see pushArg
	ptrs  []*Directive
	blks  []Block

	argStart int // where the arguments of the directive being read start
}

// reserve sizes the chunks for a file of n bytes.
func (a *arena) reserve(n int) {
	c := n / 48 // about one directive per 48 bytes in real configurations
	if c < 8 {
		c = 8
	}
	if c > 1<<14 {
		c = 1 << 14
	}
	if c > a.chunk {
		a.chunk = c
	}
}

func (a *arena) directive() *Directive {
	if len(a.dirs) == cap(a.dirs) {
		a.dirs = make([]Directive, 0, a.chunk)
	}
	a.dirs = a.dirs[:len(a.dirs)+1]
	return &a.dirs[len(a.dirs)-1]
}

// pushArg adds an argument to the directive being read: its arguments
// are a.args[a.argStart:], written in place in the chunk.
func (a *arena) pushArg(x Arg) {
	if len(a.args) == cap(a.args) {
		// A new chunk; the arguments read so far move to it.
		pend := a.args[a.argStart:]
		na := make([]Arg, 0, max(2*a.chunk, 2*len(pend)+1))
		a.args, a.argStart = append(na, pend...), 0
	}
	a.args = append(a.args, x)
}

// takeArgs returns the arguments of the directive read (nil for none).
func (a *arena) takeArgs() []Arg {
	if len(a.args) == a.argStart {
		return nil
	}
	s := a.args[a.argStart:len(a.args):len(a.args)]
	a.argStart = len(a.args)
	return s
}

// dropArgs discards the arguments of the directive being read.
func (a *arena) dropArgs() {
	clear(a.args[a.argStart:])
	a.args = a.args[:a.argStart]
}

func (a *arena) list(src []*Directive) []*Directive {
	n := len(src)
	if n == 0 {
		return []*Directive{}
	}
	if cap(a.ptrs)-len(a.ptrs) < n {
		a.ptrs = make([]*Directive, 0, max(n, a.chunk))
	}
	i := len(a.ptrs)
	a.ptrs = append(a.ptrs, src...)
	return a.ptrs[i:len(a.ptrs):len(a.ptrs)]
}

func (a *arena) block() *Block {
	if len(a.blks) == cap(a.blks) {
		a.blks = make([]Block, 0, max(8, a.chunk/8))
	}
	a.blks = a.blks[:len(a.blks)+1]
	return &a.blks[len(a.blks)-1]
}
