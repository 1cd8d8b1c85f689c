#!/usr/bin/env bash
# httpd (services/httpd/) against real clients: curl, a raw-socket Python
# client (tests/integration/http_client.py), ab and headless chromium.
#
# usage: test_httpd.sh [host|skiff] [NIC]
#
#   host   builds build/httpd-host with the host gcc and glibc and runs it on
#          127.0.0.1 with the sample stats (tests/integration/data/) and a
#          pcap file standing in for /dev/capture;
#   skiff  boots Skiff (build/skiff.elf) behind a tap in a private network
#          namespace with services=httpd and targets 10.0.0.2:80 from the
#          Linux side (10.0.0.1; SKIFF_ELF picks another image); /api/stats
#          and /capture.pcap are the kernel's own.
#
# Checks: status codes and fields of 200/404/405/HEAD, 100 requests on one
# keep-alive connection, pipelined requests answered in order, HTTP/1.0
# persistence, malformed and oversized requests (4xx/5xx and a close,
# bounded waits), 408 on a stalled request, 200 idle connections not
# delaying a new client, /api/stats as JSON with the documented keys (and
# moving counters, drops by reason), /capture.pcap readable by tshark, ab with and without
# keep-alive, and the dashboard rendered by chromium (DOM checked, screenshot
# in build/test-logs/). Ends with "httpd: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

MODE=${1:-host}
NIC=${2:-e1000}
CLIENT="$ROOT/tests/integration/http_client.py"
SAMPLE="$ROOT/tests/integration/data/stats-sample.json"
TMP=$(mktemp -d)
trap 'cleanup; rm -rf "$TMP"' EXIT
X=()	# command prefix: runs a client where it can reach the server

run() { "${X[@]+"${X[@]}"}" "$@"; }
c() { run curl -s --max-time 20 "$@"; }
py() { run timeout 120 /usr/bin/python3 "$CLIENT" "$@"; }
# field FILE NAME: a response field's value from a curl -D dump.
field() { tr -d '\r' <"$1" | sed -n "s/^$2: *//Ip" | head -n1; }

# check_py NAME ARGS...: passes if the client succeeds; shows its last line.
check_py() {
	local name=$1 out
	shift
	out=$(py "$@" 2>&1)
	if [ $? -eq 0 ]; then
		pass "$name: $(tail -n1 <<<"$out")"
	else
		fail "$name" "$(tr '\n' ' ' <<<"$out" | cut -c1-600)"
	fi
}

start_host() {
	local log="$LOGDIR/httpd-host.log"

	if ! gcc -O2 -Wall -Wextra -Werror -o "$ROOT/build/httpd-host" \
		"$ROOT"/services/httpd/*.c 2>"$TMP/cc.log"; then
		fail "httpd builds for the host (gcc, glibc)" "$(head -c 600 "$TMP/cc.log")"
		return 1
	fi
	pass "httpd builds for the host with -Wall -Wextra -Werror"
	if "$ROOT/services/httpd/assets/mkassets.sh" | cmp -s - "$ROOT/services/httpd/assets.c"; then
		pass "services/httpd/assets.c is generated from the current assets/"
	else
		fail "assets.c is stale" "run services/httpd/assets/mkassets.sh > services/httpd/assets.c"
	fi
	cp "$SAMPLE" "$TMP/stats.json"
	py mkpcap "$TMP/capture.pcap" 20 >/dev/null
	HOST=127.0.0.1
	PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$ROOT/build/httpd-host" -a "$HOST" -p "$PORT" -s "$TMP/stats.json" \
		-c "$TMP/capture.pcap" >"$log" 2>&1 &
	HTTPD_PID=$!
	T_PIDS+=("$HTTPD_PID")
	if ! wait_log "$log" "httpd: listening on tcp port $PORT" 10; then
		fail "httpd-host starts" "no 'listening' line"
		show_log "$log"
		return 1
	fi
}

start_skiff() {
	NS="skiff-httpd-$NIC-$$"
	LOG="$LOGDIR/httpd-$NIC.log"
	SOCK="$ROOT/build/httpd-$NIC.sock"
	if ! netns_create "$NS"; then
		fail "create namespace $NS with a tap" "ip netns/tuntap failed (root needed)"
		return 1
	fi
	X=(ip netns exec "$NS")
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "${SKIFF_ELF:-$ROOT/build/skiff.elf}" \
		--nic "$NIC" --append "ip=10.0.0.2/24 gw=10.0.0.1 services=httpd"
	HOST=10.0.0.2
	PORT=80
	if ! wait_log "$LOG" "httpd: listening on tcp port 80" 90; then
		fail "$NIC: Skiff boots with httpd listening" "no 'httpd: listening' line"
		show_log "$LOG" 40
		return 1
	fi
	pass "$NIC: Skiff boots with httpd listening on port 80"
}

case "$MODE" in
host) start_host || { finish httpd; exit 1; } ;;
skiff) start_skiff || { finish httpd; exit 1; } ;;
*) echo "usage: $0 [host|skiff] [NIC]"; exit 2 ;;
esac
URL="http://$HOST:$PORT"

# The 408 check waits ~10 s: let it run beside the others.
py timeout "$HOST" "$PORT" >"$TMP/timeout.out" 2>&1 &
TIMEOUT_PID=$!
T_PIDS+=("$TIMEOUT_PID")

# --- status codes and fields ---
code=$(c -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' "$URL/")
len=$(field "$TMP/h" Content-Length)
if [ "$code" = 200 ] && [ "$len" = "$(stat -c %s "$TMP/b")" ] &&
   field "$TMP/h" Content-Type | grep -q '^text/html' &&
   field "$TMP/h" Date | grep -qE '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$' &&
   grep -q 'id="interfaces"' "$TMP/b"; then
	pass "GET / is 200 text/html, Content-Length $len matches, Date is an IMF-fixdate"
else
	fail "GET /" "status $code, length '$len' for $(stat -c %s "$TMP/b") bytes, fields: $(tr '\r\n' '  ' <"$TMP/h")"
fi

for path in /dashboard.css /dashboard.js; do
	code=$(c -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' "$URL$path")
	if [ "$code" = 200 ] && [ "$(field "$TMP/h" Content-Length)" = "$(stat -c %s "$TMP/b")" ]; then
		pass "GET $path is 200 $(field "$TMP/h" Content-Type)"
	else
		fail "GET $path" "status $code"
	fi
done

for path in /nope /favicon.ico '/api/stats/x' '/%2e%2e/etc/passwd'; do
	code=$(c -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' "$URL$path")
	if [ "$code" = 404 ] && [ "$(field "$TMP/h" Content-Length)" = "$(stat -c %s "$TMP/b")" ] &&
	   [ -n "$(field "$TMP/h" Content-Type)" ]; then
		pass "GET $path is 404 with Content-Type and Content-Length"
	else
		fail "GET $path" "status $code"
	fi
done

for method in POST PUT DELETE OPTIONS; do
	code=$(c -X "$method" -d 'x=1' -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' "$URL/")
	allow=$(field "$TMP/h" Allow)
	if [ "$code" = 405 ] && [ "$allow" = "GET, HEAD" ]; then
		pass "$method / is 405 with 'Allow: $allow'"
	else
		fail "$method /" "status $code, Allow '$allow'"
	fi
done

for path in / /api/stats /nope; do
	check_py "HEAD $path" head "$HOST" "$PORT" "$path"
done

# --- persistence and pipelining ---
urls=()
for i in $(seq 100); do urls+=(-o /dev/null "$URL/dashboard.css?n=$i"); done
out=$(c -w '%{http_code} %{num_connects}\n' "${urls[@]}")
n200=$(grep -c '^200 ' <<<"$out")
connects=$(awk '{s += $2} END {print s + 0}' <<<"$out")
if [ "$n200" = 100 ] && [ "$connects" = 1 ]; then
	pass "100 requests on one keep-alive connection (curl: 1 connect, 100 x 200)"
else
	fail "100 keep-alive requests" "$n200 answered 200, $connects connects"
fi
check_py "pipelined requests" pipeline "$HOST" "$PORT"
check_py "a pipelined flood" flood "$HOST" "$PORT" 1000
check_py "HTTP/1.0 persistence" keepalive10 "$HOST" "$PORT"

# --- hostile clients ---
check_py "malformed and oversized requests get 4xx/5xx and a close" bad "$HOST" "$PORT"
check_py "200 idle connections do not block a new client" idle "$HOST" "$PORT" 200
if [ "$MODE" = host ]; then
	# A second server with a limit of 8 connections: the 9th evicts the oldest idle.
	EPORT=$((PORT + 1))
	"$ROOT/build/httpd-host" -a 127.0.0.1 -p "$EPORT" -n 8 -s "$TMP/stats.json" \
		>"$LOGDIR/httpd-host-evict.log" 2>&1 &
	EPID=$!
	T_PIDS+=("$EPID")
	if wait_log "$LOGDIR/httpd-host-evict.log" "listening" 10; then
		check_py "connection limit" evict 127.0.0.1 "$EPORT" 8
	else
		fail "connection limit" "second httpd-host on port $EPORT did not start"
	fi
	kill "$EPID" 2>/dev/null
fi

# --- /api/stats ---
check_py "/api/stats" stats "$HOST" "$PORT"
# counters NAME: a few figures of /api/stats as "uptime rx_packets InReceives".
stats_figures() {
	c "$URL/api/stats" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
eth = [i for i in d.get("interfaces", []) if i.get("name") == "eth0"]
rx = eth[0]["stats"]["rx_packets"] if eth else -1
print(d.get("uptime_ms", -1), rx, d.get("snmp", {}).get("Ip", {}).get("InReceives", -1))' 2>/dev/null
}
if [ "$MODE" = host ]; then
	before=$(stats_figures)
	sed -i 's/"uptime_ms":754213/"uptime_ms":756213/; s/"rx_packets":48213/"rx_packets":48999/' "$TMP/stats.json"
	after=$(stats_figures)
else
	before=$(stats_figures)
	run ping -c 10 -i 0.05 -W 2 "$HOST" >/dev/null 2>&1
	c -o /dev/null "$URL/" -o /dev/null "$URL/" -o /dev/null "$URL/"
	after=$(stats_figures)
fi
read -r u0 rx0 ip0 <<<"${before:-- - -}"
read -r u1 rx1 ip1 <<<"${after:-- - -}"
if [ -n "$before" ] && [ -n "$after" ] && [ "$u1" -gt "$u0" ] && [ "$rx1" -gt "$rx0" ] &&
   { [ "$MODE" = host ] || [ "$ip1" -gt "$ip0" ]; }; then
	pass "/api/stats is fresh on every request: uptime $u0 -> $u1, eth0 rx_packets $rx0 -> $rx1"
else
	fail "/api/stats counters move" "before '$before', after '$after'"
fi

# Drop reasons: in Skiff, datagrams to a closed port are counted as NO_SOCKET
# (which the dashboard's table shows below); the sample file has some too.
no_socket() {
	c "$URL/api/stats" | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin).get("drop_reasons", {}).get("NO_SOCKET", 0))' 2>/dev/null
}
n0=$(no_socket)
if [ "$MODE" = skiff ]; then
	run /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3):
    s.sendto(b"x", (sys.argv[1], 33434))' "$HOST"
	sleep 1
fi
n1=$(no_socket)
if [ "$MODE" = host ] && [ "$n1" = 2 ]; then
	pass "/api/stats serves the sample's drop_reasons (NO_SOCKET $n1)"
elif [ "$MODE" = skiff ] && [ -n "$n0" ] && [ -n "$n1" ] && [ $((n1 - n0)) -ge 3 ]; then
	pass "/api/stats drop_reasons counts datagrams to a closed port (NO_SOCKET $n0 -> $n1)"
else
	fail "/api/stats drop_reasons" "NO_SOCKET '$n0' then '$n1'"
fi

# httpd's own counters saw the above: requests, 4xx answers, a 408 pending.
out=$(c "$URL/api/httpd")
if /usr/bin/python3 -c '
import json, sys
d = json.loads(sys.argv[1])
sys.exit(0 if d["requests"] > 100 and d["errors_4xx"] > 10 and d["connections"] >= 1 else 1)' "$out" 2>/dev/null; then
	pass "/api/httpd counts requests and errors: $out"
else
	fail "/api/httpd" "'$out'"
fi

# --- /capture.pcap ---
rm -f "$TMP/cap.pcap"
if [ "$MODE" = host ]; then
	code=$(c -D "$TMP/h" -o "$TMP/cap.pcap" -w '%{http_code}' "$URL/capture.pcap?count=20")
else
	run curl -s --max-time 30 -D "$TMP/h" -o "$TMP/cap.pcap" -w '%{http_code}' \
		"$URL/capture.pcap?count=20" >"$TMP/capcode" &
	cpid=$!
	sleep 1
	run ping -c 15 -i 0.1 -W 2 "$HOST" >/dev/null 2>&1
	wait "$cpid"
	code=$(cat "$TMP/capcode")
fi
frames=$(tshark -r "$TMP/cap.pcap" 2>/dev/null | grep -c 'Echo (ping)')
type=$(field "$TMP/h" Content-Type)
if [ "$code" = 200 ] && [ "$type" = application/vnd.tcpdump.pcap ] && [ "$frames" -ge 2 ] &&
   tshark -r "$TMP/cap.pcap" 2>/dev/null | grep -q 'Echo (ping) reply'; then
	pass "/capture.pcap?count=20 streams a pcap that tshark decodes ($frames ICMP echo frames)"
else
	fail "/capture.pcap" "status $code, type '$type', $frames echo frames decoded"
fi
code=$(c -o /dev/null -w '%{http_code}' "$URL/capture.pcap?count=10001")
check "/capture.pcap?count=10001 is 400" test "$code" = 400

# --- load: many concurrent clients ---
for ka in -k ""; do
	out=$(run timeout 120 ab -q -n 2000 -c 50 $ka "$URL/" 2>&1)
	done_n=$(sed -n 's/^Complete requests: *//p' <<<"$out")
	failed_n=$(sed -n 's/^Failed requests: *//p' <<<"$out")
	rps=$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' <<<"$out")
	if [ "$done_n" = 2000 ] && [ "$failed_n" = 0 ]; then
		pass "ab -n 2000 -c 50 ${ka:-(no keep-alive)}: 0 failed, $rps requests/s"
	else
		fail "ab -c 50 $ka" "complete '$done_n', failed '$failed_n': $(tail -n 3 <<<"$out" | tr '\n' ' ')"
	fi
done

# --- the stalled request started at the top ---
wait "$TIMEOUT_PID"
if grep -q '^timeout: 408' "$TMP/timeout.out"; then
	pass "a stalled partial request: $(cat "$TMP/timeout.out")"
else
	fail "408 on a stalled request" "$(cat "$TMP/timeout.out")"
fi

# --- a real browser ---
if command -v chromium >/dev/null; then
	shot="$LOGDIR/dashboard.png"
	[ "$MODE" = skiff ] && shot="$LOGDIR/dashboard-skiff-$NIC.png"
	flags=(--headless --no-sandbox --disable-gpu --no-first-run
	       --disable-background-networking --disable-component-update --disable-sync
	       --virtual-time-budget=5000)
	run timeout 90 chromium "${flags[@]}" --user-data-dir="$TMP/chrome1" \
		--dump-dom "$URL/" >"$TMP/dom.html" 2>"$TMP/chrome.log"
	check_py "chromium renders the dashboard with live data" dom "$TMP/dom.html"
	rm -f "$shot"
	run timeout 90 chromium "${flags[@]}" --user-data-dir="$TMP/chrome2" \
		--screenshot="$shot" --window-size=1280,900 "$URL/" >/dev/null 2>&1
	if [ -s "$shot" ]; then
		pass "dashboard screenshot saved as ${shot#$ROOT/}"
	else
		fail "dashboard screenshot" "chromium wrote no $shot"
	fi
else
	fail "chromium renders the dashboard" "chromium is not installed (Debian package 'chromium')"
fi

# --- still standing ---
code=$(c -o /dev/null -w '%{http_code}' "$URL/")
if [ "$MODE" = host ]; then
	if [ "$code" = 200 ] && kill -0 "$HTTPD_PID" 2>/dev/null; then
		pass "httpd-host still serves after all of the above"
	else
		fail "httpd-host survives" "status $code"; show_log "$LOGDIR/httpd-host.log"
	fi
else
	if [ "$code" = 200 ] && ! grep -aqiE 'httpd.*(crash|fault|exited)|panic' "$LOG"; then
		pass "$NIC: httpd still serves, no crash or restart in the log"
	else
		fail "$NIC: httpd survives" "status $code"; show_log "$LOG" 30
	fi
fi

finish httpd
