#!/usr/bin/env bash
# Make a container engine usable for the container tests (tests/test_containers*.py), as root.
#
# Why stand-in base images: CI machines here reach PyPI and Debian's mirror but not Docker Hub or
# ghcr.io, so the images the generated Dockerfile and compose.yaml name are built locally from
# Debian and tagged with those names:
#   python:3.11-slim        debootstrap --variant=minbase bookworm + Debian's python3.11, linked into /usr/local/bin
#   ghcr.io/astral-sh/uv:T  FROM scratch holding the uv/uvx binaries of the uv wheel on PyPI
#   nginx:1.29-alpine       Debian's nginx, with the official image's entrypoint behaviour
#                           (templates rendered by envsubst, NGINX_ENTRYPOINT_LOCAL_RESOLVERS)
#   redis:8-alpine          Debian's redis-server
#   prom/prometheus:v3.5.0  Debian's prometheus (2.42: the same configuration format)
#   postgres:17-alpine      Debian's PostgreSQL 15, with the official image's entrypoint behaviour
#                           (POSTGRES_USER/PASSWORD/DB created on first start, PGDATA a volume)
# Built once: an image whose tag exists is not rebuilt (SGI_REBUILD=1 forces it).
#
# The engine: Debian's podman, rootful, with runc on the cgroupfs manager (crun refuses this
# machine's hybrid cgroup layout) and default ulimits the sandbox allows (higher ones fail with
# "setrlimit RLIMIT_NOFILE: Operation not permitted"). Its settings are in containers.conf beside
# this script; the tests point CONTAINERS_CONF at it, nothing system-wide is changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="$here/containers.conf"
PY=3.11
UV_TAG="$(sed -n 's/^UV_IMAGE_TAG = "\(.*\)"/\1/p' "$here/../../generator/context.py")"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
log() { printf 'containers setup: %s\n' "$*"; }

if [ "$(id -u)" != 0 ]; then log "skipped: needs root (rootful podman)"; exit 0; fi
need=()
for tool in podman:podman runc:runc debootstrap:debootstrap; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || { log "skipped: no apt-get to install ${need[*]}"; exit 0; }
    apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; } \
        || { log "skipped: could not install ${need[*]}"; exit 0; }
fi
podman info >/dev/null 2>&1 || { log "skipped: podman does not run here: $(podman info 2>&1 | tail -1)"; exit 0; }

have() { podman image exists "$1" && [ "${SGI_REBUILD:-0}" != 1 ]; }
work="$(mktemp -d /var/tmp/sgi-standins.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if ! have "docker.io/library/python:$PY-slim"; then
    log "python:$PY-slim from debootstrap (about a minute)"
    rootfs="$work/rootfs"
    debootstrap --variant=minbase --include="python$PY,ca-certificates" bookworm "$rootfs" "$MIRROR" >/dev/null
    for name in python python3 "python$PY"; do ln -sf "/usr/bin/python$PY" "$rootfs/usr/local/bin/$name"; done
    # The host's bundle: it trusts whatever the host's network needs (e.g. an intercepting proxy).
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | podman import \
        --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
        --change 'CMD ["python3"]' - "docker.io/library/python:$PY-slim" >/dev/null
fi

# Newer Pythons: bookworm has 3.11 only, so python:3.12-slim and python:3.13-slim are the 3.11
# stand-in plus this machine's pyenv build of that version, at the same path (its binary is
# linked against its own libpython there), as python3 in /usr/local/bin.
for version in 3.12 3.13; do
    have "docker.io/library/python:$version-slim" && continue
    built="$(ls -d "$HOME"/.pyenv/versions/"$version".* 2>/dev/null | tail -1 || true)"
    [ -n "$built" ] || { log "no Python $version here (pyenv): images on python:$version-slim cannot be built"; continue; }
    log "python:$version-slim from the 3.11 stand-in and $built"
    context="$work/python$version"
    mkdir -p "$context"
    cp -a "$built" "$context/python"
    printf '%s\n' "FROM docker.io/library/python:$PY-slim" "COPY python $built" \
        "RUN chmod -R go+rX $built && d=$built && while [ \$d != / ]; do d=\$(dirname \$d); chmod go+x \$d; done \\" \
        "    && for name in python python3 python$version; do ln -sf $built/bin/python$version /usr/local/bin/\$name; done" \
        > "$context/Containerfile"
    podman build --quiet --format docker --tag "docker.io/library/python:$version-slim" "$context" >/dev/null
    rm -rf "$context"
done

if ! have "ghcr.io/astral-sh/uv:$UV_TAG"; then
    log "ghcr.io/astral-sh/uv:$UV_TAG from the uv wheel"
    mkdir -p "$work/uv"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$work/uv" "uv==$UV_TAG.*"
    python3 -m zipfile -e "$work"/uv/uv-*.whl "$work/uv/x"
    cp "$work"/uv/x/uv-*.data/scripts/uv "$work"/uv/x/uv-*.data/scripts/uvx "$work/uv/"
    chmod 755 "$work/uv/uv" "$work/uv/uvx"
    printf 'FROM scratch\nCOPY uv uvx /\n' >"$work/uv/Containerfile"
    podman build --quiet --format docker -t "ghcr.io/astral-sh/uv:$UV_TAG" -f "$work/uv/Containerfile" \
        "$work/uv" >/dev/null
fi

if ! have docker.io/library/nginx:1.29-alpine; then
    log "nginx:1.29-alpine from Debian's nginx"
    podman build --quiet --format docker --network host -t docker.io/library/nginx:1.29-alpine \
        -f "$here/nginx.Containerfile" "$here" >/dev/null
fi

if ! have docker.io/library/redis:8-alpine; then
    log "redis:8-alpine from Debian's redis-server"
    podman build --quiet --format docker --network host -t docker.io/library/redis:8-alpine \
        -f "$here/redis.Containerfile" "$here" >/dev/null
fi
PROMETHEUS="docker.io/prom/prometheus:$(sed -n 's/^PROMETHEUS_IMAGE_TAG = "\(.*\)"/\1/p' "$here/../../generator/context.py")"
if ! have "$PROMETHEUS"; then
    log "$PROMETHEUS from Debian's prometheus"
    podman build --quiet --format docker --network host -t "$PROMETHEUS" \
        -f "$here/prometheus.Containerfile" "$here" >/dev/null
fi
POSTGRES=docker.io/library/postgres:17-alpine  # as compose.yaml names it (--database postgres)
if ! have "$POSTGRES"; then
    log "$POSTGRES from Debian's postgresql-15"
    podman build --quiet --format docker --network host -t "$POSTGRES" \
        -f "$here/postgres.Containerfile" "$here" >/dev/null
fi
log "ready: $(podman images --format '{{.Repository}}:{{.Tag}}' | grep -cE 'python|uv|nginx|redis|prometheus|postgres') stand-in images"
