#!/bin/sh
# release-marshal: squash-merge each open pull request whose merge state is CLEAN (BRIEF.md).
# Runs every 10 minutes as a factory job in the `ops` profile (gh auth mounted read-only).
set -eu
for repo in ainative-academy/aina-platform ainative-academy/aina-data-engine-room ainative-academy/aina-academy; do
  gh pr list --repo "$repo" --state open --json number,mergeStateStatus \
    --jq '.[] | select(.mergeStateStatus == "CLEAN") | .number' |
  while read -r pr; do
    echo "merging $repo#$pr"
    gh pr merge "$pr" --repo "$repo" --squash --delete-branch || echo "could not merge $repo#$pr; left open"
  done
done
