#!/bin/sh
# serve.sh BIN - "minhbach serve" over real HTTP on loopback: files and types,
# 404, HEAD, 304, 405, every traversal we can think of, rebuilds on change,
# the error status, a bounded load, signals, and valgrind.
. "$(dirname "$0")/../lib.sh"
bin=$1
bin_abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
top=$(cd "$(dirname "$0")/../.." && pwd)
tiny="$top/tests/fixtures/tiny"
tmp=$(mktemp -d)
pid=""

# Stops the server we started (by its id), then removes the scratch folder.
stop_server() {
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

if ! command -v curl >/dev/null; then
	fail "curl is not installed (make test installs it as root)"
	finish
	exit 1
fi

# A free port on 127.0.0.1, chosen at random by the kernel.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
}

# start_server LOGNAME ARGS... : starts "BIN serve ARGS -p PORT" in the
# background and waits (at most 30 s) until it answers; sets pid, port, base.
start_server() {
	name=$1
	shift
	tries=0
	while [ $tries -lt 5 ]; do
		tries=$((tries + 1))
		port=$(free_port)
		base="http://127.0.0.1:$port"
		$bin_prefix "$bin" serve "$@" -p "$port" >"$tmp/$name.out" 2>"$tmp/$name.err" &
		pid=$!
		i=0
		while [ $i -lt 300 ]; do
			if ! kill -0 "$pid" 2>/dev/null; then
				wait "$pid" 2>/dev/null
				pid=""
				break
			fi
			curl -s --max-time 2 -o /dev/null "$base/__minhbach/version" && return 0
			sleep 0.1
			i=$((i + 1))
		done
		if [ -n "$pid" ]; then
			stop_server
			return 1
		fi
		grep -q "cannot listen" "$tmp/$name.err" || return 1
	done
	return 1
}

# get PATH [CURL-ARGS...] : prints the status code; body in $tmp/body, headers in $tmp/head.
get() {
	p=$1
	shift
	rm -f "$tmp/body" "$tmp/head"
	curl -s --path-as-is --max-time 10 -o "$tmp/body" -D "$tmp/head" -w '%{http_code}' "$@" "$base$p"
}
# header NAME : the value of a response header of the last get.
header() {
	grep -i "^$1:" "$tmp/head" | head -n 1 | cut -d' ' -f2- | tr -d '\r'
}
status_json() {
	curl -s --max-time 5 "$base/__minhbach/status"
}
version() {
	status_json | sed -n 's/.*"version":\([0-9]*\).*/\1/p'
}
# wait_until DESC COMMAND... : polls for up to 15 s.
wait_until() {
	desc=$1
	shift
	i=0
	while [ $i -lt 150 ]; do
		"$@" && { ok; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	fail "$desc (waited 15 s)"
	return 1
}
version_is() { [ "$(version)" = "$1" ]; }
# Waits (at most 10 s) until no build runs and the version held for a second:
# a file is served as soon as it is published, a moment before the version
# of its build is counted.
settle() {
	i=0
	last=""
	while [ $i -lt 10 ]; do
		cur=$(status_json)
		case $cur in *'"building":false'*) [ "$cur" = "$last" ] && return 0 ;; esac
		last=$cur
		sleep 1
		i=$((i + 1))
	done
}
status_has() { status_json | grep -q -- "$1"; }
body_has() { grep -q -- "$1" "$tmp/body"; }
vmrss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }

# ---- a hand-made OUT, served while the data is invalid --------------------
# An invalid initial build leaves OUT as it was, so the server shows these
# files; a secret sits beside OUT and must never be served.
www="$tmp/www"
out="$www/site"
mkdir -p "$out/sub" "$out/tai-ve"
secret="TOPSECRET-$$-minhbach"
echo "$secret" >"$www/secret.txt"
echo "$secret" >"$tmp/secret2.txt"
printf '<!doctype html>\n<html><body>\n<h1>handmade home</h1>\n</body></html>\n' >"$out/index.html"
printf '<!doctype html>\n<html><body>custom not found page</body></html>\n' >"$out/404.html"
printf '<html><body>sub index</body></html>\n' >"$out/sub/index.html"
printf '<p>no body tag here\n' >"$out/sub/page.html"
printf 'body{color:red}\n' >"$out/style.css"
printf 'console.log(1);\n' >"$out/app.js"
printf '\211PNG\r\n\032\n' >"$out/img.png"
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' >"$out/pic.svg"
printf '{"a":1}\n' >"$out/data.json"
printf 'a,b\n1,2\n' >"$out/tai-ve/table.csv"
printf 'PK\003\004' >"$out/tai-ve/book.xlsx"
printf '<?xml version="1.0"?><urlset/>\n' >"$out/sitemap.xml"
printf 'User-agent: *\n' >"$out/robots.txt"
printf '\000\000\001\000' >"$out/favicon.ico"
printf 'wOF2' >"$out/font.woff2"
printf 'private\n' >"$out/.dotfile"
# As if an earlier build had made it: a build replaces only such a folder.
printf 'minhbach\n' >"$out/.minhbach"
ln -s ../secret.txt "$out/link-out"
ln -s "$www/secret.txt" "$out/link-abs"
ln -s .. "$out/link-dir"
ln -s "$tmp" "$out/link-tmp"
ln -s index.html "$out/link-in"
index_size=$(wc -c <"$out/index.html")
# A 20 MB page, for clients that do not read.
{
	printf '<!doctype html>\n<html><body>\n<p>'
	head -c 20000000 /dev/zero | tr '\0' 'x'
	printf '</p>\n</body></html>\n'
} >"$out/big.html"
big_size=$(wc -c <"$out/big.html")

mkdir -p "$tmp/data"
cp -R "$tiny/." "$tmp/data/"
cp -R "$top/templates" "$tmp/templates"
# Invalid: a unit id with markup, which the status must escape.
sed 's/"id": "so-y-te"/"id": "<b>Bad<\/b>"/' "$tiny/units.json" >"$tmp/data/units.json"

if ! start_server main -d "$tmp/data" -o "$out" -t "$tmp/templates"; then
	fail "the server did not start"
	cat "$tmp/main.out" "$tmp/main.err"
	finish
	exit 1
fi
ok
check "it says where it serves" grep -q "127.0.0.1:$port" "$tmp/main.out"
check "the failed first build is reported" grep -q "units.json" "$tmp/main.err"
srv=$pid

# The status shows the errors, HTML-escaped.
check "status: not ok" status_has '"ok":false'
check "status: names units.json" status_has 'units.json'
check "status: the bad id, escaped" status_has '\\u003cb\\u003eBad'
check "status: no raw markup" sh -c "! curl -s --max-time 5 '$base/__minhbach/status' | grep -q '<b>'"
check "status: version 0 before any good build" status_has '"version":0'
check "status is JSON" [ "$(get /__minhbach/status)" = 200 ]
check "status content type" [ "$(header Content-Type)" = "application/json" ]
check "reload script" [ "$(get /__minhbach/reload.js)" = 200 ]
check "reload script type" [ "$(header Content-Type)" = "text/javascript; charset=utf-8" ]
check "reload script escapes the errors" body_has "esc("
check "unknown live endpoint" [ "$(get /__minhbach/nope)" = 404 ]

# Content types.
for pair in "/index.html text/html; charset=utf-8" "/style.css text/css; charset=utf-8" \
	"/app.js text/javascript; charset=utf-8" "/img.png image/png" "/pic.svg image/svg+xml" \
	"/data.json application/json" "/tai-ve/table.csv text/csv; charset=utf-8" \
	"/tai-ve/book.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
	"/sitemap.xml application/xml" "/robots.txt text/plain; charset=utf-8" \
	"/favicon.ico image/x-icon" "/font.woff2 font/woff2"; do
	p=${pair%% *}
	want=${pair#* }
	c=$(get "$p")
	check "GET $p: 200 (got $c)" [ "$c" = 200 ]
	got=$(header Content-Type)
	check "GET $p: Content-Type \"$want\" (got \"$got\")" [ "$got" = "$want" ]
done
check "nosniff" [ "$(header X-Content-Type-Options)" = nosniff ]

# Folders, index.html and the injected script (in responses, never on disk).
check "GET /: 200" [ "$(get /)" = 200 ]
check "GET /: the home page" body_has "handmade home"
check "GET /: reload script injected" body_has '<script src="/__minhbach/reload.js" data-version="0"></script>'
check "GET /: script before </body>" sh -c "grep -A1 'reload.js' '$tmp/body' | grep -q '</body>'"
check "GET /sub: redirect" [ "$(get /sub)" = 301 ]
check "GET /sub: to /sub/" [ "$(header Location)" = /sub/ ]
check "GET /sub/: 200" [ "$(get /sub/)" = 200 ]
check "GET /sub/: its index" body_has "sub index"
check "GET /sub/page.html without </body>: script appended" sh -c \
	"[ \"\$(curl -s --max-time 5 '$base/sub/page.html' | tail -n 1 | grep -c reload.js)\" = 1 ]"
check "GET /index.html/: 404" [ "$(get /index.html/)" = 404 ]
check "GET /link-in (symlink inside OUT): 200" [ "$(get /link-in)" = 200 ]
check "no file on disk got the script" sh -c "! grep -rq __minhbach '$out'"
check "index.html on disk unchanged" [ "$(wc -c <"$out/index.html")" = "$index_size" ]

# 404.
check "GET /nope: 404" [ "$(get /nope)" = 404 ]
check "GET /nope: the site's 404.html" body_has "custom not found page"
check "GET /nope: html" [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
check "GET /nope/deeper/x.css: 404" [ "$(get /nope/deeper/x.css)" = 404 ]

# HEAD.
c=$(curl -s --max-time 5 -I -o "$tmp/head" -w '%{http_code}' "$base/index.html")
check "HEAD /index.html: 200" [ "$c" = 200 ]
check "HEAD: Content-Length counts the injected script" [ "$(header Content-Length)" -gt "$index_size" ]
c=$(curl -s --max-time 5 -I -o "$tmp/head" -w '%{http_code}' "$base/style.css")
check "HEAD /style.css: 200" [ "$c" = 200 ]
check "HEAD: Content-Length" [ "$(header Content-Length)" = "$(wc -c <"$out/style.css")" ]
c=$(curl -s --max-time 5 -I -o "$tmp/head" -w '%{http_code}' "$base/nope")
check "HEAD /nope: 404" [ "$c" = 404 ]

# Conditional GET.
get /style.css >/dev/null
etag=$(header ETag)
lm=$(header Last-Modified)
check "ETag given" [ -n "$etag" ]
check "Last-Modified given" [ -n "$lm" ]
check "If-None-Match: 304" [ "$(get /style.css -H "If-None-Match: $etag")" = 304 ]
check "304 has no body" [ ! -s "$tmp/body" ]
check "If-None-Match in a list: 304" [ "$(get /style.css -H "If-None-Match: \"x\", $etag")" = 304 ]
check "If-None-Match weak: 304" [ "$(get /style.css -H "If-None-Match: W/$etag")" = 304 ]
check "If-None-Match other: 200" [ "$(get /style.css -H 'If-None-Match: "nope"')" = 200 ]
check "If-Modified-Since: 304" [ "$(get /style.css -H "If-Modified-Since: $lm")" = 304 ]
check "If-Modified-Since long ago: 200" \
	[ "$(get /style.css -H 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT')" = 200 ]
check "If-Modified-Since garbage: 200" [ "$(get /style.css -H 'If-Modified-Since: yesterday')" = 200 ]
get / >/dev/null
hetag=$(header ETag)
hlm=$(header Last-Modified)
check "HTML If-None-Match: 304" [ "$(get / -H "If-None-Match: $hetag")" = 304 ]
check "HTML If-Modified-Since alone: 200 (the version is not in the date)" \
	[ "$(get / -H "If-Modified-Since: $hlm")" = 200 ]

# Methods.
for m in POST PUT DELETE OPTIONS PATCH TRACE PROPFIND; do
	c=$(curl -s --max-time 5 -o /dev/null -D "$tmp/head" -w '%{http_code}' -X "$m" -d 'x=1' "$base/index.html")
	check "$m: 405 (got $c)" [ "$c" = 405 ]
	check "$m: Allow: GET, HEAD" [ "$(header Allow)" = "GET, HEAD" ]
done

# Traversal: every attempt gets 400, 403 or 404 and never the secret.
for p in '/../secret.txt' '/../../../../../../etc/passwd' '/%2e%2e/secret.txt' '/%2E%2E/secret.txt' \
	'/.%2e/secret.txt' '/%2e./secret.txt' '/sub/../../secret.txt' '/sub/..%2f..%2fsecret.txt' \
	'/..%2fsecret.txt' '/%2e%2e%2fsecret.txt' '/%2e%2e%2f%2e%2e%2fetc%2fpasswd' '/..%5csecret.txt' \
	'/..\secret.txt' '/sub\..\..\secret.txt' '/%5c..%5csecret.txt' '/%252e%252e/secret.txt' \
	'/%252e%252e%252fsecret.txt' '/%c0%ae%c0%ae/secret.txt' '/%c0%af..%c0%afsecret.txt' \
	'/%e0%80%ae%e0%80%ae/secret.txt' '/%u002e%u002e/secret.txt' '/..;/secret.txt' '/.../secret.txt' \
	'/link-out' '/link-abs' '/link-dir/secret.txt' '/link-dir/site/../secret.txt' \
	'/link-tmp/secret2.txt' '/link-tmp/www/secret.txt' '//etc/passwd' '///etc/passwd' \
	'/%2fetc/passwd' '/%2f%2fetc%2fpasswd' "/$www/secret.txt" "/%2f${www#/}/secret.txt" \
	'/index.html%00.css' '/%00' '/secret.txt%00' '/%00/../secret.txt' '/.dotfile' \
	'/./index.html' '/sub/./index.html' '/sub/.' '/sub/..' '/sub/%2e' '/sub/%2e%2e' \
	'/%0a/secret.txt' '/%7f' '/%' '/%2' '/%zz' '/%%32%65%%32%65/secret.txt' \
	'/.git/config' '/.site.lock' '/../.site.lock' '/link-dir' '/link-dir/'; do
	c=$(get "$p")
	case $c in
	400 | 403 | 404) ok ;;
	*) fail "GET $p: got $c, want 400, 403 or 404" ;;
	esac
	check "GET $p: no secret in the body" sh -c "! grep -q -e '$secret' -e 'root:x:0' '$tmp/body'"
done
for target in 'secret.txt' '../secret.txt' "http://127.0.0.1:$port/../secret.txt" \
	"http://127.0.0.1:$port/%2e%2e/secret.txt" "$www/secret.txt" '*'; do
	c=$(curl -s --max-time 5 -o "$tmp/body" -w '%{http_code}' --request-target "$target" "$base/")
	case $c in
	400 | 403 | 404 | 000) ok ;;
	*) fail "request target $target: got $c, want 400, 403 or 404" ;;
	esac
	check "request target $target: no secret" sh -c "! grep -q '$secret' '$tmp/body'"
done
check "an encoded Vietnamese name that does not exist: 404" [ "$(get /%E1%BB%8B.html)" = 404 ]

# ---- the Host header: only this server's own names (DNS rebinding) ----------
for h in "127.0.0.1:$port" "localhost:$port" "LocalHost:$port" "[::1]:$port"; do
	check "Host: $h: 200" [ "$(get / -H "Host: $h")" = 200 ]
done
for h in "evil.example:$port" "evil.example" "127.0.0.1" "localhost" "localhost.evil.example:$port" \
	"127.0.0.1:$port.evil.example" "127.0.0.2:$port" "[::1]" "localhost:$((port + 1))" ""; do
	c=$(get /__minhbach/status -H "Host: $h")
	check "Host: \"$h\": 421 (got $c)" [ "$c" = 421 ]
	check "Host: \"$h\": no build status" sh -c "! grep -q version '$tmp/body'"
done
c=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "Host: evil.example:$port" "$base/index.html")
check "Host: evil.example: no page either (got $c)" [ "$c" = 421 ]

# ---- limits: slow readers, trickled headers, a flood from one address -------
clients="python3 $top/tests/checks/serve_clients.py"
# 30 clients ask for the 20 MB page and read nothing: the page is sent from
# the file as they read, never held in memory.
growth=$($clients slow "$port" "$srv" 30 /big.html 127.0.0.3)
check "30 clients not reading a 20 MB page: memory grows by less than 64 MB (grew ${growth:-?} kB)" \
	[ "${growth:-999999}" -lt 65536 ]
c=$(get /big.html)
check "the 20 MB page is served whole, with the script (got $c)" \
	[ "$c" = 200 ] && [ "$(wc -c <"$tmp/body")" -gt "$big_size" ]
check "... the script before </body>" sh -c "tail -c 200 '$tmp/body' | grep -A1 reload.js | grep -q '</body>'"
c=$(curl -s --max-time 10 -I -o "$tmp/head" -w '%{http_code}' "$base/big.html")
check "HEAD /big.html: the length of the page with the script" \
	[ "$(header Content-Length)" = "$(wc -c <"$tmp/body")" ]
# One client trickles its headers a line a second; 600 others from another
# address open requests and stall.  The trickler is cut off, the flood keeps
# at most the per-address limit, and a third client is served meanwhile.
$clients trickle "$port" 40 >"$tmp/trickle.out" 2>&1 &
tpid=$!
rm -f "$tmp/hold"
mkfifo "$tmp/hold"
$clients flood "$port" 600 127.0.0.2 <"$tmp/hold" >"$tmp/flood.out" 2>&1 &
fpid=$!
exec 9>"$tmp/hold"
i=0
while [ ! -s "$tmp/flood.out" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kept=$(head -n 1 "$tmp/flood.out")
check "a flood of 600 stalled connections from one address keeps at most 32 (kept ${kept:-?})" \
	[ "${kept:-999}" -le 32 ]
c=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$base/index.html")
check "during the flood another client is served (got $c)" [ "$c" = 200 ]
exec 9>&-
wait "$fpid"
wait "$tpid"
trc=$?
t=$(cat "$tmp/trickle.out")
check "a client trickling its headers is cut off within 18 s (after ${t:-?} s)" \
	[ "$trc" = 0 ] && [ "${t:-99}" -le 18 ]
check "the server is still alive after the hostile clients" kill -0 "$srv"

# ---- rebuilds ---------------------------------------------------------------
cp "$tiny/units.json" "$tmp/data/units.json"
wait_until "a fixed data file is rebuilt (version 1)" version_is 1
check "status ok after the rebuild" status_has '"ok":true'
check "status: no errors left" status_has '"errors":\[\]'
check "the new site is served" [ "$(get /tai-ve/2023.json)" = 200 ]
check "the hand-made site is gone" [ "$(get /sub/)" = 404 ]
check "the terminal says the build is live" grep -q "build 1 is live" "$tmp/main.out"
get /tai-ve/2023.json >/dev/null
etag1=$(header ETag)

# A change of content reaches the served file.
sed 's/"Sở Tư pháp"/"Sở Tư pháp ĐỔI TÊN"/' "$tiny/units.json" >"$tmp/data/units.json.new"
mv "$tmp/data/units.json.new" "$tmp/data/units.json"
wait_until "a renamed unit is rebuilt (version 2)" version_is 2
get /tai-ve/2023.json >/dev/null
check "the new name is served" body_has "ĐỔI TÊN"
check "the ETag changed" [ "$(header ETag)" != "$etag1" ]
check "the old ETag no longer matches" [ "$(get /tai-ve/2023.json -H "If-None-Match: $etag1")" = 200 ]

# Invalid data: the last good site stays, the status shows the problem.
printf '{"groups": [' >"$tmp/data/units.json"
wait_until "a broken file is reported in the status" status_has '"ok":false'
check "the error names the file" status_has 'units.json'
check "the version stays 2" version_is 2
check "the last good site is still served" [ "$(get /tai-ve/2023.json)" = 200 ]
check "with its content" body_has "ĐỔI TÊN"
check "the terminal shows the error" grep -q "units.json:1" "$tmp/main.err"
cp "$tiny/units.json" "$tmp/data/units.json"
wait_until "fixed again (version 3)" version_is 3

# A new folder under DATA is watched too; so are the templates.
mkdir -p "$tmp/data/periods/2024"
cp "$tiny/periods/2023/par.json" "$tmp/data/periods/2024/par.json"
wait_until "a new period folder is built" sh -c "[ \"\$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' '$base/tai-ve/2024.json')\" = 200 ]"
settle
v=$(version)
echo "{{! touched }}" >>"$tmp/templates/404.mustache"
wait_until "a template change rebuilds" version_is $((v + 1))
settle
v=$(version)
touch "$tmp/data/.hidden-swap" "$tmp/data/units.json~"
sleep 1
if version_is "$v"; then ok; else
	fail "editor swap and backup files are ignored"
	tail -n 6 "$tmp/main.out"
fi
rm -f "$tmp/data/.hidden-swap" "$tmp/data/units.json~"
touch "$tmp/data/site.json"
wait_until "saving a file unchanged rebuilds" grep -q "the site did not change" "$tmp/main.out"
check "... but open pages do not reload" version_is "$v"

# ---- a bounded load --------------------------------------------------------
# 4 clients x 500 keep-alive requests; no error, and no memory growth.
urls="$tmp/urls"
: >"$urls"
i=0
while [ $i -lt 500 ]; do
	case $((i % 5)) in
	0) echo "url = \"$base/tai-ve/2023.json\"" ;;
	1) echo "url = \"$base/nope\"" ;;
	2) echo "url = \"$base/__minhbach/status\"" ;;
	3) echo "url = \"$base/tai-ve/2022.json\"" ;;
	4) echo "url = \"$base/%2e%2e/secret.txt\"" ;;
	esac
	echo "output = \"/dev/null\""
	i=$((i + 1))
done >"$urls"
load() {
	pids=""
	for k in 1 2 3 4; do
		timeout 120 curl -s --max-time 10 -K "$urls" -w '%{http_code}\n' >"$tmp/codes.$k" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p"; done # never a bare wait: the server is a child too
}
load # warm up: thread pools, allocator
rss0=$(vmrss "$srv")
load
load
rss1=$(vmrss "$srv")
cat "$tmp"/codes.* >"$tmp/codes"
check "load: 2000 answers" [ "$(wc -l <"$tmp/codes")" = 2000 ]
check "load: only 200, 403 and 404" sh -c "! grep -qvE '^(200|403|404)$' '$tmp/codes'"
check "load: 400 answers of 200" [ "$(grep -c '^200$' "$tmp/codes")" = 1200 ]
growth=$((rss1 - rss0))
check "load: memory grows by less than 4 MB (grew ${growth} kB)" [ "$growth" -lt 4096 ]
if command -v wrk >/dev/null; then
	timeout 30 wrk -c16 -t2 -d2s "$base/tai-ve/2023.json" >"$tmp/wrk" 2>&1
	check "wrk: no socket errors" sh -c "! grep -q 'Socket errors' '$tmp/wrk'"
	check "wrk: no non-2xx" sh -c "! grep -q 'Non-2xx' '$tmp/wrk'"
fi
check "the server is still alive" kill -0 "$srv"

# ---- stopping ---------------------------------------------------------------
kill -INT "$srv"
i=0
while kill -0 "$srv" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$srv" 2>/dev/null; then
	fail "SIGINT: still running after 10 s"
	stop_server
else
	wait "$srv"
	rc=$?
	pid=""
	check "SIGINT: exit 0 (got $rc)" [ "$rc" = 0 ]
	check "SIGINT: says it stops" grep -q "stopping" "$tmp/main.out"
fi
check "the port is free again" sh -c "! curl -s --max-time 2 -o /dev/null '$base/'"

# SIGTERM, and a port that is taken.
# An OUT the build refuses ends the preview at once: serving it would put
# DATA, or someone's files, on HTTP.
timeout 60 "$bin" serve -d "$tmp/data" -o "$tmp/data" -t "$tmp/templates" -p "$(free_port)" \
	>"$tmp/refused.out" 2>"$tmp/refused.err"
rc=$?
check "serve -o DATA: exits 2 without serving" [ "$rc" -eq 2 ]
check "... and says why" grep -q 'nothing to preview' "$tmp/refused.err"
check "... never 'serving'" sh -c "! grep -q 'serving' '$tmp/refused.out'"
mkdir -p "$tmp/theirs"
echo x >"$tmp/theirs/notes.txt"
timeout 60 "$bin" serve -d "$tmp/data" -o "$tmp/theirs" -t "$tmp/templates" -p "$(free_port)" \
	>"$tmp/refused.out" 2>"$tmp/refused.err"
rc=$?
check "serve -o a folder of someone's files: exits 3 without serving" [ "$rc" -eq 3 ]
check "... which stay" [ -f "$tmp/theirs/notes.txt" ]

if start_server term -d "$tmp/data" -o "$out" -t "$tmp/templates"; then
	ok
	"$bin" serve -d "$tmp/data" -o "$tmp/other" -t "$tmp/templates" -p "$port" \
		>"$tmp/busy.out" 2>"$tmp/busy.err" </dev/null &
	bpid=$!
	i=0
	while kill -0 "$bpid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$bpid" 2>/dev/null
	wait "$bpid"
	rc=$?
	check "a taken port: exit 3 (got $rc)" [ "$rc" = 3 ]
	check "a taken port: says why" grep -q "cannot listen" "$tmp/busy.err"
	kill -TERM "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null # still there after 10 s: the check below fails
	wait "$pid"
	rc=$?
	pid=""
	check "SIGTERM: exit 0 (got $rc)" [ "$rc" = 0 ]
else
	fail "second server did not start"
fi

# Options.
"$bin" serve -d "$tmp/data" -o "$tmp/x" -p "$(free_port)" --host "no such host!" >/dev/null 2>"$tmp/host.err"
check "a bad --host: exit 2" [ $? = 2 ]
check "a bad --host: says so" grep -q "host" "$tmp/host.err"
"$bin" serve -p 0 >/dev/null 2>&1
check "-p 0: exit 2" [ $? = 2 ]
"$bin" serve -j 2 >/dev/null 2>&1
check "-j does not apply to serve: exit 2" [ $? = 2 ]
if start_server v6 -d "$tmp/data" -o "$tmp/v6site" -t "$tmp/templates" --host ::1 2>/dev/null; then
	:
fi
stop_server
if [ -s "$tmp/v6.out" ] && grep -q "serving" "$tmp/v6.out"; then
	check "--host ::1: brackets in the address" grep -q "http://\[::1\]:" "$tmp/v6.out"
	check "--host ::1: loopback, no warning" sh -c "! grep -q reachable '$tmp/v6.err'"
fi
# Listening on every address warns; tried only inside a network namespace
# of our own, which nothing outside can reach.
if command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
	timeout 60 unshare -n sh -c "ip link set lo up 2>/dev/null
		'$bin' serve -d '$tmp/data' -o '$tmp/nssite' -t '$tmp/templates' -p 18080 --host 0.0.0.0 \
			>'$tmp/ns.out' 2>'$tmp/ns.err' &
		p=\$!
		i=0
		while [ \$i -lt 100 ] && ! grep -q serving '$tmp/ns.out' 2>/dev/null; do sleep 0.1; i=\$((i + 1)); done
		kill -INT \$p
		i=0
		while kill -0 \$p 2>/dev/null && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done
		kill -KILL \$p 2>/dev/null
		wait \$p"
	check "--host 0.0.0.0: exit 0 after SIGINT" [ $? = 0 ]
	check "--host 0.0.0.0: warns that the network can reach it" grep -q "reachable from the network" "$tmp/ns.err"
fi

# ---- the preview folder: serve never touches the published site (issue 14) ----
# An office folder as the press officer has it: data/, templates/ and the
# published site/ of an earlier build.  serve without -o previews in a
# folder of its own under TMPDIR, shows the build's warnings over the pages,
# leaves site/ byte-identical through rebuilds, and removes its folder on exit.
office="$tmp/office"
mkdir -p "$office" "$tmp/tmpdir"
cp -R "$tiny" "$office/data"
cp -R "$top/templates" "$office/templates"
(cd "$office" && "$bin_abs" build -q >/dev/null 2>&1)
check "office: the published site is built" [ -s "$office/site/index.html" ]
manifest() {
	python3 - "$1" <<'PY'
import hashlib, os, sys
root = sys.argv[1]
for d, dirs, files in sorted(os.walk(root)):
    dirs.sort()
    st = os.lstat(d)
    print(os.path.relpath(d, root), "dir", st.st_ino, st.st_mtime_ns)
    for f in sorted(files):
        p = os.path.join(d, f)
        st = os.lstat(p)
        print(os.path.relpath(p, root), hashlib.sha256(open(p, "rb").read()).hexdigest(),
              st.st_ino, st.st_mtime_ns)
PY
}
manifest "$office/site" >"$tmp/site.before"
ls -A "$office" >"$tmp/office.before"
# A warning the overlay must show: an unbalanced row.
sed 's/"in_time": 148/"in_time": 150/' "$tiny/periods/2023-q4/services.json" >"$office/data/periods/2023-q4/services.json"
saved_bin=$bin
bin=$bin_abs
back=$(pwd)
cd "$office" || exit 1
had_tmpdir=${TMPDIR+set}
saved_tmpdir=${TMPDIR-}
TMPDIR="$tmp/tmpdir"
export TMPDIR
start_server preview -t templates
started=$?
if [ -n "$had_tmpdir" ]; then TMPDIR=$saved_tmpdir; else unset TMPDIR; fi
cd "$back" || exit 1
bin=$saved_bin
if [ "$started" -eq 0 ]; then
	ok
	check "preview: says where it previews" grep -q "previewing in $tmp/tmpdir/minhbach-preview-" "$tmp/preview.out"
	check "preview: serves the site" [ "$(get /tai-ve/2023.json)" = 200 ]
	check "preview: a good build" status_has '"ok":true'
	check "preview: the warning in the status, for the overlay" \
		status_has '"warnings":\["[^"]*services.json: /services/0 (row 1, Sở Tư pháp): warning: files do not balance'
	check "preview: the overlay's title" status_has '"warnings_title":"minhbach: the site was built, with warnings'
	check "preview: no errors" status_has '"errors":\[\]'
	check "preview: the script shows warnings" sh -c "curl -s --max-time 5 '$base/__minhbach/reload.js' | grep -q minhbach-build-warnings"
	check "preview: the terminal says it has warnings" grep -q "with warnings" "$tmp/preview.out"
	# Saves while previewing rebuild the preview, never the published site.
	sed 's/"Sở Tư pháp"/"Sở Tư pháp (xem trước)"/' "$tiny/units.json" >"$office/data/units.json"
	wait_until "preview: rebuilt after a save" sh -c "curl -s --max-time 5 '$base/tai-ve/2023.json' | grep -q 'xem trước'"
	cp "$tiny/periods/2023-q4/services.json" "$office/data/periods/2023-q4/services.json"
	wait_until "preview: the warning is gone once fixed" status_has '"warnings":\[\]'
	stop_server
	manifest "$office/site" >"$tmp/site.after"
	check "preview: site/ byte-identical (names, bytes, inodes, times)" cmp -s "$tmp/site.before" "$tmp/site.after"
	ls -A "$office" >"$tmp/office.after"
	check "preview: nothing new beside site/ (no staging, lock or cache)" cmp -s "$tmp/office.before" "$tmp/office.after"
	check "preview: its folder is removed on exit" [ -z "$(ls -A "$tmp/tmpdir")" ]
else
	fail "preview: the server did not start"
	cat "$tmp/preview.out" "$tmp/preview.err"
fi

# ---- valgrind: requests, a rebuild, a failed rebuild, then SIGINT ------------
if command -v valgrind >/dev/null; then
	cp "$tiny/units.json" "$tmp/data/units.json"
	rm -rf "$tmp/data/periods/2024"
	bin_prefix="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 -q"
	if start_server vg -d "$tmp/data" -o "$tmp/vgsite" -t "$tmp/templates"; then
		for p in / /tai-ve/2023.json /nope /tai-ve /%2e%2e/secret.txt /__minhbach/status \
			/__minhbach/reload.js /__minhbach/version; do
			get "$p" >/dev/null
		done
		get /tai-ve/2023.json -H "If-None-Match: $(header ETag)" >/dev/null
		curl -s --max-time 10 -I -o /dev/null "$base/tai-ve/2023.json"
		curl -s --max-time 10 -X POST -d x -o /dev/null "$base/"
		sed 's/"Sở Y tế"/"Sở Y tế (mới)"/' "$tiny/units.json" >"$tmp/data/units.json"
		wait_until "valgrind: rebuilt" version_is 2
		printf '{' >"$tmp/data/units.json"
		wait_until "valgrind: failed rebuild" status_has '"ok":false'
		get / >/dev/null
		kill -INT "$pid"
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid"
		rc=$?
		pid=""
		check "valgrind: serve is clean and exits 0 (got $rc)" [ "$rc" = 0 ]
		[ "$rc" = 0 ] || grep -v '^minhbach\|^data/\|json:' "$tmp/vg.err" | head -40
	else
		fail "valgrind: the server did not start"
	fi
	bin_prefix=""
fi

finish
