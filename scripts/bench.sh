#!/usr/bin/env bash
# bench.sh — kubelift's performance check (make bench).
#
# 1. Builds the CLI (cmd/kubelift), generates nginx configurations of 1k, 10k
#    and 50k servers with /work/shared/bench/gen_nginx.py, and times
#    `kubelift convert -o - FILE` and `kubelift convert -o DIR FILE` on each
#    under GNU time: wall time and peak memory (max RSS); and, the same way,
#    gonginx's parse of FILE as a process (internal/gonginxparse).
# 2. Runs the Go benchmarks of every stage (parse, the gonginx yardstick,
#    translate, emit+YAML, whole Convert) and prints a table with the ratio
#    Convert(10k) / gonginx parse(10k).
#
# Environment:
#   GO          go command (default: go)
#   SIZES       server counts for the CLI runs (default: "1000 10000 50000")
#   BENCH       -bench regexp (default: Parse|Gonginx|Translate|Emit|Convert|Validate)
#   RUNS        runs of each timed command per size, median kept (default: 5)
#   BENCHTIME   -benchtime (default: 1s; large sizes then run once)
#   COUNT       -count (default: 1)
#   GEN         generator script (default: <repo>/../shared/bench/gen_nginx.py)
#   KEEP=1      keep the temporary directory (configs, outputs, raw logs)
#   NO_GOBENCH=1 skip the Go benchmarks; NO_CLI=1 skip the CLI runs
set -euo pipefail

GO=${GO:-go}
SIZES=${SIZES:-"1000 10000 50000"}
BENCH=${BENCH:-'Parse|Gonginx|Translate|Emit|Convert|Validate'}
BENCHTIME=${BENCHTIME:-1s}
COUNT=${COUNT:-1}

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
GEN=${GEN:-"$root/../shared/bench/gen_nginx.py"}

die() { echo "bench.sh: $*" >&2; exit 1; }

# Prerequisites, checked before any work.
if [ -z "${NO_CLI:-}" ] && ! [ -f cmd/kubelift/main.go ]; then
	die "cmd/kubelift does not exist: the CLI is needed for the end-to-end timing (NO_CLI=1 skips it)"
fi
command -v python3 >/dev/null || die "python3 is needed to generate the configurations"
[ -f "$GEN" ] || die "generator $GEN not found (set GEN=path/to/gen_nginx.py)"
TIME=/usr/bin/time
if [ -z "${NO_CLI:-}" ]; then
	if ! [ -x "$TIME" ] || ! "$TIME" -v true >/dev/null 2>&1; then
		die "GNU time is needed at $TIME (for wall time and max RSS); install it with:
    sudo apt-get update && sudo apt-get install -y time"
	fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kubelift-bench.XXXXXX")
if [ -n "${KEEP:-}" ]; then
	echo "bench.sh: keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty') $($GO version | cut -d' ' -f3-) $(nproc) CPUs"

if [ -z "${NO_CLI:-}" ]; then
	echo "== building cmd/kubelift"
	"$GO" build -o "$tmp/kubelift" ./cmd/kubelift || die "building ./cmd/kubelift failed"
	"$GO" build -o "$tmp/gonginxparse" ./internal/gonginxparse || die "building ./internal/gonginxparse failed"
	echo
	echo "== kubelift convert (GNU time): -o - (one YAML stream: the pipeline; median of \$RUNS=${RUNS:-5}) and -o DIR (one file per object)"
	echo "   beside gonginx's parse of the same file as a process (internal/gonginxparse; median of as many, alternating)"
	printf '%-9s %9s %10s %10s %10s %10s %9s %6s %10s %10s\n' servers input-MB stdout-s stdout-MB dir-s dir-MB objects exit gonginx-s gonginx-MB
	# timed FILE OUT LOG: runs convert under GNU time; prints "wall rss exit".
	timed() {
		local rc=0
		"$TIME" -v -o "$3" "$tmp/kubelift" convert --fail-on none --max-file-size $(($(stat -c %s "$1") + 1)) \
			-o "$2" "$1" >"$3.out" 2>"$3.err" || rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "   convert -o $2 failed (exit $rc); last lines of its stderr:" >&2
			tail -5 "$3.err" >&2
		fi
		awk -F': ' -v rc="$rc" '
			/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
			/Maximum resident set size/ { m = $2 / 1024 }
			END { printf "%.2f %.0f %d\n", s, m, rc }' "$3"
	}
	# gonginx FILE LOG: parses FILE with gonginx under GNU time; prints "wall rss".
	gonginx() {
		"$TIME" -v -o "$2" "$tmp/gonginxparse" "$1" >/dev/null 2>"$2.err" || die "gonginxparse $1 failed: $(tail -3 "$2.err")"
		awk -F': ' '
			/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
			/Maximum resident set size/ { m = $2 / 1024 }
			END { printf "%.2f %.0f\n", s, m }' "$2"
	}
	# median: the run of median wall time among an odd number of "wall ..." lines.
	median() { sort -n | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }'; }
	RUNS=${RUNS:-5}
	# Every -o - and gonginx run first, alternating, so that a noisy moment
	# weighs on both; the -o DIR runs last, since the writeback of tens of
	# thousands of files disturbs what runs after them.
	for n in $SIZES; do
		conf="$tmp/servers-$n.conf"
		python3 "$GEN" --servers "$n" --out "$conf"
		for i in $(seq "$RUNS"); do
			timed "$conf" - "$tmp/time-$n-stdout.txt" >>"$tmp/k-$n.txt"
			rm -f "$tmp/time-$n-stdout.txt.out" # the YAML stream
			gonginx "$conf" "$tmp/gonginx-$n.txt" >>"$tmp/g-$n.txt"
		done
	done
	for n in $SIZES; do
		conf="$tmp/servers-$n.conf"
		mb=$(stat -c %s "$conf" | awk '{ printf "%.1f", $1 / 1048576 }')
		read -r ws ms rs <<<"$(median <"$tmp/k-$n.txt")"
		read -r gs gm <<<"$(median <"$tmp/g-$n.txt")"
		read -r wd md rd < <(timed "$conf" "$tmp/out-$n" "$tmp/time-$n-dir.txt")
		objs=$(find "$tmp/out-$n" -name '*.yaml' 2>/dev/null | wc -l)
		printf '%-9s %9s %10s %10s %10s %10s %9s %6s %10s %10s\n' "$n" "$mb" "$ws" "$ms" "$wd" "$md" "$objs" "$((rs > rd ? rs : rd))" "$gs" "$gm"
		echo "CLI/servers=$n $ws $ms $gs" >>"$tmp/cli.txt"
		rm -rf "$tmp/out-$n" "$conf"
	done
	echo "(peak memory target: < 300 MB at 10k; -o DIR time is dominated by the file system)"
fi

[ -n "${NO_GOBENCH:-}" ] && exit 0

echo
echo "== go test -run XXX -bench '$BENCH' -benchmem -benchtime $BENCHTIME -count $COUNT"
raw="$tmp/gobench.txt"
"$GO" test -run XXX -bench "$BENCH" -benchmem -benchtime "$BENCHTIME" -count "$COUNT" -timeout 60m \
	. ./parser/nginx ./translate/nginx ./emit/kube ./schemas | tee "$raw" | grep -E '^(Benchmark|ok|FAIL|---)' || true
grep -q '^FAIL' "$raw" && die "a benchmark failed (see above)"

echo
echo "== summary (mean of -count runs)"
awk '
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	for (i = 3; i < NF; i++) {
		if ($(i+1) == "ns/op") ns[name] += $i
		if ($(i+1) == "B/op") by[name] += $i
		if ($(i+1) == "allocs/op") al[name] += $i
	}
	if (!(name in cnt)) order[++n] = name
	cnt[name]++
}
END {
	printf "%-36s %12s %12s %14s\n", "benchmark", "ms/op", "MB/op", "allocs/op"
	for (k = 1; k <= n; k++) {
		b = order[k]; c = cnt[b]
		printf "%-36s %12.1f %12.1f %14.0f\n", b, ns[b] / c / 1e6, by[b] / c / 1048576, al[b] / c
	}
	cv = "Convert/servers=10000"; gp = "GonginxParse/servers=10000"
	if ((cv in cnt) && (gp in cnt) && ns[gp] > 0) {
		r = (ns[cv] / cnt[cv]) / (ns[gp] / cnt[gp])
		printf "\nratio Convert(10k) / GonginxParse(10k) = %.2f (target <= 1.00: %s)\n", r, (r <= 1 ? "met" : "NOT met")
	}
	c1 = "Convert/servers=1000"; c10 = "Convert/servers=10000"; c50 = "Convert/servers=50000"
	if ((c1 in cnt) && (c10 in cnt) && ns[c1] > 0)
		printf "scaling Convert 10k/1k = %.1fx (linear: 10x)\n", (ns[c10] / cnt[c10]) / (ns[c1] / cnt[c1])
	if ((c10 in cnt) && (c50 in cnt) && ns[c10] > 0)
		printf "scaling Convert 50k/10k = %.1fx (linear: 5x)\n", (ns[c50] / cnt[c50]) / (ns[c10] / cnt[c10])
}' "$raw"
# The issue's yardstick is the whole command: kubelift convert -o - of the
# 10k config (process, read, convert, YAML written) against gonginx's parse,
# as a process (the same measure) and as the in-process benchmark (warm).
if [ -f "$tmp/cli.txt" ]; then
	awk '
	FNR == NR { if ($1 == "CLI/servers=10000") { cli = $2; rss = $3; gp = $4 }; next }
	/^BenchmarkGonginxParse\/servers=10000/ { for (i = 3; i < NF; i++) if ($(i+1) == "ns/op") { g += $i; c++ } }
	END {
		if (cli != "" && gp > 0)
			printf "ratio CLI convert -o - (10k) / gonginx parse process (10k) = %.2f s / %.2f s = %.2f; peak RSS %d MB (targets <= 1.00, < 300 MB)\n", cli, gp, cli / gp, rss
		if (cli != "" && c > 0) {
			gs = g / c / 1e9
			printf "ratio CLI convert -o - (10k) / GonginxParse benchmark (10k, in process) = %.2f s / %.2f s = %.2f\n", cli, gs, cli / gs
		}
	}' "$tmp/cli.txt" "$raw"
fi
