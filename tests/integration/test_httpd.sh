#!/usr/bin/env bash
# httpd (services/httpd/) against real clients: curl, a raw-socket Python
# client (tests/integration/http_client.py), ab and headless chromium.
#
# usage: test_httpd.sh [host|skiff] [NIC]
#
#   host   builds build/httpd-host with the host gcc and glibc (and the
#          capture library, libc/user/) and runs it on 127.0.0.1 in a network
#          namespace of its own, with the sample stats
#          (tests/integration/data/): its captures are Linux's AF_PACKET
#          sockets running the filters Skiff's compiler wrote, on that lo;
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
# moving counters, drops by reason), /capture.pcap: 401 without the capture
# token (shown on Skiff's console), 400 naming the word of a bad filter, a
# count ending the file, filtered captures holding exactly the frames
# tcpdump's filtering of the same traffic (seen from the Linux side) holds,
# and never the capture's own connection; ab with and without keep-alive,
# and the dashboard rendered by chromium (DOM checked, screenshot in
# build/test-logs/). Ends with "httpd: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

MODE=${1:-host}
NIC=${2:-e1000}
CLIENT="$ROOT/tests/integration/http_client.py"
DATA="$ROOT/tests/integration/data"
SAMPLE="$DATA/stats-sample.json"
TMP=$(mktemp -d)
trap 'cleanup; rm -rf "$TMP"' EXIT
X=()	# command prefix: runs a client where it can reach the server

run() { "${X[@]+"${X[@]}"}" "$@"; }
# spawn CMD...: run in the background where the clients run. SPAWNED is
# the command's own PID (ip netns exec execs it), stopped on exit.
spawn() {
	"${X[@]+"${X[@]}"}" "$@" &
	SPAWNED=$!
	T_PIDS+=("$SPAWNED")
}
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

	if ! gcc -O2 -Wall -Wextra -Werror -idirafter "$ROOT/libc/include" \
		-o "$ROOT/build/httpd-host" "$ROOT"/services/httpd/*.c \
		"$ROOT"/libc/user/capture.c "$ROOT"/libc/user/pcap_filter.c \
		"$ROOT"/libc/user/pcap_gen.c "$ROOT"/libc/user/nft_talk.c "$ROOT"/libc/nft.c \
		2>"$TMP/cc.log"; then
		fail "httpd builds for the host (gcc, glibc)" "$(head -c 600 "$TMP/cc.log")"
		return 1
	fi
	pass "httpd builds for the host with -Wall -Wextra -Werror"
	if "$ROOT/services/httpd/assets/mkassets.sh" | cmp -s - "$ROOT/services/httpd/assets.c"; then
		pass "services/httpd/assets.c is generated from the current assets/"
	else
		fail "assets.c is stale" "run services/httpd/assets/mkassets.sh > services/httpd/assets.c"
	fi
	# A namespace with only lo: its captures see this test's traffic alone.
	NS="skiff-httpd-host-$$"
	if ! ip netns add "$NS"; then
		fail "create namespace $NS" "ip netns failed (root needed)"
		return 1
	fi
	T_NETNS+=("$NS")
	ip netns exec "$NS" ip link set lo up
	X=(ip netns exec "$NS")
	CAPIF=lo
	cp "$SAMPLE" "$TMP/stats.json"
	TOKEN="host-token-$$"
	echo "$TOKEN" >"$TMP/token"
	HOST=127.0.0.1
	PORT=8080
	spawn "$ROOT/build/httpd-host" -a "$HOST" -p "$PORT" -s "$TMP/stats.json" \
		-k "$TMP/token" -c "$DATA/nf_conntrack-sample" -r "$DATA/nft-ruleset-sample.txt" >"$log" 2>&1
	HTTPD_PID=$SPAWNED
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
	CAPIF=tap0
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "${SKIFF_ELF:-$ROOT/build/skiff.elf}" \
		--nic "$NIC" --append "ip=10.0.0.2/24 gw=10.0.0.1 services=httpd profile=1000"
	HOST=10.0.0.2
	PORT=80
	if ! wait_log "$LOG" "httpd: listening on tcp port 80" 90; then
		fail "$NIC: Skiff boots with httpd listening" "no 'httpd: listening' line"
		show_log "$LOG" 40
		return 1
	fi
	pass "$NIC: Skiff boots with httpd listening on port 80"
	# The token the kernel drew at boot, as its console shows it.
	TOKEN=$(grep -aoE 'httpd: capture token [A-Za-z0-9._~-]{8,64}' "$LOG" | awk '{ print $4 }')
	if [ "${#TOKEN}" = 32 ]; then
		pass "$NIC: the capture token drawn at boot is on the console (32 hex digits)"
	else
		fail "$NIC: capture token" "console shows '$TOKEN'"
	fi
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
	spawn "$ROOT/build/httpd-host" -a 127.0.0.1 -p "$EPORT" -n 8 -s "$TMP/stats.json" \
		-k "$TMP/token" >"$LOGDIR/httpd-host-evict.log" 2>&1
	EPID=$SPAWNED
	if wait_log "$LOGDIR/httpd-host-evict.log" "listening" 10; then
		check_py "connection limit" evict 127.0.0.1 "$EPORT" 8
	else
		fail "connection limit" "second httpd-host on port $EPORT did not start"
	fi
	kill "$EPID" 2>/dev/null
fi

# --- /api/stats ---
check_py "/api/stats" stats "$HOST" "$PORT"
# /api/firewall: the samples' ruleset and conntrack lines on the host; on
# Skiff booted without a ruleset, the kernel's empty listing and table.
if [ "$MODE" = host ]; then
	check_py "/api/firewall" firewall "$HOST" "$PORT" "$DATA/nft-ruleset-sample.txt" "$DATA/nf_conntrack-sample"
else
	check_py "/api/firewall" firewall "$HOST" "$PORT" - -
fi
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

# --- /capture.pcap: only with the token ---
CAP="$URL/capture.pcap"
code=$(c -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' "$CAP?count=5")
if [ "$code" = 401 ] && field "$TMP/h" WWW-Authenticate | grep -q '^Bearer realm='; then
	pass "/capture.pcap without the token is 401 with 'WWW-Authenticate: $(field "$TMP/h" WWW-Authenticate)'"
else
	fail "/capture.pcap without the token" "status $code, WWW-Authenticate '$(field "$TMP/h" WWW-Authenticate)'"
fi
codes=$(c -o /dev/null -w '%{http_code} ' "$CAP?count=5&token=${TOKEN}x"
	c -o /dev/null -w '%{http_code} ' -H "Authorization: Bearer nottheone" "$CAP?count=5"
	c -o /dev/null -w '%{http_code} ' -H "Authorization: Basic $TOKEN" "$CAP?count=5"
	c -o /dev/null -w '%{http_code} ' -I -H "Authorization: Bearer $TOKEN" "$CAP?count=5")
check "a wrong token, a wrong Bearer, another scheme: 401; HEAD with the Bearer token: 200 ($codes)" \
	test "$codes" = "401 401 401 200 "
code=$(c -o "$TMP/b" -w '%{http_code}' "$CAP?token=$TOKEN&filter=tcp%20port")
if [ "$code" = 400 ] && grep -q "'port' needs a value" "$TMP/b"; then
	pass "a malformed filter is 400 naming the word: $(tail -n 1 "$TMP/b")"
else
	fail "bad filter" "status $code, body '$(cat "$TMP/b")'"
fi
code=$(c -o /dev/null -w '%{http_code}' "$CAP?token=$TOKEN&count=10001")
check "/capture.pcap?count=10001 is 400" test "$code" = 400

# capture_start NAME QUERY: a capture from a known client port in the
# background; returns once its head arrived (the socket is open then).
# The port is one no socket of the client's side holds, TIME-WAIT
# included: curl's --local-port cannot bind over one (EADDRINUSE), and the
# earlier tests' connections leave a few hundred in the range.
capture_start() {
	for _ in $(seq 20); do
		CAP_PORT=$((40000 + RANDOM % 20000))
		run ss -Htan "sport = :$CAP_PORT" | grep -q . || break
	done
	rm -f "$TMP/$1.pcap" "$TMP/$1.h"
	spawn curl -s -N --max-time "${CAP_MAXTIME:-60}" --local-port "$CAP_PORT" -D "$TMP/$1.h" \
		-o "$TMP/$1.pcap" -H "Authorization: Bearer $TOKEN" "$CAP?$2"
	CAP_PID=$SPAWNED
	wait_log "$TMP/$1.h" '^HTTP/1.1 200' 15
}

# Known traffic: 5 pings (10 ICMP echo frames), 3 datagrams to a closed
# port (and what answers them).
traffic() {
	run ping -c 5 -i 0.2 -W 2 "$HOST" >/dev/null 2>&1
	run /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3):
    s.sendto(b"x", (sys.argv[1], 33434))' "$HOST"
}

# A frame's identity, the same whichever side saw it (NICs pad short frames).
keys() {
	tshark -r "$1" -T fields -e eth.src -e eth.dst -e ip.src -e ip.dst -e ip.id \
		-e ip.proto -e icmp.type -e icmp.seq -e udp.srcport -e udp.dstport \
		-e tcp.srcport -e tcp.dstport -e tcp.seq_raw 2>/dev/null | sort
}

# The count ends the file: 6 frames of 5 pings' 10, then the server closes.
if capture_start count "count=6&filter=icmp"; then
	traffic
	wait "$CAP_PID"
	status=$?
	n=$(tshark -r "$TMP/count.pcap" 2>/dev/null | grep -c 'Echo (ping)')
	type=$(field "$TMP/count.h" Content-Type)
	if [ "$status" = 0 ] && [ "$n" = 6 ] && [ "$type" = application/vnd.tcpdump.pcap ]; then
		pass "/capture.pcap?count=6&filter=icmp ends after 6 echo frames, a pcap tshark reads"
	else
		fail "/capture.pcap count" "curl status $status, $n echo frames, type '$type'"
	fi
else
	fail "/capture.pcap count" "no 200 head within 15 s"
fi

# filtered NAME EXPR: a capture through EXPR while the known traffic runs,
# against what tcpdump selects with EXPR from Linux's own capture on the
# tap (or lo) of the same time.
filtered() {
	local name=$1 expr=$2 enc
	enc=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$expr")
	spawn tcpdump -i "$CAPIF" -n -U -w "$TMP/$name-ref.pcap" >"$TMP/$name-tcpdump.log" 2>&1
	local tpid=$SPAWNED
	wait_log "$TMP/$name-tcpdump.log" "listening on $CAPIF" 10
	if ! capture_start "$name" "count=10000&filter=$enc"; then
		fail "filter '$expr'" "no 200 head within 15 s"
		return
	fi
	traffic
	sleep 2
	kill "$CAP_PID" "$tpid" 2>/dev/null
	wait "$CAP_PID" "$tpid" 2>/dev/null
	tcpdump -r "$TMP/$name-ref.pcap" -w "$TMP/$name-exp.pcap" "$expr" 2>/dev/null
	keys "$TMP/$name.pcap" >"$TMP/$name.keys"
	keys "$TMP/$name-exp.pcap" >"$TMP/$name-exp.keys"
	local got want
	got=$(grep -c . "$TMP/$name.keys")
	want=$(grep -c . "$TMP/$name-exp.keys")
	if [ "$want" -gt 0 ] && cmp -s "$TMP/$name.keys" "$TMP/$name-exp.keys"; then
		pass "filter '$expr': the capture holds the $got frames tcpdump selects from the same traffic"
	else
		fail "filter '$expr'" "capture $got frames, tcpdump $want: $(diff "$TMP/$name.keys" "$TMP/$name-exp.keys" | head -4 | tr '\n\t' '  ')"
	fi
}
filtered icmp-or-udp "icmp or (udp and dst port 33434)"
filtered not-tcp "not tcp and not arp and host $HOST"

# Unfiltered, the capture still leaves its own connection out.
if CAP_MAXTIME=20 capture_start own "count=10000"; then
	traffic
	sleep 1
	kill "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	own=$(tshark -r "$TMP/own.pcap" -Y "tcp.port == $CAP_PORT" 2>/dev/null | grep -c .)
	echo=$(tshark -r "$TMP/own.pcap" 2>/dev/null | grep -c 'Echo (ping)')
	if [ "$own" = 0 ] && [ "$echo" -ge 10 ]; then
		pass "an unfiltered capture holds the traffic ($echo echo frames) and none of its own connection"
	else
		fail "capture's own traffic" "$own frames of port $CAP_PORT, $echo echo frames"
	fi
else
	fail "unfiltered capture" "no 200 head within 15 s"
fi

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
	# The DHCP card: the sample's leases, or Skiff's word that dhcpd is not running.
	# The firewall card: the samples' rules and connections, or Skiff's
	# empty ruleset.
	dhcp="dhcp-leases=10.1.0.100"
	fw=("fw-rules=oifname \"eth1\" masquerade" "fw-rules=41" "conntrack=ESTABLISHED"
	    "conntrack=192.168.1.100:40522 → 203.0.113.1:443" "conntrack=ASSURED NAT")
	if [ "$MODE" = skiff ]; then
		dhcp="dhcp-hint=dhcpd is not running"
		fw=("fw-hint=no ruleset" "ct-summary=(0)")
	fi
	check_py "chromium renders the dashboard with live data" dom "$TMP/dom.html" "$dhcp" "${fw[@]}"
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
