// Skiff's status dashboard: polls /api/stats and /api/firewall every 2 s and fills the page.
// Every key of the JSON is optional (docs/api.md has the schema); rates are
// computed here from two consecutive samples. Text goes in with
// textContent only, never as HTML.
"use strict";

var REFRESH_MS = 2000;
var prev = null;          // the previous sample, for rates
var openGroups = {};      // which counter groups the user has opened
var HISTORY = 150;        // samples kept per interface: 5 minutes at 2 s
var traffic = {};         // interface name -> [{pps, bps}], oldest first

function $(id) { return document.getElementById(id); }

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function num(v) {
  return typeof v === "number" && isFinite(v) ? v : null;
}

function fmtInt(v) {
  v = num(v);
  return v === null ? "-" : v.toLocaleString("en-US");
}

function fmtBytes(v) {
  v = num(v);
  if (v === null) return "-";
  var units = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)) + " " + units[i];
}

function fmtRate(v) {
  if (v === null || v === undefined) return "";
  if (v >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (v >= 1e4) return (v / 1e3).toFixed(1) + "k";
  return v >= 10 || v === 0 ? String(Math.round(v)) : v.toFixed(1);
}

function fmtUptime(ms) {
  ms = num(ms);
  if (ms === null) return "-";
  var s = Math.floor(ms / 1000), d = Math.floor(s / 86400);
  var h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  var pad = function (x) { return (x < 10 ? "0" : "") + x; };
  return (d ? d + "d " : "") + pad(h) + ":" + pad(m) + ":" + pad(s % 60);
}

function badge(text, kind) {
  return el("span", "badge" + (kind ? " " + kind : ""), text);
}

// The per-second rate of a counter between the previous sample and this one.
function rate(cur, old, dtSec) {
  cur = num(cur); old = num(old);
  if (cur === null || old === null || !(dtSec > 0) || cur < old) return null;
  return (cur - old) / dtSec;
}

// Replaces the body of a table with one row per item; cells(item) returns
// an array of [content, className] where content is text or a node.
function fillTable(id, items, cells) {
  var table = $(id);
  if (!table) return;
  var body = table.tBodies[0];
  var rows = document.createDocumentFragment();
  var ncol = table.tHead ? table.tHead.rows[0].cells.length : 1;
  if (!Array.isArray(items) || items.length === 0) {
    var tr = el("tr"), td = el("td", "empty", "none");
    td.colSpan = ncol;
    tr.appendChild(td);
    rows.appendChild(tr);
  } else {
    items.forEach(function (item) {
      var tr = el("tr");
      cells(item).forEach(function (c) {
        var td = el("td", c[1] || "");
        if (c[0] instanceof Node) td.appendChild(c[0]);
        else td.textContent = c[0] === undefined || c[0] === null ? "-" : String(c[0]);
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    });
  }
  body.replaceChildren(rows);
}

function fillKv(id, pairs) {
  var dl = $(id);
  if (!dl) return;
  var frag = document.createDocumentFragment();
  pairs.forEach(function (p) {
    frag.appendChild(el("dt", "", p[0]));
    var dd = el("dd");
    if (p[1] instanceof Node) dd.appendChild(p[1]);
    else dd.textContent = p[1] === undefined || p[1] === null ? "-" : String(p[1]);
    frag.appendChild(dd);
  });
  dl.replaceChildren(frag);
}

function stateKind(state) {
  var s = String(state || "").toUpperCase();
  if (/^(ESTABLISHED|REACHABLE|RUNNING|PERMANENT|UP)$/.test(s)) return "ok";
  if (/^(LISTEN|STALE|DELAY|PROBE|INCOMPLETE|SYN_|FIN_|TIME_WAIT|CLOSE_WAIT|LAST_ACK|CLOSING|STARTING|BACKOFF|RESTARTING)/.test(s)) return "warn";
  if (/^(FAILED|CRASHED|STOPPED|DOWN|EXITED)$/.test(s)) return "bad";
  return "";
}

function renderHeader(st) {
  $("hostname").textContent = st.hostname || "skiff";
  $("uptime").textContent = fmtUptime(st.uptime_ms);
  $("version").textContent = st.version || "?";
  document.title = (st.hostname || "Skiff") + " - Skiff status";
}

function renderOverview(st) {
  var st_ = st.selftest || {}, mem = st.memory || {};
  var ifs = Array.isArray(st.interfaces) ? st.interfaces : [];
  var up = ifs.filter(function (i) { return i.up && i.carrier !== false; }).length;
  var svcs = Array.isArray(st.services) ? st.services : [];
  var running = svcs.filter(function (s) { return String(s.state).toLowerCase() === "running"; }).length;
  var tcp = (st.sockets || []).filter(function (s) { return s.proto === "tcp"; });
  var est = tcp.filter(function (s) { return s.state === "ESTABLISHED"; }).length;
  var passed = num(st_.passed), failed = num(st_.failed);
  fillKv("overview", [
    ["Hostname", st.hostname],
    ["Uptime", fmtUptime(st.uptime_ms)],
    ["Interfaces up", ifs.length ? up + " of " + ifs.length : "-"],
    ["Services running", svcs.length ? running + " of " + svcs.length : "-"],
    ["TCP connections", tcp.length ? est + " established, " + tcp.length + " total" : "-"],
    ["Self-test", passed === null ? "-" :
      badge(passed + " passed, " + (failed || 0) + " failed", failed ? "bad" : "ok")],
    ["Memory free", num(mem.free_kb) === null ? "-" :
      fmtBytes(mem.free_kb * 1024) + " of " + fmtBytes(mem.total_kb * 1024)],
  ]);
}

function renderSelftest(st) {
  var t = st.selftest || {};
  var list = $("selftest");
  var frag = document.createDocumentFragment();
  var results = Array.isArray(t.results) ? t.results : [];
  $("selftest-summary").textContent = num(t.passed) === null ? "" :
    "(" + t.passed + " passed, " + (t.failed || 0) + " failed" +
    (t.skipped ? ", " + t.skipped + " skipped" : "") + ")";
  if (!results.length) frag.appendChild(el("li", "hint", "no results"));
  results.forEach(function (r) {
    var li = el("li");
    if (r.skipped) li.appendChild(badge("skip", ""));
    else li.appendChild(badge(r.ok ? "ok" : "FAIL", r.ok ? "ok" : "bad"));
    var name = el("span", "mono", r.name);
    name.title = r.name;
    li.appendChild(name);
    frag.appendChild(li);
  });
  list.replaceChildren(frag);
}

function renderMemory(st) {
  var m = st.memory || {}, skb = st.skb || {};
  var total = num(m.total_kb), free = num(m.free_kb);
  var used = total !== null && free !== null ? total - free : null;
  $("mem-bar").style.width = used !== null && total > 0 ?
    Math.min(100, 100 * used / total).toFixed(1) + "%" : "0";
  fillKv("memory", [
    ["Total", total === null ? "-" : fmtBytes(total * 1024)],
    ["Used", used === null ? "-" : fmtBytes(used * 1024) + " (" + (100 * used / total).toFixed(0) + "%)"],
    ["Free", free === null ? "-" : fmtBytes(free * 1024)],
  ]);
  fillKv("skb", [
    ["Live heads", fmtInt(skb.live_heads)],
    ["Live data", fmtInt(skb.live_data)],
    ["Allocations", fmtInt(skb.allocs)],
    ["Frees", fmtInt(skb.frees)],
    ["Drops", fmtInt(skb.drops)],
  ]);
  fillTable("caches", m.caches, function (c) {
    return [[c.name, "mono"], [fmtInt(c.size), "n"], [fmtInt(c.active), "n"], [fmtInt(c.slabs), "n"]];
  });
}

function renderInterfaces(st, old, dt) {
  var oldIfs = {};
  ((old && old.interfaces) || []).forEach(function (i) { oldIfs[i.name] = i.stats || {}; });
  fillTable("interfaces", st.interfaces, function (i) {
    var s = i.stats || {}, o = oldIfs[i.name];
    var link = i.up ? (i.carrier === false ? badge("no carrier", "warn") : badge("up", "ok")) : badge("down", "bad");
    var rx = o ? rate(s.rx_packets, o.rx_packets, dt) : null;
    var tx = o ? rate(s.tx_packets, o.tx_packets, dt) : null;
    var drops = (num(s.rx_dropped) || 0) + (num(s.tx_dropped) || 0);
    var errs = (num(s.rx_errors) || 0) + (num(s.tx_errors) || 0);
    var name = el("span");
    name.appendChild(el("b", "", i.name));
    if (i.driver) name.appendChild(el("span", "hint", " " + i.driver));
    return [
      [name], [link], [i.mac, "mono"],
      [(i.addrs || []).join(", ") || "-", "mono"], [fmtInt(i.mtu), "n"],
      [fmtInt(s.rx_packets), "n"], [fmtBytes(s.rx_bytes), "n"], [fmtRate(rx), "n"],
      [fmtInt(s.tx_packets), "n"], [fmtBytes(s.tx_bytes), "n"], [fmtRate(tx), "n"],
      [fmtInt(drops), "n"], [fmtInt(errs), "n"],
    ];
  });
}

function renderTables(st) {
  fillTable("routes", st.routes, function (r) {
    return [[r.dst === "0.0.0.0/0" ? "default" : r.dst, "mono"], [r.gateway || "-", "mono"],
            [r.dev], [fmtInt(r.metric), "n"]];
  });
  fillTable("arp", st.arp, function (a) {
    return [[a.ip, "mono"], [a.mac || "-", "mono"], [a.dev], [badge(a.state, stateKind(a.state))]];
  });
  var socks = Array.isArray(st.sockets) ? st.sockets : [];
  $("sockets-count").textContent = "(" + socks.length + ")";
  fillTable("sockets", socks, function (s) {
    return [[s.proto], [s.state ? badge(s.state, stateKind(s.state)) : "-"],
            [s.local, "mono"], [!s.remote || /^0\.0\.0\.0:0$/.test(s.remote) ? "*" : s.remote, "mono"],
            [fmtInt(s.rx_queue), "n"], [fmtInt(s.tx_queue), "n"]];
  });
  fillTable("services", st.services, function (s) {
    return [[s.name, "mono"], [badge(s.state, stateKind(s.state))], [fmtInt(s.pid), "n"],
            [fmtInt(s.restarts), "n"], [num(s.last_status) === null || s.last_status < 0 ? "-" : s.last_status, "n"]];
  });
  fillTable("threads", st.threads, function (t) {
    return [[fmtInt(t.tid), "n"], [t.name, "mono"], [t.state], [fmtInt(t.cpu_ms), "n"]];
  });
}

// Keeps each interface's packet and bit rates (received and sent together)
// and draws them as two lines, each scaled to its own maximum.
function renderTraffic(st, old, dt) {
  var oldIfs = {};
  ((old && old.interfaces) || []).forEach(function (i) { oldIfs[i.name] = i.stats || {}; });
  var root = $("traffic"), frag = document.createDocumentFragment();
  (st.interfaces || []).forEach(function (i) {
    var s = i.stats || {}, o = oldIfs[i.name], h = traffic[i.name] || (traffic[i.name] = []);
    if (o) {
      var pps = (rate(s.rx_packets, o.rx_packets, dt) || 0) + (rate(s.tx_packets, o.tx_packets, dt) || 0);
      var bps = 8 * ((rate(s.rx_bytes, o.rx_bytes, dt) || 0) + (rate(s.tx_bytes, o.tx_bytes, dt) || 0));
      h.push({ pps: pps, bps: bps });
      if (h.length > HISTORY) h.shift();
    }
    frag.appendChild(chart(i.name, h));
  });
  root.replaceChildren(frag);
}

function chart(name, h) {
  var NS = "http://www.w3.org/2000/svg", W = 300, H = 100;
  var box = el("div", "chart"), last = h.length ? h[h.length - 1] : { pps: 0, bps: 0 };
  box.appendChild(el("h3", "", name));
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  svg.setAttribute("preserveAspectRatio", "none");
  ["pps", "bps"].forEach(function (k) {
    var max = h.reduce(function (m, p) { return Math.max(m, p[k]); }, 0) || 1;
    var pts = h.map(function (p, j) {
      return (W * (j + HISTORY - h.length) / (HISTORY - 1)).toFixed(1) + "," +
        (H - 2 - (H - 4) * p[k] / max).toFixed(1);
    });
    var line = document.createElementNS(NS, "polyline");
    line.setAttribute("class", k === "pps" ? "pkts" : "bits");
    line.setAttribute("points", pts.join(" "));
    svg.appendChild(line);
  });
  box.appendChild(svg);
  box.appendChild(el("div", "legend", fmtRate(last.pps) + " packets/s (solid), " +
    fmtRate(last.bps) + "bit/s (dashed), now"));
  return box;
}

// "in 59m58s" or "3m02s ago" for a number of seconds from now.
function fmtWhen(s) {
  s = num(s);
  if (s === null) return "-";
  var a = Math.abs(s), t;
  if (a >= 3600) t = Math.floor(a / 3600) + "h" + String(Math.floor(a % 3600 / 60)).padStart(2, "0") + "m";
  else if (a >= 60) t = Math.floor(a / 60) + "m" + String(a % 60).padStart(2, "0") + "s";
  else t = a + "s";
  return s < 0 ? t + " ago" : "in " + t;
}

// What dhcpd handed out (its lease file, kept by the kernel), bound first,
// and a line of its counters.
function renderDhcp(st) {
  var kinds = { bound: "ok", offered: "warn", declined: "bad" };
  var order = { bound: 0, offered: 1, declined: 2, released: 3, expired: 4 };
  var leases = (Array.isArray(st.dhcp_leases) ? st.dhcp_leases : []).slice();
  var c = st.dhcpd || {};
  var rank = function (l) { return l.state in order ? order[l.state] : 9; };
  leases.sort(function (a, b) { return rank(a) - rank(b); });
  var bound = leases.filter(function (l) { return l.state === "bound"; }).length;
  $("dhcp-summary").textContent = leases.length ? "(" + bound + " bound)" : "";
  fillTable("dhcp-leases", leases, function (l) {
    return [[l.addr, "mono"], [l.mac, "mono"], [l.hostname || "-"],
            [badge(l.state, kinds[l.state] || "")], [fmtWhen(l.expires_in)], [l.dev]];
  });
  var drops = Object.keys(c).filter(function (k) { return /^drop_/.test(k); })
    .reduce(function (s, k) { return s + (num(c[k]) || 0); }, 0);
  $("dhcp-hint").textContent = num(c.rx_discover) === null ?
    "dhcpd is not running: it serves only with dhcpd.IFACE=FIRST-LAST on the command line" :
    "dhcpd: " + fmtInt(c.rx_discover) + " discovers, " + fmtInt(c.tx_offer) + " offers, " +
    fmtInt(c.tx_ack) + " acks, " + fmtInt(c.tx_nak) + " naks, " +
    fmtInt(c.no_address) + " with the pool exhausted, " + fmtInt(drops) + " messages dropped";
}

// The ruleset as `nft list ruleset` prints it: a row per rule under its
// table and chain (the base chain's "type ... policy" line first), with
// its counter's packets and bytes, blank for a rule without one.
function parseRuleset(text) {
  var rows = [], table = "", chain = "";
  text.split("\n").forEach(function (line) {
    var s = line.trim(), m;
    if (!s || s === "}" || s.charAt(0) === "#") return;
    if ((m = /^table (\S+) (\S+) \{$/.exec(s))) { table = m[1] + " " + m[2]; chain = ""; return; }
    if ((m = /^chain (\S+) \{$/.exec(s))) { chain = m[1]; return; }
    var c = /\bcounter packets (\d+) bytes (\d+)/.exec(s);
    rows.push({ where: table + " " + chain, base: /^type /.test(s),
                rule: s.replace(/ counter packets \d+ bytes \d+/, " counter"),
                packets: c ? c[1] : null, bytes: c ? c[2] : null });
  });
  return rows;
}

// A /proc/net/nf_conntrack line (Linux's format): protocol, timeout, state,
// the original tuple, then the reply tuple, and the [FLAGS].
function parseConntrack(line) {
  var t = line.trim().split(/\s+/);
  var e = { proto: t[2], timeout: t[4], state: "", orig: {}, reply: {}, flags: [] };
  var side = e.orig;
  for (var i = 5; i < t.length; i++) {
    var w = t[i], eq = w.indexOf("=");
    if (w.charAt(0) === "[") { e.flags.push(w.slice(1, -1)); continue; }
    if (eq < 0) { if (i === 5) e.state = w; continue; }
    var k = w.slice(0, eq), v = w.slice(eq + 1);
    if (k === "src" && side.src !== undefined) side = e.reply;
    side[k] = v;
  }
  return e;
}

function fmtTuple(x) {
  if (x.sport !== undefined) return x.src + ":" + x.sport + " \u2192 " + x.dst + ":" + x.dport;
  return x.src + " \u2192 " + x.dst + (x.id !== undefined ? " id " + x.id : "");
}

// /api/firewall: the rules with their counters, the tracked connections
// (a reply addressed elsewhere than the original source is NATed).
function renderFirewall(fw) {
  var rules = typeof fw.ruleset === "string" ? parseRuleset(fw.ruleset) : [];
  var counted = rules.filter(function (r) { return r.packets !== null; })
    .reduce(function (s, r) { return s + Number(r.packets); }, 0);
  $("fw-summary").textContent = rules.length ?
    "(" + rules.filter(function (r) { return !r.base; }).length + " rules, " +
    fmtInt(counted) + " packets counted)" : "";
  fillTable("fw-rules", rules, function (r) {
    return [[r.where, "mono"], [r.base ? badge(r.rule, "warn") : r.rule, "mono"],
            [r.packets === null ? "" : fmtInt(Number(r.packets)), "n"],
            [r.bytes === null ? "" : fmtBytes(Number(r.bytes)), "n"]];
  });
  $("fw-hint").textContent = fw.ruleset_error ? "ruleset unavailable: " + fw.ruleset_error :
    rules.length ? "" : "no ruleset: every packet passes (nft in the shell, a boot module, or the ISO's router entry)";
  var cts = (Array.isArray(fw.conntrack) ? fw.conntrack : []).map(parseConntrack);
  $("ct-summary").textContent = "(" + cts.length + ")";
  fillTable("conntrack", cts, function (e) {
    var nat = e.reply.dst !== undefined && e.reply.dst !== e.orig.src ||
              e.reply.src !== undefined && e.reply.src !== e.orig.dst;
    var flags = e.flags.slice();
    if (nat) flags.push("NAT");
    return [[e.proto], [e.state || "-"], [fmtTuple(e.orig), "mono"], [fmtTuple(e.reply), "mono"],
            [flags.join(" ") || "-"], [e.timeout + " s", "n"]];
  });
}

// The sampling profiler's busiest functions since it (re)started.
function renderProfile(st) {
  var p = st.profile || {}, total = num(p.samples);
  var rows = [{ fn: "[user mode]", samples: p.user }, { fn: "[idle]", samples: p.idle }]
    .concat(Array.isArray(p.top) ? p.top : []);
  $("profile-summary").textContent = p.rate_hz ? "(" + p.rate_hz + " Hz, " + fmtInt(total) + " samples)" : "";
  $("profile-hint").textContent = p.rate_hz ? "" :
    "the profiler is off: boot with profile=1000, or run perf top in the shell";
  fillTable("profile", p.rate_hz ? rows : [], function (r) {
    var share = total ? (100 * (num(r.samples) || 0) / total).toFixed(1) + "%" : "-";
    return [[r.fn, "mono"], [fmtInt(r.samples), "n"], [share, "n"]];
  });
}

// Why packets died (Linux's drop reason names), busiest first; the object
// holds only reasons with a nonzero count.
function renderDrops(st, old, dt) {
  var drops = st.drop_reasons || {}, olds = (old && old.drop_reasons) || {};
  var rows = Object.keys(drops).map(function (r) {
    return { reason: r, n: num(drops[r]), rate: old ? rate(drops[r], olds[r] || 0, dt) : null };
  }).filter(function (d) { return d.n; });
  rows.sort(function (a, b) { return b.n - a.n; });
  var total = rows.reduce(function (s, d) { return s + d.n; }, 0);
  $("drops-total").textContent = rows.length ? "(" + fmtInt(total) + ")" : "";
  fillTable("drops", rows, function (d) {
    return [[d.reason, "mono"], [fmtInt(d.n), "n"], [d.rate ? fmtRate(d.rate) : "", "n"]];
  });
}

// One <details> per group, kept across refreshes so an opened one stays open.
function renderSnmp(st, old, dt) {
  var root = $("snmp"), snmp = st.snmp || {}, oldSnmp = (old && old.snmp) || {};
  var groups = Object.keys(snmp);
  if (!groups.length) {
    root.replaceChildren(el("p", "hint", "no counters"));
    return;
  }
  var frag = document.createDocumentFragment();
  groups.forEach(function (g) {
    var counters = snmp[g] || {}, olds = oldSnmp[g] || {};
    var det = el("details");
    det.open = !!openGroups[g];
    det.addEventListener("toggle", function () { openGroups[g] = det.open; });
    var sum = el("summary", "", g);
    var names = Object.keys(counters);
    var busiest = null, best = -1;
    var grid = el("div", "counters");
    names.forEach(function (n) {
      var r = rate(counters[n], olds[n], dt);
      if (r !== null && r > best) { best = r; busiest = n; }
      var row = el("div");
      row.appendChild(el("span", "", n));
      var right = el("span");
      right.appendChild(el("span", "v", fmtInt(counters[n])));
      right.appendChild(el("span", "r", r ? fmtRate(r) + "/s" : ""));
      row.appendChild(right);
      grid.appendChild(row);
    });
    sum.appendChild(el("span", "hint", names.length + " counters" +
      (busiest && best > 0 ? ", " + busiest + " " + fmtRate(best) + "/s" : "")));
    det.appendChild(sum);
    det.appendChild(grid);
    frag.appendChild(det);
  });
  root.replaceChildren(frag);
}

function render(st) {
  var dt = null;
  if (prev) {
    var a = num(prev.st.uptime_ms), b = num(st.uptime_ms);
    dt = a !== null && b !== null && b > a ? (b - a) / 1000 : (Date.now() - prev.t) / 1000;
  }
  var old = prev ? prev.st : null;
  var parts = [renderHeader, renderOverview, renderSelftest, renderMemory,
               renderInterfaces, renderTraffic, renderTables, renderDrops,
               renderProfile, renderSnmp, renderDhcp];
  parts.forEach(function (f) {
    try { f(st, old, dt); } catch (e) { console.error(f.name, e); }
  });
  prev = { st: st, t: Date.now() };
}

function setStatus(live, text) {
  var p = $("status");
  p.className = "pill " + (live ? "live" : "stale");
  p.textContent = live ? "live" : "offline";
  $("updated").textContent = text;
}

// The firewall card has its own endpoint: a failure there leaves the rest live.
function refreshFirewall() {
  return fetch("/api/firewall", { cache: "no-store" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(renderFirewall)
    .catch(function (e) { $("fw-hint").textContent = "/api/firewall: " + e.message; });
}

function refresh() {
  refreshFirewall();
  fetch("/api/stats", { cache: "no-store" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (st) {
      render(st);
      setStatus(true, "updated " + new Date().toLocaleTimeString());
    })
    .catch(function (e) {
      setStatus(false, "update failed: " + e.message);
    })
    .finally(function () { setTimeout(refresh, REFRESH_MS); });
}

refresh();
