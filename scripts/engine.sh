#!/usr/bin/env bash
# Start or stop the local Docker engine the real-engine tests need.
#
#   scripts/engine.sh up     install what is missing (root, Debian), start dockerd, wait until it answers
#   scripts/engine.sh down   stop the dockerd this script started
#
# Idempotent: `up` does nothing when an engine already answers. Installs Debian's docker.io (engine),
# busybox-static (the probe image's userland), gcc + libc6-dev (the static probe binary), iptables, and
# openssl + iproute2 (the second daemon of the SecureDaemon test: certificates and its own bridge), and
# apparmor (apparmor_parser checks every AppArmor profile the builder renders, without loading it).
set -euo pipefail

PIDFILE=/tmp/cdktf-hardened-docker-dockerd.pid
LOG=/tmp/cdktf-hardened-docker-dockerd.log

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "engine.sh: $1 needs root; run it with sudo or start a Docker engine yourself" >&2
    exit 1
  fi
}

install_missing() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  [ -x /sbin/apparmor_parser ] || [ -x /usr/sbin/apparmor_parser ] || command -v apparmor_parser >/dev/null 2>&1 || missing+=(apparmor)
  [ -e "/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)/libc.a" ] || missing+=(libc6-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    need_root "installing ${missing[*]}"
    echo "engine: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

case "${1:-up}" in
  up)
    install_missing
    if docker info >/dev/null 2>&1; then
      echo "engine: already running ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
      exit 0
    fi
    need_root "starting dockerd"
    nohup dockerd >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 90); do
      if docker info >/dev/null 2>&1; then
        echo "engine: dockerd $(docker version --format '{{.Server.Version}}') up (pid $(cat "$PIDFILE"), log $LOG)"
        exit 0
      fi
      if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then break; fi
      sleep 1
    done
    echo "engine: dockerd did not answer; last log lines:" >&2
    tail -n 40 "$LOG" >&2 || true
    exit 1
    ;;
  down)
    if [ -f "$PIDFILE" ]; then
      pid=$(cat "$PIDFILE")
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      fi
      rm -f "$PIDFILE"
      echo "engine: stopped"
    else
      echo "engine: not started by engine.sh; leaving it alone"
    fi
    ;;
  *)
    echo "usage: $0 up|down" >&2
    exit 2
    ;;
esac
