package nginx

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kubelift/kubelift/diag"
)

// lexCases are the tokenisation rules of ngx_conf_read_token, one by one.
// They are also fuzz seeds.
var lexCases = []struct {
	name  string
	src   string
	want  string   // render() of the tree
	diags []string // "line:col code"
}{
	{"simple", "a b c;", "a(b,c)", nil},
	{"whitespace kinds", "a\tb\r\nc ;\n", "a(b,c)", nil},
	{"block", "http { server { listen 80; } }", "http{server{listen(80)}}", nil},
	{"empty block", "events {}", "events{}", nil},
	{"semicolon ends token", "a b;c d;", "a(b) c(d)", nil},
	{"brace ends token", "location /x{ return 200; }", "location(/x){return(200)}", nil},
	{"close brace mid token", "a foo};", "a(foo})", nil},
	{"close brace mid token in block", "s { a b}; }", "s{a(b})}", nil},
	{"hash mid token", "a b#c;", "a(b#c)", nil},
	{"hash starts comment", "a b; # c d;\ne f;", "a(b) e(f)", nil},
	{"comment after token needs space", "a b #c\n;", "a(b)", nil},
	{"comment only line", "# x { \n a;", "a", nil},
	{"double quotes", `a "b c" ";{}#";`, `a("b c",";{}#")`, nil},
	{"single quotes", `a 'b "c"';`, `a('b "c"')`, nil},
	{"quote escapes", `a "x\"y\'z\\w";`, `a("x"y'z\w")`, nil},
	{"quote control escapes", `a "1\t2\n3\r4";`, "a(\"1\t2\n3\r4\")", nil},
	{"quote other escape kept", `a "\d+\.x";`, `a("\d+\.x")`, nil},
	{"quote ends with escaped backslash", `a "x\\"; b;`, `a("x\") b`, nil},
	{"quote then paren", `if ($a = "b") { c; }`, `if(($a,=,"b",)){c}`, nil},
	{"quote then brace", `location "/a"{ b; }`, `location("/a"){b}`, nil},
	{"quote then semicolon", `a "b";`, `a("b")`, nil},
	{"quote followed by junk", `a "b"c; d;`, `d`, []string{"1:6 nginx-syntax"}},
	{"quote in middle of token", `a b"c"d;`, `a(b"c"d)`, nil},
	{"multiline quote", "a \"b\nc\";\nd;", "a(\"b\nc\") d", nil},
	{"empty quotes", `a "" '';`, `a("",'')`, nil},
	{"quoted name", `"a" b;`, `a(b)`, nil},
	{"unquoted escapes", `a b\;c d\"e f\ g;`, `a(b\;c,d"e,f\ g)`, nil},
	{"unquoted escape translation", `a \t\n\x\\;`, "a(\t\n\\x\\)", nil},
	{"escaped brace", `a \{ b;`, `a(\{,b)`, nil},
	{"dollar brace", `set $a ${b}c;`, `set($a,${b}c)`, nil},
	{"dollar brace at start", `a ${b};`, `a(${b})`, nil},
	{"dollar brace in block arg", `location ~ ^/a${b}$ { c; }`, `location(~,^/a${b}$){c}`, nil},
	{"escaped dollar brace opens block", `a \${ b; }`, `a(\$){b}`, nil},
	{"regex braces", `rewrite "^/a{2}$" /b;`, `rewrite("^/a{2}$",/b)`, nil},
	{"lua simple", "content_by_lua_block { ngx.say('}') }", `content_by_lua_block{" ngx.say('}') "}`, nil},
	{"lua nested braces", "access_by_lua_block { local t = {a = {1}} }", `access_by_lua_block{" local t = {a = {1}} "}`, nil},
	{"lua double quote", `content_by_lua_block { ngx.say("}\"}") }`, `content_by_lua_block{" ngx.say(\"}\\\"}\") "}`, nil},
	{"lua line comment", "content_by_lua_block {\n -- } here\n x() }\nb;", `content_by_lua_block{"\n -- } here\n x() "} b`, nil},
	{"lua long string", "content_by_lua_block { s = [[ } ]] }", `content_by_lua_block{" s = [[ } ]] "}`, nil},
	{"lua long string level", "content_by_lua_block { s = [==[ ]] } ]=] ]==] }", `content_by_lua_block{" s = [==[ ]] } ]=] ]==] "}`, nil},
	{"lua long comment", "content_by_lua_block { --[[ } \n } ]] x() }", `content_by_lua_block{" --[[ } \n } ]] x() "}`, nil},
	{"lua long comment level", "log_by_lua_block { --[=[ }]] ]=] }", `log_by_lua_block{" --[=[ }]] ]=] "}`, nil},
	{"lua index not long bracket", "content_by_lua_block { t[ [[}]] ] = 1 }", `content_by_lua_block{" t[ [[}]] ] = 1 "}`, nil},
	{"lua hash", "content_by_lua_block { return #t } a;", `content_by_lua_block{" return #t "} a`, nil},
	{"set_by_lua_block", "set_by_lua_block $v { return '}' }", `set_by_lua_block($v){" return '}' "}`, nil},
	{"lua unclosed", "content_by_lua_block { x = '}'", `content_by_lua_block{" x = '}'"}`, []string{"1:1 nginx-unexpected-eof"}},

	{"stray close brace continues", "a; }\nb;", "a b", []string{"1:4 nginx-unexpected-brace"}},
	{"close brace with pending args", "s { listen 80 }\nb;", "s{} b", []string{"1:15 nginx-syntax"}},
	{"semicolon without name", "a; ;b;", "a b", []string{"1:4 nginx-syntax"}},
	{"brace without name", "{ a; } b;", "b", []string{"1:1 nginx-syntax"}},
	{"eof in directive", "a;\nb c", "a", []string{"2:1 nginx-unexpected-eof"}},
	{"eof in block", "a;\nhttp {\n server {\n }\n", "a http{server{}}", []string{"2:1 nginx-unexpected-eof"}},
	{"eof in quote", "a;\nb \"c;\n", "a", []string{"2:1 nginx-unexpected-eof"}},
	{"eof after backslash", `a b\`, "", []string{"1:1 nginx-unexpected-eof"}},
	{"empty", "", "", []string{"1:1 input-empty"}},
	{"comments only", "  # a\n\t# b {\n", "", []string{"1:1 input-empty"}},
	{"bom", "\xef\xbb\xbfa b;", "a(b)", nil},
}

func TestLexRules(t *testing.T) {
	for _, tc := range lexCases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, ds := parseString(t, tc.src)
			if got := render(cfg.Main.Directives); got != tc.want {
				t.Errorf("tree:\n got %s\nwant %s", got, tc.want)
			}
			if diff := cmp.Diff(tc.diags, diagStrings(ds, false)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s\n%v", diff, ds)
			}
		})
	}
}

type posCase struct {
	what string
	got  diag.Pos
	want [3]int // line, col, offset
}

func TestPositions(t *testing.T) {
	src := "worker_processes 1;\r\n" + // 0..20
		"http {\r\n" + // 21..28
		"\tserver {\n" + // 29..38
		"\t\tlisten  \"80\" ;\n" + // 39..55
		"\t\tlocation / { return 200 'a\nb'; }\n" + // 56..
		"\t}\n}\n" +
		"content_by_lua_block {\n}\n" +
		"z \\\nq;\n"
	cfg, ds := parseString(t, src)
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	top := cfg.Main.Directives
	wp, http := top[0], top[1]
	srv := http.Block.Directives[0]
	listen := srv.Block.Directives[0]
	loc := srv.Block.Directives[1]
	ret := loc.Block.Directives[0]
	lua, z := top[2], top[3]
	luaRaw, luaPos, _ := lua.Raw()
	off := func(s string) int { return strings.Index(src, s) }
	cases := []posCase{
		{"worker_processes", wp.Pos, [3]int{1, 1, 0}},
		{"worker_processes arg", wp.Args[0].Pos, [3]int{1, 18, 17}},
		{"http", http.Pos, [3]int{2, 1, 21}},
		{"http {", http.Block.Open, [3]int{2, 6, 26}},
		{"server", srv.Pos, [3]int{3, 2, 30}},
		{"listen", listen.Pos, [3]int{4, 3, off("listen")}},
		{"listen arg (quote)", listen.Args[0].Pos, [3]int{4, 11, off(`"80"`)}},
		{"location", loc.Pos, [3]int{5, 3, off("location")}},
		{"location /", loc.Args[0].Pos, [3]int{5, 12, off("location") + 9}},
		{"return", ret.Pos, [3]int{5, 16, off("return")}},
		{"return 'a", ret.Args[1].Pos, [3]int{5, 27, off("'a")}},
		{"location }", loc.Block.Close, [3]int{6, 5, off("b'; }") + 4}},
		{"server }", srv.Block.Close, [3]int{7, 2, off("\t}\n}") + 1}},
		{"http }", http.Block.Close, [3]int{8, 1, off("\t}\n}") + 3}},
		{"lua", lua.Pos, [3]int{9, 1, off("content_by")}},
		{"lua raw", luaPos, [3]int{9, 23, off("content_by") + 22}},
		{"lua }", lua.Block.Close, [3]int{10, 1, off("content_by") + 23}},
		{"z", z.Pos, [3]int{11, 1, off("z \\")}},
		{"z arg after escaped newline", z.Args[0].Pos, [3]int{11, 3, off("z \\") + 2}},
	}
	for _, c := range cases {
		got := [3]int{c.got.Line, c.got.Col, c.got.Offset}
		if got != c.want || c.got.File != "test.conf" {
			t.Errorf("%s: got %s:%v, want %v", c.what, c.got.File, got, c.want)
		}
	}
	if z.Args[0].Value != "\\\nq" {
		t.Errorf("escaped newline arg = %q", z.Args[0].Value)
	}
	if luaRaw != "\n" {
		t.Errorf("lua raw = %q", luaRaw)
	}
}

func TestBOMPosition(t *testing.T) {
	cfg, _ := parseString(t, "\xef\xbb\xbfa b;\nc;")
	a := cfg.Main.Directives[0]
	if a.Pos.Line != 1 || a.Pos.Col != 1 || a.Pos.Offset != 3 {
		t.Errorf("after BOM: %+v", a.Pos)
	}
	if p := a.Args[0].Pos; p.Col != 3 || p.Offset != 5 {
		t.Errorf("arg after BOM: %+v", p)
	}
}

func TestTrailingComment(t *testing.T) {
	cfg, _ := parseString(t, "a 1; # one\nb 2;\n# not c\nc { # block\n d; }  #  after close\n")
	ds := cfg.Main.Directives
	got := []string{ds[0].Comment(), ds[1].Comment(), ds[2].Comment(), ds[2].Block.Directives[0].Comment()}
	want := []string{"one", "", "block", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func TestValueSharesSource(t *testing.T) {
	// Values without escapes are substrings of the file, not copies.
	src := "proxy_pass http://backend;"
	cfg, _ := parseString(t, src)
	if v := cfg.Main.Directives[0].Args[0].Value; v != "http://backend" {
		t.Fatal(v)
	}
	allocs := testing.AllocsPerRun(20, func() {
		var rep diag.Reporter
		parseNoCheck("x", []byte(strings.Repeat("a b c d;\n", 100)), Options{NoIncludes: true}, &rep)
	})
	if allocs > 60 {
		t.Errorf("parsing 100 directives took %v allocations", allocs)
	}
}
