# Shared helpers for the integration tests (sourced, bash).
#
# Every QEMU a test starts is tracked by PID and stopped on exit; every wait
# is bounded. Results are printed TAP-style and counted; finish() prints the
# layer's "NAME: N passed, N failed" line that tests/run.sh sums.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QEMU="$ROOT/tools/qemu.sh"
LOGDIR="$ROOT/build/test-logs"
mkdir -p "$LOGDIR"

T_PASSED=0
T_FAILED=0
T_SKIPPED=0
T_N=0
T_PIDS=()
T_NETNS=()

# Stop what this script started (by PID) and remove the namespaces it made.
cleanup() {
	for pid in "${T_PIDS[@]+"${T_PIDS[@]}"}"; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	T_PIDS=()
	for ns in "${T_NETNS[@]+"${T_NETNS[@]}"}"; do
		ip netns del "$ns" 2>/dev/null
	done
	T_NETNS=()
}
trap cleanup EXIT

pass() {
	T_N=$((T_N + 1)); T_PASSED=$((T_PASSED + 1))
	echo "ok $T_N - $1"
}

fail() {
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1: $2"
}

# check NAME COMMAND...: pass if the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "'$*' failed"; fi
}

finish() {
	if [ "$T_SKIPPED" -gt 0 ]; then
		echo "$1: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
	else
		echo "$1: $T_PASSED passed, $T_FAILED failed"
	fi
	[ "$T_FAILED" -eq 0 ]
}

# run_qemu_to_exit LOG TIMEOUT QEMU-OPTIONS...: run QEMU until it exits
# (isa-debug-exit) or TIMEOUT seconds pass; serial output goes to LOG.
# Sets QEMU_STATUS (124 on timeout).
run_qemu_to_exit() {
	local log=$1 timeout=$2
	shift 2
	QEMU_STATUS=0
	timeout --kill-after=5 "$timeout" "$QEMU" --serial "file:$log" --exit-device "$@" \
		</dev/null >"$log.qemu" 2>&1 || QEMU_STATUS=$?
}

# start_qemu LOG QEMU-OPTIONS...: start QEMU in the background; its PID
# goes to QEMU_PID and is stopped when the test script exits.
start_qemu() {
	local log=$1
	shift
	: >"$log"
	"$QEMU" --serial "file:$log" --exit-device "$@" </dev/null >"$log.qemu" 2>&1 &
	QEMU_PID=$!
	T_PIDS+=("$QEMU_PID")
}

stop_qemu() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	local keep=()
	for p in "${T_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	T_PIDS=("${keep[@]+"${keep[@]}"}")
}

# nic_args NIC: tools/qemu.sh options for a NIC name of the benchmarks, where
# "microvm" means QEMU's microvm machine with its virtio-mmio NIC.
nic_args() {
	case "$1" in
	microvm) echo --machine microvm --nic virtio ;;
	*) echo --nic "$1" ;;
	esac
}

# netns_create NAME: a private network namespace holding tap0 (10.0.0.1/24),
# the Linux side of the test; nothing touches the root namespace.
netns_create() {
	ip netns add "$1" || return 1
	T_NETNS+=("$1")
	# No IPv6 here: Linux's own neighbour discovery and MLD frames would
	# otherwise mix into what the tests count on the tap.
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 &&
	ip netns exec "$1" ip link set lo up &&
	ip netns exec "$1" ip tuntap add dev tap0 mode tap &&
	ip netns exec "$1" ip addr add 10.0.0.1/24 dev tap0 &&
	ip netns exec "$1" ip link set tap0 up
}

# start_qemu_netns NS LOG SOCK QEMU-OPTIONS...: QEMU inside the namespace on
# tap0, its serial console on SOCK (type into it) and logged to LOG.
start_qemu_netns() {
	local ns=$1 log=$2 sock=$3
	shift 3
	: >"$log"
	rm -f "$sock"
	ip netns exec "$ns" "$QEMU" --net tap:tap0 --serial "sock:$sock:$log" \
		--exit-device "$@" </dev/null >"$log.qemu" 2>&1 &
	QEMU_PID=$!
	T_PIDS+=("$QEMU_PID")
}

# wait_log LOG REGEX TIMEOUT: wait until the log matches (grep -E).
wait_log() {
	local log=$1 re=$2 deadline=$((SECONDS + $3))
	while [ $SECONDS -lt $deadline ]; do
		grep -aqE "$re" "$log" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

# Show the end of a log when a check fails, for the CI output.
show_log() {
	echo "--- last lines of $1"
	tail -n "${2:-25}" "$1" | awk '{ print "# " $0 }'	# a last line without its newline gets one
}

# serial_send SOCKET TEXT: type TEXT on the guest's serial console (a QEMU
# chardev socket from --serial sock:SOCKET:LOG) and hang up as soon as the
# guest has echoed its last line and the Enter after it: the command's
# output (LOG has it) is then written while no client is connected. QEMU
# logs a byte twice when its write to a connected socket would block and
# the UART sends the byte again (chardev/char.c qemu_chr_write_buffer logs
# "all right away" on an error; hw/char/serial.c retries on EAGAIN), and
# a reader that falls behind fills the socket soon: one byte per message.
# That turned 203.0.113.1 into 2003.0.113.1 and InLenErrors into
# InLenEErrors in LOG once each. Without an echo to wait for, it hangs up
# once the output pauses for 0.3 s; at most 3 s either way.
serial_send() {
	/usr/bin/python3 "$ROOT/tests/integration/console.py" send "$1" "$2"
}

# serial_cmd SOCKET CMD [SECONDS]: run CMD on the guest's shell and print
# its output as the socket received it, up to the next prompt (at most
# SECONDS, default 20). Unlike LOG, the socket never holds a byte twice
# (serial_send above): each byte the UART sends arrives once, retried or
# not. It stays connected until the prompt, so that no output is flowing
# when it hangs up, and reads as it comes, so that the socket never fills.
# Input typed while the console is busy can be lost between QEMU's chardev
# and the UART: a command the shell did not echo within 10 s is typed
# again (three times at most).
serial_cmd() {
	/usr/bin/python3 "$ROOT/tests/integration/console.py" cmd "$1" "$2" "${3:-20}"
}

# counters: run the shell's `stats` on the guest's serial console ($SOCK)
# and turn its "Group: Name=value ..." lines into Group.Name=value lines on
# stdout.
counters() {
	sh_run stats | awk '/^Ip: / { on = 1 } /^-- end of stats --/ { exit } on' |
		awk '{ grp=$1; sub(":$","",grp); start=2;
		       if (grp=="Dev") { grp="Dev." $2; sub(":$","",grp); start=3 }
		       for (i=start;i<=NF;i++) { split($i,kv,"="); if (kv[2]!="") print grp "." kv[1] "=" kv[2] } }'
}

# The guest's free memory (kB), the TCP line of its /proc/net/sockstat,
# and its network objects: the live objects of the stack's own slab
# caches and the skbs alive (allocs - frees), one NAME=N per line.
guest_memfree() { sh_run "cat /proc/meminfo" | awk '/^MemFree:/ { print $2; exit }'; }
guest_sockstat() { sh_run "cat /proc/net/sockstat" | grep -a '^TCP: ' | tail -n1; }
guest_net_objects() {
	sh_run "cat /proc/slabinfo" |
		awk '$1 ~ /^(skbuff_head_cache|sock_inode_cache|ip_dst_cache|TCP|UDP|tcp_.*|filp)$/ { print $1 "=" $3 }'
	counters | awk -F= '/^Skb.allocs=/ { a = $2 } /^Skb.frees=/ { f = $2 } END { print "skbs=" a - f }'
}

# guest_baseline NS ADDR: what check_net_baseline and the memory checks
# compare with, before a load: BASE_FREE (MemFree, kB), BASE_SOCKSTAT and
# BASE_OBJECTS. Traffic fills the input route cache (one route per device
# and type, kept as neighbours are): a ping from NS to ADDR first, so the
# baseline holds it.
guest_baseline() {
	ip netns exec "$1" ping -c 2 -i 0.2 -W 5 "$2" >/dev/null
	BASE_FREE=$(guest_memfree)
	BASE_SOCKSTAT=$(guest_sockstat)
	BASE_OBJECTS=$(guest_net_objects)
}

# no_panic NAME: pass NAME if $LOG holds no panic, BUG or WARNING; fail it
# with the first such lines otherwise.
no_panic() {
	if grep -aqE "panic|BUG|WARNING" "$LOG"; then
		fail "$1" "$(grep -aE 'panic|BUG|WARNING' "$LOG" | head -3)"
	else
		pass "$1"
	fi
}

# check_net_baseline SOCKSTAT OBJECTS: wait (at most 120 s) for the guest's
# sockstat line to come back to SOCKSTAT, then check it and the guest's
# network objects against OBJECTS (guest_net_objects before the load).
check_net_baseline() {
	local ss objs deadline=$((SECONDS + 120))
	while [ $SECONDS -lt $deadline ]; do
		ss=$(guest_sockstat)
		[ "$ss" = "$1" ] && break
		sleep 2
	done
	if [ "$ss" = "$1" ]; then
		pass "sockets back at the baseline: $ss"
	else
		fail "sockets back at the baseline" "'$ss', before '$1'"
	fi
	objs=$(guest_net_objects)
	if [ "$objs" = "$2" ]; then
		pass "the stack's objects and skbs back at the baseline: $(echo $objs)"
	else
		fail "objects back at the baseline" "$(diff <(echo "$2") <(echo "$objs") | grep '^[<>]' | tr '\n' ' ')"
	fi
}

# tcp_peer NS SECONDS ARGS...: tests/integration/tcp_peer.py in NS, bounded;
# what it printed (its JSON report last) in OUT, for jget.
tcp_peer() {
	local ns=$1 t=$2
	shift 2
	OUT=$(ip netns exec "$ns" timeout --kill-after=5 "$t" env TIMEOUT="$t" \
		/usr/bin/python3 "$ROOT/tests/integration/tcp_peer.py" "$@" 2>&1)
}
# jget KEY: KEY of the JSON line that ends OUT (empty if there is none).
jget() { /usr/bin/python3 -c 'import json,sys
try: print(json.loads(sys.argv[1].strip().splitlines()[-1]).get(sys.argv[2]))
except Exception: print("")' "$OUT" "$1"; }

# counter VALUES-TEXT NAME: the value of Group.Name from counters' output.
counter() {
	printf '%s\n' "$1" | sed -n "s/^$2=//p" | head -n1
}

# sh_run CMD: run CMD on Skiff's console shell (the test's $SOCK) and print
# what it printed, as serial_cmd reads it from the socket: never from $LOG,
# which can hold a byte twice (netfilter's ruleset once read back
# "ip ddaddr"). A command the shell did not echo is typed again.
sh_run() {
	serial_cmd "$SOCK" "$1" 60
}
