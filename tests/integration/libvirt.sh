# A private libvirt daemon for the libvirt and fleet tests (sourced after
# lib.sh, bash). It runs inside the test's own network namespace, so its
# bridge, taps and dnsmasq never touch the root namespace, and inside a
# mount namespace of its own where every path libvirt uses (/etc/libvirt,
# /run, /var) is a directory under build/ or an empty tmpfs: nothing
# system-wide is read or changed. QEMU runs as root under TCG
# (<domain type='qemu'>). The users libvirt looks up at start
# (libvirt-qemu, libvirt-dnsmasq) exist only in the private copy of
# /etc/passwd and /etc/group bound into that mount namespace.
#
#   libvirt_start NS DIR    start libvirtd in NS with its state under DIR;
#                           sets VIRSH_URI and exports LIBVIRT_DEFAULT_URI
#   libvirt_stop            destroy every domain and network, stop the
#                           daemon and any dnsmasq it left, by PID
#   lv ARGS...              virsh against the private daemon

LV_DIR=
LV_PID=

lv() { virsh -q -c "$VIRSH_URI" "$@"; }

libvirt_start() {
	local ns=$1 dir=$2 deadline
	LV_DIR=$dir
	rm -rf "$dir"
	mkdir -p "$dir"/{etc,run,lib,log/qemu,cache}
	cat >"$dir/etc/libvirtd.conf" <<-EOF2
	auth_unix_rw = "none"
	unix_sock_rw_perms = "0700"
	log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
	EOF2
	# QEMU as root, with no relabelling, cgroups, private /dev or virtlogd.
	cat >"$dir/etc/qemu.conf" <<-EOF2
	user = "root"
	group = "root"
	dynamic_ownership = 0
	remember_owner = 0
	security_driver = "none"
	namespaces = [ ]
	cgroup_controllers = [ ]
	stdio_handler = "file"
	EOF2
	cp /etc/passwd "$dir/passwd"
	cp /etc/group "$dir/group"
	getent passwd libvirt-qemu >/dev/null ||
		echo 'libvirt-qemu:x:64055:64055::/nonexistent:/usr/sbin/nologin' >>"$dir/passwd"
	getent passwd libvirt-dnsmasq >/dev/null ||
		echo 'libvirt-dnsmasq:x:64056:64056::/nonexistent:/usr/sbin/nologin' >>"$dir/passwd"
	getent group libvirt-qemu >/dev/null || echo 'libvirt-qemu:x:64055:' >>"$dir/group"
	getent group libvirt-dnsmasq >/dev/null || echo 'libvirt-dnsmasq:x:64056:' >>"$dir/group"
	getent group kvm >/dev/null || echo 'kvm:x:64057:' >>"$dir/group"
	ip netns exec "$ns" unshare --mount --propagation private -- /bin/sh -c '
		set -e
		d=$1
		mount -t tmpfs skiff-libvirt-run /run
		mkdir -p /run/libvirt /run/lock
		mount --bind "$d/run" /run/libvirt
		mount -t tmpfs skiff-libvirt-var /var
		mkdir -p /var/lib/libvirt /var/log/libvirt /var/cache/libvirt /var/tmp
		ln -s /run /var/run
		ln -s /run/lock /var/lock
		mount --bind "$d/lib" /var/lib/libvirt
		mount --bind "$d/log" /var/log/libvirt
		mount --bind "$d/cache" /var/cache/libvirt
		mount --bind "$d/etc" /etc/libvirt
		mount --bind "$d/passwd" /etc/passwd
		mount --bind "$d/group" /etc/group
		exec libvirtd --pid-file=/run/libvirt/libvirtd.pid
	' libvirt-private "$dir" >"$dir/libvirtd.out" 2>&1 &
	LV_PID=$!
	VIRSH_URI="qemu:///system?socket=$dir/run/libvirt-sock"
	export LIBVIRT_DEFAULT_URI=$VIRSH_URI
	deadline=$((SECONDS + 30))
	while [ $SECONDS -lt $deadline ] && kill -0 "$LV_PID" 2>/dev/null; do
		lv version >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	echo "libvirtd did not come up:" >&2
	tail -n 5 "$dir/libvirtd.out" "$dir/log/libvirtd.log" >&2 2>/dev/null
	return 1
}

# Everything the daemon started goes first (domains, then networks and so
# their dnsmasq), then the daemon; a dnsmasq it left behind is stopped by
# the PID in its pid file.
libvirt_stop() {
	local d n pid f
	[ -n "$LV_PID" ] || return 0
	if kill -0 "$LV_PID" 2>/dev/null; then
		for d in $(lv list --name 2>/dev/null); do lv destroy "$d" >/dev/null 2>&1; done
		for d in $(lv list --all --name 2>/dev/null); do lv undefine "$d" >/dev/null 2>&1; done
		for n in $(lv net-list --name 2>/dev/null); do lv net-destroy "$n" >/dev/null 2>&1; done
		kill "$LV_PID" 2>/dev/null
	fi
	wait "$LV_PID" 2>/dev/null
	for f in "$LV_DIR"/run/network/*.pid "$LV_DIR"/run/qemu/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		case "$pid" in ''|*[!0-9]*) continue ;; esac
		kill "$pid" 2>/dev/null
	done
	LV_PID=
}

# lease_of DOMAIN: its IPv4 address from libvirt's DHCP leases, or nothing.
lease_of() {
	lv domifaddr "$1" 2>/dev/null | awk '$3 == "ipv4" { sub("/.*", "", $4); print $4; exit }'
}

# libvirt_netns NS: an empty network namespace (loopback up) for the daemon.
libvirt_netns() {
	ip netns add "$1" || return 1
	T_NETNS+=("$1")
	ip netns exec "$1" ip link set lo up
}

# render TEMPLATE KEY=VALUE...: tools/skiff.xml or tools/skiff-net.xml filled in.
render() {
	local t=$1 kv args=()
	shift
	for kv in "$@"; do args+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
	sed "${args[@]}" "$t"
}

# wait_state DOMAIN REGEX TIMEOUT: until `virsh domstate --reason` matches.
wait_state() {
	local deadline=$((SECONDS + $3))
	while [ $SECONDS -lt $deadline ]; do
		lv domstate --reason "$1" 2>/dev/null | grep -qE "$2" && return 0
		sleep 0.5
	done
	return 1
}

# Stop the daemon (and what it runs) before lib.sh removes the namespace.
trap 'libvirt_stop; cleanup' EXIT
