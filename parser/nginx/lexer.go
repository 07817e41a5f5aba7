package nginx

import (
	"strings"

	"github.com/kubelift/kubelift/diag"
)

// The lexer follows ngx_conf_read_token (src/core/ngx_conf_file.c):
//
//   - space, tab, CR and LF separate tokens;
//   - ';' and '{' end a token wherever they appear, '}' and '#' only matter
//     at the start of a token ("foo}" and "a#b" are single tokens);
//   - '"' or '\'' at the start of a token opens a quoted token, which must be
//     followed by white space, ';', '{' or ')';
//   - a backslash escapes the next character; in the token's value \" \' \\
//     lose their backslash, \t \r \n become TAB, CR, LF and any other
//     backslash is kept;
//   - "${" does not open a block.
//
// It works on the whole file as one string: token values without escapes
// are substrings of it, so lexing allocates nothing per token.

type tokKind uint8

const (
	tokWord tokKind = iota
	tokSemi
	tokOpen
	tokClose
	tokEOF
)

// Character classes for the unquoted-word loop.
const (
	clsStop   = 1 << iota // ends an unquoted word: space, tab, CR, LF, ';', '{'
	clsSlash              // '\\'
	clsDollar             // '$'
)

// wordClass is a read-only lookup table of the classes above.
var wordClass = func() (t [256]uint8) {
	for _, c := range []byte{' ', '\t', '\r', '\n', ';', '{'} {
		t[c] = clsStop
	}
	t['\\'] = clsSlash
	t['$'] = clsDollar
	return t
}()

// lexer scans one file.
type lexer struct {
	src       string
	file      string
	off       int // next byte to read
	line      int // current line (1-based)
	lineStart int // offset of the first byte of the current line
	rep       *diag.Reporter

	// The current token.
	val   string
	quote byte
	pos   diag.Pos

	// bad is set when the lexer reported a syntax error inside the
	// current directive; the parser drops the directive.
	bad bool
	// unterminated is set when the file ended inside a quoted token;
	// quotePos is that token's opening quote.
	unterminated bool
	quotePos     diag.Pos
	// sawToken is set once any token has been read (for InputEmpty).
	sawToken bool

	// trail is the directive a comment on line trailLine belongs to.
	trail     *Directive
	trailLine int
}

func (l *lexer) init(file, src string, start int, rep *diag.Reporter) {
	l.src = src
	l.file = file
	l.off = start
	l.line = 1
	l.lineStart = start // a BOM does not count as a column
	l.rep = rep
}

// posAt is the position of offset off, which must be on the current line.
func (l *lexer) posAt(off int) diag.Pos {
	return diag.Pos{File: l.file, Line: l.line, Col: off - l.lineStart + 1, Offset: off}
}

// next reads the next token. For tokWord, l.val, l.quote and l.pos describe
// it; for the punctuation tokens l.pos is the position of the character.
func (l *lexer) next() tokKind {
	src := l.src
	n := len(src)
	i := l.off
	for {
		for i < n {
			c := src[i]
			if c == '\n' {
				l.line++
				l.lineStart = i + 1
			} else if c != ' ' && c != '\t' && c != '\r' {
				break
			}
			i++
		}
		if i >= n {
			l.off = n
			l.pos = l.posAt(n)
			return tokEOF
		}
		c := src[i]
		l.pos = diag.Pos{File: l.file, Line: l.line, Col: i - l.lineStart + 1, Offset: i}
		switch c {
		case ';':
			l.off = i + 1
			l.sawToken = true
			return tokSemi
		case '{':
			l.off = i + 1
			l.sawToken = true
			return tokOpen
		case '}':
			l.off = i + 1
			l.sawToken = true
			return tokClose
		case '#':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = n - i
			}
			if l.trail != nil && l.trailLine == l.line {
				l.trail.more().comment = strings.TrimSpace(strings.TrimSuffix(src[i+1:i+j], "\r"))
				l.trail = nil
			}
			i += j
			continue
		case '"', '\'':
			l.sawToken = true
			return l.quoted(i, c)
		}
		l.sawToken = true
		return l.word(i)
	}
}

// word scans an unquoted token starting at start.
func (l *lexer) word(start int) tokKind {
	src := l.src
	n := len(src)
	i := start
	esc := false
loop:
	for i < n {
		switch wordClass[src[i]] {
		case 0:
			i++
		case clsSlash:
			esc = true
			if i+1 < n && src[i+1] == '\n' {
				l.line++
				l.lineStart = i + 2
			}
			i += 2
		case clsDollar:
			if i+1 < n && src[i+1] == '{' {
				i += 2
			} else {
				i++
			}
		default:
			break loop
		}
	}
	if i > n {
		i = n
	}
	l.off = i
	l.quote = 0
	if esc {
		l.val = unescape(src[start:i])
	} else {
		l.val = src[start:i]
	}
	return tokWord
}

// quoted scans a quoted token whose opening quote q is at start.
func (l *lexer) quoted(start int, q byte) tokKind {
	src := l.src
	n := len(src)
	i := start + 1
	esc := false
	for i < n {
		c := src[i]
		if c == q {
			break
		}
		switch c {
		case '\\':
			esc = true
			if i+1 < n && src[i+1] == '\n' {
				l.line++
				l.lineStart = i + 2
			}
			i += 2
			continue
		case '\n':
			l.line++
			l.lineStart = i + 1
		}
		i++
	}
	if i >= n {
		l.unterminated = true
		l.quotePos = l.pos
		l.off = n
		l.pos = l.posAt(n)
		return tokEOF
	}
	if esc {
		l.val = unescape(src[start+1 : i])
	} else {
		l.val = src[start+1 : i]
	}
	l.quote = q
	i++
	if i < n {
		switch c := src[i]; c {
		case ' ', '\t', '\r', '\n', ';', '{', ')':
		default:
			l.rep.Add(diag.NginxSyntax, l.posAt(i), "unexpected %q after quoted string (nginx needs a space, \";\" or \"{\" here)", string(c))
			l.bad = true
		}
	}
	l.off = i
	return tokWord
}

// unescape applies nginx's escape translation to a token that contains a
// backslash: \" \' \\ drop the backslash, \t \r \n become TAB, CR, LF, any
// other backslash is kept.
func unescape(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '"', '\'', '\\':
				i++
				c = s[i]
			case 't':
				b = append(b, '\t')
				i++
				continue
			case 'r':
				b = append(b, '\r')
				i++
				continue
			case 'n':
				b = append(b, '\n')
				i++
				continue
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// luaBlock scans a Lua body that starts right after the '{' at l.off and
// returns the body text and whether its closing '}' was found. It
// understands Lua strings, long brackets and comments, so braces inside them
// do not count. On success l.off is just past the closing '}' and l.pos is
// its position.
func (l *lexer) luaBlock() (body string, ok bool) {
	src := l.src
	n := len(src)
	start := l.off
	i := start
	depth := 1
	for i < n {
		c := src[i]
		switch c {
		case '\n':
			l.line++
			l.lineStart = i + 1
			i++
		case '{':
			depth++
			i++
		case '}':
			depth--
			if depth == 0 {
				l.pos = l.posAt(i)
				l.off = i + 1
				return src[start:i], true
			}
			i++
		case '"', '\'':
			i++
			for i < n && src[i] != c {
				switch src[i] {
				case '\\':
					if i+1 < n && src[i+1] == '\n' {
						l.line++
						l.lineStart = i + 2
					}
					i += 2
					continue
				case '\n': // unfinished string: Lua would refuse it; stop here
					goto endString
				}
				i++
			}
			i++
		endString:
			continue
		case '[':
			if lvl := longBracket(src, i); lvl >= 0 {
				i = l.skipLong(i+lvl+2, lvl)
			} else {
				i++
			}
		case '-':
			if i+1 < n && src[i+1] == '-' {
				i += 2
				if i < n && src[i] == '[' {
					if lvl := longBracket(src, i); lvl >= 0 {
						i = l.skipLong(i+lvl+2, lvl)
						continue
					}
				}
				for i < n && src[i] != '\n' {
					i++
				}
			} else {
				i++
			}
		default:
			i++
		}
	}
	if i > n {
		i = n
	}
	l.off = n
	l.pos = l.posAt(n)
	return src[start:n], false
}

// longBracket reports the level of a Lua long bracket "[==[" opening at i,
// or -1 when src[i:] does not open one.
func longBracket(src string, i int) int {
	j := i + 1
	for j < len(src) && src[j] == '=' {
		j++
	}
	if j < len(src) && src[j] == '[' {
		return j - i - 1
	}
	return -1
}

// skipLong skips to just past the "]==]" of level lvl, from offset i.
func (l *lexer) skipLong(i, lvl int) int {
	src := l.src
	n := len(src)
	for i < n {
		c := src[i]
		if c == '\n' {
			l.line++
			l.lineStart = i + 1
		} else if c == ']' {
			j := i + 1
			for j < n && src[j] == '=' {
				j++
			}
			if j < n && src[j] == ']' && j-i-1 == lvl {
				return j + 1
			}
		}
		i++
	}
	return n
}
