#!/usr/bin/env bash
# The scheduled refresh, for cron, the systemd timer and the GitHub Actions workflow beside it.
#
# Refreshes the package; on a new version (the CLI's exit 3), commits everything the refresh
# wrote (the publication, the archive, the manifest), then, when DATAGOUV_API_KEY is set,
# uploads it and commits the resource ids upload recorded in datagouv.toml; pushes when
# REFRESH_PUSH=1. Exits 0 when there was nothing new or the new version is committed (and
# uploaded), 1 on a failure, 4 when another command held the lock for REFRESH_WAIT seconds.
# build/last-refresh.json says how the refresh ended, for monitoring.
#
# Environment: ACTION_PLAN_DATA_PROJECT (the project folder; default: this script's parent),
# ACTION_PLAN_DATA_CLI (the command; default: the project's .venv), REFRESH_WAIT (seconds,
# default 600), DATAGOUV_API_KEY (a secret: only ever read by the CLI), REFRESH_PUSH.
set -uo pipefail

cd "${ACTION_PLAN_DATA_PROJECT:-$(dirname "$0")/..}" || exit 1
read -r -a cli <<< "${ACTION_PLAN_DATA_CLI:-.venv/bin/action-plan-data}"

"${cli[@]}" --wait "${REFRESH_WAIT:-600}" refresh
code=$?
case "$code" in
  0) exit 0 ;;
  3) ;;
  *) exit "$code" ;;
esac

version=$(python3 -c 'import json; print(json.load(open("datapackage.json"))["version"])')
git add -A data datapackage.json CITATION.cff
git commit -q -m "Refresh: version $version" || exit 1
if [ -n "${DATAGOUV_API_KEY:-}" ]; then
  "${cli[@]}" --wait "${REFRESH_WAIT:-600}" upload --apply || exit 1
  git add -A datagouv.toml
  git diff --cached --quiet || git commit -q -m "Upload: resource ids of version $version" || exit 1
fi
if [ "${REFRESH_PUSH:-0}" = 1 ]; then
  git push -q || exit 1
fi
echo "refresh.sh: version $version committed"
