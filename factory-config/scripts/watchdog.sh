#!/bin/sh
# watchdog: alert when the host disk is 85% full or more (BRIEF.md). Runs every 15 minutes as a
# factory job; the host's root is mounted read-only at /host. Posts to the Slack webhook in
# $ALERT_WEBHOOK (from the secrets directory) and exits 1 so the job's failures show in status.
set -eu
limit=85
used=$(df -P /host | awk 'NR==2 { sub("%", "", $5); print $5 }')
echo "disk /host at ${used}%"
if [ "$used" -ge "$limit" ]; then
  curl -fsS -m 10 -H 'Content-Type: application/json' \
    -d "{\"text\":\"aina-vds disk at ${used}% (alert at ${limit}%)\"}" "$ALERT_WEBHOOK" >/dev/null || true
  exit 1
fi
