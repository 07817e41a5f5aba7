package ecs

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kubelift/kubelift/diag"
)

// A small strict JSON reader (RFC 8259) that keeps the position of every
// value and key. go.yaml.in/yaml/v3 reads JSON as YAML flow style, but it
// refuses valid JSON (the escape \/) and accepts invalid JSON (trailing
// commas), so JSON inputs are read here; YAML inputs go through yaml/v3.

// maxDepth bounds nesting, so that hostile input cannot exhaust the stack.
const maxDepth = 512

type jsonErr struct {
	off int
	msg string
}

func (e *jsonErr) Error() string { return e.msg }

type jsonReader struct {
	data []byte
	i    int
	loc  func(int) diag.Pos
	// dups collects duplicate keys: position and key.
	dups []dupKey
}

type dupKey struct {
	pos, first diag.Pos
	key        string
}

// parseJSON reads one JSON value filling all of data (white space aside).
// loc turns a byte offset of data into a source position.
func parseJSON(data []byte, loc func(int) diag.Pos) (*Value, []dupKey, *jsonErr) {
	r := &jsonReader{data: data, loc: loc}
	if len(data) >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf {
		r.i = 3
	}
	r.ws()
	if r.i >= len(r.data) {
		return nil, nil, &jsonErr{r.i, "the file holds no JSON value"}
	}
	v, err := r.value(0)
	if err != nil {
		return nil, nil, err
	}
	r.ws()
	if r.i < len(r.data) {
		return nil, nil, &jsonErr{r.i, fmt.Sprintf("unexpected %s after the end of the JSON value", r.what())}
	}
	return v, r.dups, nil
}

func (r *jsonReader) ws() {
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// what describes the byte at the cursor for an error message.
func (r *jsonReader) what() string {
	if r.i >= len(r.data) {
		return "end of input"
	}
	c := r.data[r.i]
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", string(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (r *jsonReader) value(depth int) (*Value, *jsonErr) {
	if depth > maxDepth {
		return nil, &jsonErr{r.i, "JSON nested too deeply"}
	}
	if r.i >= len(r.data) {
		return nil, &jsonErr{r.i, "unexpected end of input: a value is missing"}
	}
	start := r.i
	pos := r.loc(start)
	switch c := r.data[r.i]; {
	case c == '{':
		r.i++
		v := &Value{Kind: KindMap, Pos: pos}
		seen := map[string]diag.Pos{}
		r.ws()
		if r.i < len(r.data) && r.data[r.i] == '}' {
			r.i++
			return v, nil
		}
		comma := -1
		for {
			r.ws()
			if r.i >= len(r.data) || r.data[r.i] != '"' {
				if r.i < len(r.data) && r.data[r.i] == '}' && comma >= 0 {
					return nil, &jsonErr{comma, "trailing comma before '}' (not allowed in JSON)"}
				}
				return nil, &jsonErr{r.i, fmt.Sprintf("expected a string key, found %s", r.what())}
			}
			kpos := r.loc(r.i)
			k, err := r.str()
			if err != nil {
				return nil, err
			}
			r.ws()
			if r.i >= len(r.data) || r.data[r.i] != ':' {
				return nil, &jsonErr{r.i, fmt.Sprintf("expected ':' after key %s, found %s", quoteKey(k.Str), r.what())}
			}
			r.i++
			r.ws()
			val, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if first, dup := seen[k.Str]; dup {
				r.dups = append(r.dups, dupKey{pos: kpos, first: first, key: k.Str})
			} else {
				seen[k.Str] = kpos
				v.Entries = append(v.Entries, Entry{Key: k.Str, KeyPos: kpos, Val: val})
			}
			r.ws()
			if r.i < len(r.data) && r.data[r.i] == ',' {
				comma = r.i
				r.i++
				continue
			}
			if r.i < len(r.data) && r.data[r.i] == '}' {
				r.i++
				return v, nil
			}
			return nil, &jsonErr{r.i, fmt.Sprintf("expected ',' or '}' in an object, found %s", r.what())}
		}
	case c == '[':
		r.i++
		v := &Value{Kind: KindSeq, Pos: pos}
		r.ws()
		if r.i < len(r.data) && r.data[r.i] == ']' {
			r.i++
			return v, nil
		}
		comma := -1
		for {
			r.ws()
			if r.i < len(r.data) && r.data[r.i] == ']' && comma >= 0 {
				return nil, &jsonErr{comma, "trailing comma before ']' (not allowed in JSON)"}
			}
			it, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.Items = append(v.Items, it)
			r.ws()
			if r.i < len(r.data) && r.data[r.i] == ',' {
				comma = r.i
				r.i++
				continue
			}
			if r.i < len(r.data) && r.data[r.i] == ']' {
				r.i++
				return v, nil
			}
			return nil, &jsonErr{r.i, fmt.Sprintf("expected ',' or ']' in a list, found %s", r.what())}
		}
	case c == '"':
		return r.str()
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case c == 't':
		return r.lit("true", KindBool, pos)
	case c == 'f':
		return r.lit("false", KindBool, pos)
	case c == 'n':
		return r.lit("null", KindNull, pos)
	}
	return nil, &jsonErr{r.i, fmt.Sprintf("unexpected %s: expected a JSON value", r.what())}
}

func (r *jsonReader) lit(word string, k Kind, pos diag.Pos) (*Value, *jsonErr) {
	if len(r.data)-r.i < len(word) || string(r.data[r.i:r.i+len(word)]) != word {
		return nil, &jsonErr{r.i, fmt.Sprintf("unexpected %s: expected a JSON value (strings need double quotes)", r.what())}
	}
	r.i += len(word)
	if r.i < len(r.data) && isWordByte(r.data[r.i]) {
		return nil, &jsonErr{r.i - len(word), "unexpected word: expected a JSON value (strings need double quotes)"}
	}
	v := &Value{Kind: k, Pos: pos}
	if k == KindBool {
		v.Str = word
	}
	return v, nil
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (r *jsonReader) number() (*Value, *jsonErr) {
	start := r.i
	if r.data[r.i] == '-' {
		r.i++
	}
	digits := func() int {
		n := 0
		for r.i < len(r.data) && r.data[r.i] >= '0' && r.data[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	if r.i < len(r.data) && r.data[r.i] == '0' {
		r.i++
	} else if digits() == 0 {
		return nil, &jsonErr{start, "malformed number"}
	}
	if r.i < len(r.data) && r.data[r.i] == '.' {
		r.i++
		if digits() == 0 {
			return nil, &jsonErr{start, "malformed number: digits must follow '.'"}
		}
	}
	if r.i < len(r.data) && (r.data[r.i] == 'e' || r.data[r.i] == 'E') {
		r.i++
		if r.i < len(r.data) && (r.data[r.i] == '+' || r.data[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			return nil, &jsonErr{start, "malformed number: digits must follow the exponent"}
		}
	}
	if r.i < len(r.data) && isWordByte(r.data[r.i]) {
		return nil, &jsonErr{start, "malformed number"}
	}
	return &Value{Kind: KindNumber, Pos: r.loc(start), Str: string(r.data[start:r.i])}, nil
}

// str reads a string literal. The value's locate maps bytes of the decoded
// string back to the source, so that a JSON document inside a string
// (Terraform's container_definitions) gets real positions.
func (r *jsonReader) str() (*Value, *jsonErr) {
	start := r.i
	r.i++ // opening quote
	var buf []byte
	var offs []int // source offset of each decoded byte, only when escapes occur
	plain := true
	for {
		if r.i >= len(r.data) {
			return nil, &jsonErr{start, "unterminated string"}
		}
		c := r.data[r.i]
		switch {
		case c == '"':
			r.i++
			v := &Value{Kind: KindString, Pos: r.loc(start)}
			loc := r.loc
			if plain {
				v.Str = string(r.data[start+1 : r.i-1])
				base := start + 1
				v.locate = func(i int) diag.Pos { return loc(base + i) }
			} else {
				v.Str = string(buf)
				v.locate = func(i int) diag.Pos {
					if i >= len(offs) {
						return loc(r.i - 1)
					}
					return loc(offs[i])
				}
			}
			return v, nil
		case c < 0x20:
			return nil, &jsonErr{r.i, "control character in a string (write it as an escape such as \\n)"}
		case c == '\\':
			if plain {
				plain = false
				buf = append(buf, r.data[start+1:r.i]...)
				for j := start + 1; j < r.i; j++ {
					offs = append(offs, j)
				}
			}
			esc := r.i
			if r.i+1 >= len(r.data) {
				return nil, &jsonErr{start, "unterminated string"}
			}
			var out []byte
			switch e := r.data[r.i+1]; e {
			case '"', '\\', '/':
				out = []byte{e}
				r.i += 2
			case 'b':
				out, r.i = []byte{'\b'}, r.i+2
			case 'f':
				out, r.i = []byte{'\f'}, r.i+2
			case 'n':
				out, r.i = []byte{'\n'}, r.i+2
			case 'r':
				out, r.i = []byte{'\r'}, r.i+2
			case 't':
				out, r.i = []byte{'\t'}, r.i+2
			case 'u':
				ru, ok := r.hex4(r.i + 2)
				if !ok {
					return nil, &jsonErr{r.i, "malformed \\u escape"}
				}
				r.i += 6
				if utf16.IsSurrogate(ru) {
					if lo, ok := r.hex4(r.i + 2); ok && r.i+1 < len(r.data) && r.data[r.i] == '\\' && r.data[r.i+1] == 'u' {
						if dec := utf16.DecodeRune(ru, lo); dec != utf8.RuneError {
							ru = dec
							r.i += 6
						} else {
							ru = utf8.RuneError
						}
					} else {
						ru = utf8.RuneError
					}
				}
				out = utf8.AppendRune(nil, ru)
			default:
				return nil, &jsonErr{r.i, fmt.Sprintf("unknown escape \\%c in a string", e)}
			}
			buf = append(buf, out...)
			for range out {
				offs = append(offs, esc)
			}
		default:
			if !plain {
				buf = append(buf, c)
				offs = append(offs, r.i)
			}
			r.i++
		}
	}
}

func (r *jsonReader) hex4(at int) (rune, bool) {
	if at+4 > len(r.data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(r.data[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}
