#!/usr/bin/env bash
# A two-node Docker Swarm on one machine, for the engine suite (test/engine/swarm-nodes.test.ts):
#
#   scripts/swarm-nodes.sh up   <dir> <tag> <manager daemon.json> <worker daemon.json>
#   scripts/swarm-nodes.sh down <dir> <tag>
#
# Two extra dockerds, manager and worker, each in a network namespace of its own (<tag>m, <tag>w), joined by veths
# to a bridge that lives in a third namespace (<tag>s). Nothing is created in the root network namespace: no links,
# no routes, no iptables rules; the namespaces have no link to it and no default route, so no packet leaves the
# machine. The main engine is never contacted. Each dockerd has its own data-root, exec-root, containerd (started
# by dockerd), containerd namespace, cgroup parent and socket (<dir>/m.sock, <dir>/w.sock). The daemon.json files
# are the caller's (the test renders them from SecureDaemon); this script adds only the paths.
#
# `up` forms the swarm (manager advertises 10.251.0.2, worker joins from 10.251.0.3) and prints the node ids as
# `manager=<id> worker=<id>`. `down` leaves the swarm, stops both dockerds, kills what is left in the namespaces,
# unmounts everything under <dir>, deletes the namespaces (their veths and bridge die with them) and the cgroups.
#
# Pitfalls (found when this was first tried): `ip netns exec` remounts /sys and loses /sys/fs/cgroup, so dockerd is
# started with `nsenter --net` (network namespace only) plus `unshare --uts` (a host name per node); a bridge in the
# root namespace would need ACCEPT rules there (FORWARD DROP with bridge-nf-call-iptables), hence its own namespace;
# dockerd 20.10 reads /etc/docker/key.json unless `deprecated-key-path` is set in its config file, which would give
# both daemons the main engine's engine id.
set -euo pipefail

cmd=${1:?usage: swarm-nodes.sh up|down <dir> <tag> ...}
BASE=${2:?dir}
TAG=${3:?tag}
NODES="${TAG}m ${TAG}w"
MGR_IP=10.251.0.2
WRK_IP=10.251.0.3

d() { local n=$1; shift; timeout 60 docker -H "unix://$BASE/${n: -1}.sock" "$@"; }
ipof() { case ${1: -1} in m) echo $MGR_IP ;; w) echo $WRK_IP ;; esac; }

up() {
  local mgr_json=${4:?manager daemon.json} wrk_json=${5:?worker daemon.json}
  [ "$(id -u)" = 0 ] || { echo "swarm-nodes.sh: needs root" >&2; exit 1; }
  for n in "${TAG}s" $NODES; do
    if ip netns list | grep -qw "$n"; then echo "swarm-nodes.sh: netns $n exists; run down first" >&2; exit 1; fi
  done
  mkdir -p "$BASE"
  ip netns add "${TAG}s"
  ip -n "${TAG}s" link set lo up
  ip -n "${TAG}s" link add br0 type bridge
  ip -n "${TAG}s" link set br0 up
  for n in $NODES; do
    ip netns add "$n"
    ip -n "$n" link set lo up
    # the veth is created inside the bridge's namespace and its peer moved straight into the node's: the root
    # namespace never sees either end
    ip -n "${TAG}s" link add "sw-${n: -1}" type veth peer name eth0 netns "$n"
    ip -n "${TAG}s" link set "sw-${n: -1}" master br0 up
    ip -n "$n" addr add "$(ipof "$n")/24" dev eth0
    ip -n "$n" link set eth0 up
  done
  for n in $NODES; do
    local dir=$BASE/${n: -1} json
    json=$([ "${n: -1}" = m ] && echo "$mgr_json" || echo "$wrk_json")
    mkdir -p "$dir/data" "$dir/exec"
    # the caller's settings plus this node's paths (jq-free: node is on every machine that runs the suite)
    node -e '
      const [src, dst, dir] = process.argv.slice(1);
      const s = JSON.parse(require("fs").readFileSync(src, "utf8"));
      s["deprecated-key-path"] = `${dir}/key.json`;
      require("fs").writeFileSync(dst, JSON.stringify(s, null, 2));
    ' "$json" "$dir/daemon.json" "$dir"
    nsenter --net="/run/netns/$n" -- unshare --uts -- sh -c "hostname $n; exec dockerd \
        --config-file $dir/daemon.json \
        -H unix://$BASE/${n: -1}.sock \
        --data-root $dir/data \
        --exec-root $dir/exec \
        --pidfile $dir/dockerd.pid \
        --containerd-namespace swarm-$n \
        --containerd-plugins-namespace swarm-$n-plugins \
        --cgroup-parent /swarm-nodes-$n \
        --exec-opt native.cgroupdriver=cgroupfs \
        --bip 10.252.$([ "${n: -1}" = m ] && echo 1 || echo 2).1/24" >"$BASE/${n: -1}-dockerd.log" 2>&1 &
  done
  for n in $NODES; do
    for _ in $(seq 1 120); do d "$n" version >/dev/null 2>&1 && break; sleep 0.5; done
    d "$n" version >/dev/null 2>&1 || { echo "swarm-nodes.sh: dockerd $n did not come up" >&2; tail -30 "$BASE/${n: -1}-dockerd.log" >&2; exit 1; }
  done
  d "${TAG}m" swarm init --advertise-addr "$MGR_IP" --listen-addr "$MGR_IP:2377" >/dev/null
  local token
  token=$(d "${TAG}m" swarm join-token -q worker)
  d "${TAG}w" swarm join --token "$token" --advertise-addr "$WRK_IP" --listen-addr "$WRK_IP:2377" "$MGR_IP:2377" >/dev/null
  for _ in $(seq 1 120); do
    [ "$(d "${TAG}m" node ls --filter role=worker --format '{{.Status}}' 2>/dev/null)" = Ready ] && break
    sleep 0.5
  done
  echo "manager=$(d "${TAG}m" info --format '{{.Swarm.NodeID}}') worker=$(d "${TAG}w" info --format '{{.Swarm.NodeID}}')"
}

down() {
  for n in ${TAG}w ${TAG}m; do
    if [ -S "$BASE/${n: -1}.sock" ] && d "$n" version >/dev/null 2>&1; then
      d "$n" swarm leave --force >/dev/null 2>&1 || true
      local ids
      ids=$(d "$n" ps -aq 2>/dev/null || true)
      [ -n "$ids" ] && d "$n" rm -f $ids >/dev/null 2>&1 || true
    fi
  done
  local pids=()
  for n in $NODES; do
    local pf=$BASE/${n: -1}/dockerd.pid pid
    [ -f "$pf" ] || continue
    pid=$(cat "$pf")
    if kill -0 "$pid" 2>/dev/null && grep -q "$BASE" "/proc/$pid/cmdline"; then kill -TERM "$pid"; pids+=("$pid"); fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" || true
  done
  for n in $NODES; do
    ip netns list | grep -qw "$n" || continue
    local left
    left=$(ip netns pids "$n" 2>/dev/null || true)
    [ -n "$left" ] && kill -KILL $left 2>/dev/null || true
  done
  for p in /proc/[0-9]*; do
    grep -qs "$BASE/[mw]/exec/containerd" "$p/cmdline" && kill -KILL "${p#/proc/}" 2>/dev/null || true
  done
  sleep 1
  for _ in 1 2 3; do
    local mnts
    mnts=$(findmnt -rn -o TARGET | grep "^$BASE/" | sort -r || true)
    [ -z "$mnts" ] && break
    for m in $mnts; do umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  done
  for n in ${TAG}w ${TAG}m ${TAG}s; do
    ip netns list | grep -qw "$n" && ip netns del "$n" || true
  done
  if [ -d /run/netns ] && [ -z "$(ls -A /run/netns)" ]; then umount /run/netns 2>/dev/null || true; rmdir /run/netns 2>/dev/null || true; fi
  for c in /sys/fs/cgroup/*/swarm-nodes-${TAG}[mw] /sys/fs/cgroup/swarm-nodes-${TAG}[mw]; do
    [ -d "$c" ] || continue
    find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  rm -rf "$BASE"
}

case "$cmd" in
  up) up "$@" ;;
  down) down ;;
  *) echo "usage: swarm-nodes.sh up|down <dir> <tag> ..." >&2; exit 2 ;;
esac
