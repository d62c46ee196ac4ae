#!/bin/sh
# What the official nginx image's /docker-entrypoint.sh does that compose.yaml relies on:
# source the executable /docker-entrypoint.d/*.envsh, run the executable *.sh, then render
# /etc/nginx/templates/*.template with envsubst (only variables that are set) into conf.d/.
set -eu
for script in /docker-entrypoint.d/*.envsh; do
    [ -x "$script" ] && . "$script"
done
for script in /docker-entrypoint.d/*.sh; do
    [ -x "$script" ] && "$script"
done
defined=$(printf '${%s} ' $(awk 'END { for (name in ENVIRON) print name }' </dev/null))
for template in /etc/nginx/templates/*.template; do
    [ -f "$template" ] || continue
    envsubst "$defined" <"$template" >"/etc/nginx/conf.d/$(basename "$template" .template)"
done
exec "$@"
